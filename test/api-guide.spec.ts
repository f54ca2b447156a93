import { buildSchema, getVariableValues, Kind, OperationDefinitionNode, parse, validate } from 'graphql';
import { readFileSync } from 'node:fs';
import { GRAPHIQL_EXAMPLES } from '../src/graphql/graphiql/examples.js';

const schema = buildSchema(readFileSync('schema.graphql', 'utf8'));
const guide = readFileSync('docs/api.md', 'utf8');

/** The fenced blocks of docs/api.md in order, with their language and whether only blank lines part them from the one before. */
const blocks = [...guide.matchAll(/```(\w+)\n([\s\S]*?)```/g)].map((match, i, all) => {
  const previous = all[i - 1];
  const gap = previous ? guide.slice(previous.index + previous[0].length, match.index) : 'start';
  return { language: match[1], text: match[2], followsBlock: gap.trim() === '' };
});

/** An example as GraphiQL shows it, without the comment lines that greet the reader. */
const operationOf = (example: string) =>
  example
    .split('\n')
    .filter((line) => !line.startsWith('#'))
    .join('\n')
    .trim();

describe('the API guide and the GraphiQL examples', () => {
  it.each(blocks.filter((block) => block.language === 'graphql').map((block) => [block.text.split('\n')[0], block.text]))(
    'the guide\'s "%s" is valid against the schema',
    (_, text) => {
      expect(validate(schema, parse(text)).map((error) => error.message)).toEqual([]);
    },
  );

  it("gives each example's variables in a shape the operation accepts", () => {
    const problems: string[] = [];
    blocks.forEach((block, i) => {
      const variables = blocks[i + 1];
      // The variables of an example are the JSON block right after it.
      if (block.language !== 'graphql' || variables?.language !== 'json' || !variables.followsBlock) return;
      const operation = parse(block.text).definitions.find(
        (definition) => definition.kind === Kind.OPERATION_DEFINITION,
      ) as OperationDefinitionNode;
      const coerced = getVariableValues(schema, operation.variableDefinitions ?? [], JSON.parse(variables.text) as Record<string, unknown>);
      for (const error of coerced.errors ?? []) problems.push(`${operation.name?.value}: ${error.message}`);
    });
    expect(problems).toEqual([]);
    expect(blocks.filter((block) => block.language === 'json').length).toBeGreaterThanOrEqual(5);
  });

  it('opens GraphiQL with the examples of the guide, word for word, one per operation family and the greeting first', () => {
    const guideOperations = blocks.filter((block) => block.language === 'graphql').map((block) => block.text.trim());
    for (const example of GRAPHIQL_EXAMPLES) {
      expect(validate(schema, parse(example)).map((error) => error.message)).toEqual([]);
      if (!example.includes('query WhoAmI')) expect(guideOperations).toContain(operationOf(example));
    }
    expect(GRAPHIQL_EXAMPLES[0]).toContain('query WhoAmI');
    for (const family of [
      'Referrals',
      'Consent',
      'Follow-ups',
      'Practices',
      'Statistics',
      'Events and webhooks',
      'Ids and node',
      'Administration',
    ]) {
      expect(guide).toContain(`### ${family}\n`);
    }
  });
});
