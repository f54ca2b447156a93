import { Clock } from './clock.js';

class SetClock extends Clock {
  at = new Date('2026-12-06T23:59:59.999Z');

  now(): Date {
    return new Date(this.at);
  }
}

describe('Clock.today', () => {
  it('follows the clock across midnight (UTC) and back, although it makes the text once a day', () => {
    const clock = new SetClock();
    expect(clock.today()).toBe('2026-12-06');
    clock.at = new Date('2026-12-07T00:00:00.000Z');
    expect(clock.today()).toBe('2026-12-07');
    clock.at = new Date('2026-12-07T12:00:00.000Z');
    expect(clock.today()).toBe('2026-12-07');
    clock.at = new Date('1969-12-31T23:00:00.000Z');
    expect(clock.today()).toBe('1969-12-31');
    clock.at = new Date('2026-12-06T00:00:00.000Z');
    expect(clock.today()).toBe('2026-12-06');
  });
});
