import { buildSchema, parse, validate } from 'graphql';
import { documentLimitRules, MAX_ALIASES } from './document-limits.js';

const schema = buildSchema('type Query { me: Member } type Member { id: ID }');
const aliased = (count: number) => `{ ${Array.from({ length: count }, (_, i) => `a${i}: me { id }`).join(' ')} }`;

describe('document limits', () => {
  const stackTraceLimit = Error.stackTraceLimit;
  afterEach(() => (Error.stackTraceLimit = stackTraceLimit));

  it("refuse a document over a limit with errors that carry no stack, and leave the process's stack traces as they were", () => {
    Error.stackTraceLimit = 17;
    const errors = validate(schema, parse(aliased(MAX_ALIASES + 1)), documentLimitRules(5));
    expect(errors.map((error) => error.message)).toEqual([
      `The operation uses ${MAX_ALIASES + 1} aliases, more than the limit of ${MAX_ALIASES}. Split it into several requests.`,
      `The operation has ${MAX_ALIASES + 1} root fields, more than the limit of 15. Split it into several requests.`,
    ]);
    expect(errors[0].stack).toBe(`GraphQLError: ${errors[0].message}`);
    expect(Error.stackTraceLimit).toBe(17);
    expect(new Error('later').stack?.split('\n').length).toBeGreaterThan(1);
  });
});
