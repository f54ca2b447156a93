import { readFileSync, writeFileSync } from 'node:fs';
import { DataSource } from 'typeorm';

const q = (sql: string) => `    await db.query(\`${sql.replace(/`/g, '\\`')}\`);`;

/**
 * Writes a migration holding the difference between the entities and the
 * migrated database, and appends it to migrations/index.ts. Policies, grants
 * and functions are not entities: add them to the generated file by hand.
 */
export async function generateMigration(dataSource: DataSource, name: string): Promise<string | null> {
  const log = await dataSource.driver.createSchemaBuilder().log();
  if (log.upQueries.length === 0) return null;
  const timestamp = Date.now();
  const className = `${name}${timestamp}`;
  const file = `migrations/${timestamp}-${name}.ts`;
  writeFileSync(
    file,
    `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(db: QueryRunner): Promise<void> {
${log.upQueries.map((query) => q(query.query)).join('\n')}
  }

  async down(db: QueryRunner): Promise<void> {
${log.downQueries
  .reverse()
  .map((query) => q(query.query))
  .join('\n')}
  }
}
`,
  );
  const index = readFileSync('migrations/index.ts', 'utf8')
    .replace(/^(import .*\n)(?!import)/m, `$1import { ${className} } from './${timestamp}-${name}.js';\n`)
    .replace(/\];\s*$/, `, ${className}];\n`);
  writeFileSync('migrations/index.ts', index);
  return file;
}
