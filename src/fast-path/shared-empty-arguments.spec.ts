import { buildSchema, execute, parse } from 'graphql';
import { NO_ARGUMENTS, shareEmptyArguments } from './shared-empty-arguments.js';

const schema = buildSchema(`
  type Query { organisation: Organisation  page(first: Int = 20, box: String): [Organisation] }
  type Organisation { name: String  country: String }
`);

/** Runs the query and answers the arguments each field's resolver received, by field. */
function argumentsSeen(query: string, variables?: Record<string, unknown>) {
  const seen: Record<string, unknown[]> = {};
  const record = (field: string, args: unknown) => (seen[field] ??= []).push(args);
  const organisation = (n: number) => ({
    name: (args: unknown) => (record('name', args), `Partner ${n}`),
    country: (args: unknown) => (record('country', args), 'HU'),
  });
  const rootValue = {
    organisation: (args: unknown) => (record('organisation', args), organisation(0)),
    page: (args: unknown) => (record('page', args), [organisation(1), organisation(2)]),
  };
  const result = execute({ schema, document: parse(query), rootValue, variableValues: variables }) as { errors?: unknown; data: unknown };
  return { seen, result };
}

describe('the arguments of fields that take none', () => {
  beforeAll(() => shareEmptyArguments());

  it('are one shared, frozen, empty object for every such field the executor resolves', () => {
    const { seen, result } = argumentsSeen('{ organisation { name country } page { name } }');
    expect(result.errors).toBeUndefined();
    const received = [...seen.organisation, ...seen.name, ...seen.country];
    expect(received).toHaveLength(5);
    for (const args of received) expect(args).toBe(NO_ARGUMENTS);
    expect(Object.keys(NO_ARGUMENTS)).toEqual([]);
    expect(Object.getPrototypeOf(NO_ARGUMENTS)).toBeNull();
    expect(Object.isFrozen(NO_ARGUMENTS)).toBe(true);
  });

  it('leave fields with arguments coerced as before: defaults, literals and variables', () => {
    const { seen } = argumentsSeen('query($box: String) { a: page { name } b: page(first: 5, box: $box) { name } }', { box: 'INBOX' });
    expect(seen.page.map((args) => ({ ...(args as object) }))).toEqual([{ first: 20 }, { first: 5, box: 'INBOX' }]);
    for (const args of seen.page) expect(args).not.toBe(NO_ARGUMENTS);
  });

  it('still refuse a bad argument to a field that takes some', () => {
    const { result } = argumentsSeen('{ page(first: "many") { name } }');
    expect(JSON.stringify(result.errors)).toMatch(/Argument \\"first\\" has invalid value/);
  });
});
