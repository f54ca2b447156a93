import { decodeCursor, encodeCursor, toConnection } from './connection.js';
import { BadUserInputError } from './errors.js';

describe('connections', () => {
  it('round-trips a keyset position through an opaque cursor', () => {
    const cursor = encodeCursor(['Budapest NGO', '2b39edc2-6db5-4b19-81bc-e74d7765763f']);
    expect(cursor).not.toContain('Budapest');
    expect(decodeCursor(cursor, ['text', 'uuid'])).toEqual(['Budapest NGO', '2b39edc2-6db5-4b19-81bc-e74d7765763f']);
  });

  it.each([
    ['garbage', 'not a cursor'],
    ['the wrong arity', encodeCursor(['only one'])],
    ['a non-scalar value', Buffer.from(JSON.stringify([{ $gt: '' }, 'x'])).toString('base64url')],
    ['an id that is no UUID', encodeCursor(['Budapest NGO', "1' OR '1'='1"])],
    ['a number where text belongs', encodeCursor([42, '2b39edc2-6db5-4b19-81bc-e74d7765763f'])],
  ])('rejects %s with a BAD_USER_INPUT error', (_, cursor) => {
    expect(() => decodeCursor(cursor, ['text', 'uuid'])).toThrow(BadUserInputError);
  });

  it.each([
    ['time', '2026-02-30T10:00:00.000000', false],
    ['time', '2026-13-01T10:00:00.000000Z', false],
    ['time', '2026-02-28T10:00:00', false],
    ['time', '2026-02-28T10:00:00.123456', true],
    ['time', '2026-02-28T10:00:00.123456Z', true],
    ['date', '2026-02-29', false],
    ['date', '2028-02-29', true],
    ['number', 0.25, true],
    ['sequence', '12', true],
    ['sequence', '-1', false],
  ] as const)('checks a %s position %p before it reaches SQL (valid: %p)', (kind, value, valid) => {
    const decode = () => decodeCursor(encodeCursor([value]), [kind]);
    if (valid) expect(decode()).toEqual([value]);
    else expect(decode).toThrow(BadUserInputError);
  });

  it('reports a next page only when a row beyond the page was fetched', () => {
    const position = (n: number) => [n];
    expect(toConnection([1, 2, 3], 2, position).pageInfo.hasNextPage).toBe(true);
    expect(toConnection([1, 2], 2, position).pageInfo).toEqual({ hasNextPage: false, endCursor: encodeCursor([2]) });
    expect(toConnection([], 2, position)).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });
});
