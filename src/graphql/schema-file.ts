import { GraphQLSchema, printSchema } from 'graphql';

const HEADER = `# The RAVOT referral service's GraphQL API, generated from the code-first types.
# Do not edit: run \`npm run schema:print\` after changing the API, and commit the result.
`;

export function printSchemaFile(schema: GraphQLSchema): string {
  return `${HEADER}\n${printSchema(schema)}\n`;
}
