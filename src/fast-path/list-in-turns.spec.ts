import { inTurns } from './list-in-turns.js';

describe('inTurns', () => {
  it('hands a short list back as it is', () => {
    const items = [1, 2, 3];
    expect(inTurns(items, 5)).toBe(items);
  });

  it('completes a long list in turns of the event loop, letting what is queued in between run first', async () => {
    const items = Array.from({ length: 10 }, (_, i) => i);
    const order: string[] = [];
    const turned = inTurns(items, 4);
    expect(turned.slice(0, 4)).toEqual([0, 1, 2, 3]);
    expect(turned.slice(4).every((item) => item instanceof Promise)).toBe(true);
    // Another request's work, queued while the list is being completed.
    setImmediate(() => order.push('other request'));
    const settled = turned.map((item, i) => Promise.resolve(item).then(() => order.push(`item ${i}`)));
    await Promise.all(settled);
    expect(await Promise.all(turned)).toEqual(items);
    expect(order.indexOf('other request')).toBe(4);
    expect(order.slice(0, 4)).toEqual(['item 0', 'item 1', 'item 2', 'item 3']);
  });
});
