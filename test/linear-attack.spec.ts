import { LinearAttack } from './support/linear-attack.js';

/** The solver the statistics attack relies on: it must find what the equations pin down, and nothing else. */
describe('the linear attack on published counts', () => {
  it('determines a hidden count that a total and the shown parts leave alone, and no count they do not', () => {
    const attack = new LinearAttack(4);
    attack.learn([0, 1, 2], 30); // a total of three cells
    attack.learn([0, 2], 24); // the same total with one cell left out by a filter
    attack.learn([2, 3], 40);
    expect(attack.determined([1])).toBe(6);
    expect(attack.determined([0, 2])).toBe(24);
    expect(attack.determined([0])).toBeNull();
    expect(attack.determined([3])).toBeNull();
    expect(attack.determined([0, 3])).toBeNull();
    expect(attack.contradicted).toBe(false);
  });

  it('solves what only a combination of all the answers gives, and notices answers that contradict each other', () => {
    const attack = new LinearAttack(3);
    attack.learn([0, 1], 3);
    attack.learn([1, 2], 5);
    expect(attack.determined([0])).toBeNull();
    attack.learn([0, 2], 6); // now a = (3 - 5 + 6) / 2
    expect([0, 1, 2].map((i) => attack.determined([i]))).toEqual([2, 1, 4]);
    expect(attack.contradicted).toBe(false);
    attack.learn([0, 1, 2], 8);
    expect(attack.contradicted).toBe(true);
  });
});
