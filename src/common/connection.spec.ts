import { DEFAULT_PAGE_SIZE, decodeCursor, encodeCursor, PageWindow, toConnection } from './connection.js';
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

  it('reports a next page only when a row beyond the page was fetched, and a previous one when it started after a cursor', () => {
    const position = (n: number) => [n];
    const forward = (first: number, after?: string) => PageWindow.of({ first, after });
    expect(toConnection([1, 2, 3], forward(2), position).pageInfo.hasNextPage).toBe(true);
    expect(toConnection([1, 2], forward(2), position).pageInfo).toEqual({
      hasNextPage: false,
      hasPreviousPage: false,
      startCursor: encodeCursor([1]),
      endCursor: encodeCursor([2]),
    });
    expect(toConnection([3, 4], forward(2, encodeCursor([2])), position).pageInfo.hasPreviousPage).toBe(true);
    expect(toConnection([], forward(2), position)).toEqual({
      edges: [],
      pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
    });
  });

  it('turns a backward page round into the list order, with a previous page when a row before it was fetched', () => {
    const position = (n: number) => [n];
    // Backwards from 5 in a list 1..9: the query reads 4, 3, 2 (one more than the page of 2).
    const page = toConnection([4, 3, 2], PageWindow.of({ last: 2, before: encodeCursor([5]) }), position);
    expect(page.edges.map((edge) => edge.node)).toEqual([3, 4]);
    expect(page.pageInfo).toEqual({
      hasNextPage: true,
      hasPreviousPage: true,
      startCursor: encodeCursor([3]),
      endCursor: encodeCursor([4]),
    });
    const last = toConnection([9, 8], PageWindow.of({ last: 2 }), position);
    expect(last.edges.map((edge) => edge.node)).toEqual([8, 9]);
    expect(last.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: false });
  });

  it('reads the reverse order and the reverse comparison backwards, and names the argument of a bad cursor', () => {
    const backward = PageWindow.of({ last: 3, before: encodeCursor(['x']) });
    expect([backward.order('DESC'), backward.beyond('DESC'), backward.order('ASC'), backward.beyond('ASC')]).toEqual([
      'ASC',
      '>',
      'DESC',
      '<',
    ]);
    const forward = PageWindow.of({});
    expect([forward.size, forward.limit, forward.order('DESC'), forward.beyond('DESC')]).toEqual([
      DEFAULT_PAGE_SIZE,
      DEFAULT_PAGE_SIZE + 1,
      'DESC',
      '<',
    ]);
    const refusal = (() => {
      try {
        PageWindow.of({ before: 'nonsense' }).position(['uuid']);
      } catch (error) {
        return error as BadUserInputError;
      }
    })();
    expect(refusal?.problems.map((problem) => problem.path)).toEqual([['before']]);
  });
});
