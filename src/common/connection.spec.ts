import { decodeCursor, encodeCursor, toConnection } from './connection.js';
import { BadUserInputError } from './errors.js';

describe('connections', () => {
  it('round-trips a keyset position through an opaque cursor', () => {
    const cursor = encodeCursor(['Budapest NGO', '2b39edc2-6db5-4b19-81bc-e74d7765763f']);
    expect(cursor).not.toContain('Budapest');
    expect(decodeCursor(cursor, 2)).toEqual(['Budapest NGO', '2b39edc2-6db5-4b19-81bc-e74d7765763f']);
  });

  it.each([
    ['garbage', 'not a cursor'],
    ['the wrong arity', encodeCursor(['only one'])],
    ['a non-scalar value', Buffer.from(JSON.stringify([{ $gt: '' }, 'x'])).toString('base64url')],
  ])('rejects %s with a BAD_USER_INPUT error', (_, cursor) => {
    expect(() => decodeCursor(cursor, 2)).toThrow(BadUserInputError);
  });

  it('reports a next page only when a row beyond the page was fetched', () => {
    const position = (n: number) => [n];
    expect(toConnection([1, 2, 3], 2, position).pageInfo.hasNextPage).toBe(true);
    expect(toConnection([1, 2], 2, position).pageInfo).toEqual({ hasNextPage: false, endCursor: encodeCursor([2]) });
    expect(toConnection([], 2, position)).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });
});
