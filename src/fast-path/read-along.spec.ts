import { jest } from '@jest/globals';
import { andThen, readAlong } from './read-along.js';

describe('neighbours read along', () => {
  it('answers a neighbour read along at once, without asking its batch', () => {
    const load = jest.fn(async () => ({ id: 'from the batch' }));
    expect(readAlong({ id: 'read along' }, load)).toEqual({ id: 'read along' });
    expect(load).not.toHaveBeenCalled();
  });

  it('answers null for a neighbour read along and not there (or not visible), without asking its batch', () => {
    const load = jest.fn(async () => ({ id: 'from the batch' }));
    expect(readAlong(null, load)).toBeNull();
    expect(load).not.toHaveBeenCalled();
  });

  it('asks the batch for a neighbour that was not read along', async () => {
    const load = jest.fn(async () => ({ id: 'from the batch' }));
    await expect(readAlong(undefined, load)).resolves.toEqual({ id: 'from the batch' });
    expect(load).toHaveBeenCalledTimes(1);
  });

  it('applies the next step to a value at once and to a promise when it comes', async () => {
    const status = andThen({ withdrawnAt: null }, (consent) => (consent.withdrawnAt ? 'WITHDRAWN' : 'ACTIVE'));
    expect(status).toBe('ACTIVE');
    await expect(andThen(Promise.resolve(2), (n) => n * 21)).resolves.toBe(42);
  });
});
