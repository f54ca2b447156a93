import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { DOMAIN_MODULES } from './domain-modules.js';
import { AuditService } from './audit/audit.service.js';
import { AppConfig, loadConfig } from './config/app-config.js';
import { KeyRotation } from './crypto/key-rotation.js';
import { DemoCasesService } from './demo/demo-cases.service.js';
import { DemoNetworkService } from './demo/demo-network.service.js';
import { tokenVariableOf, writeTokensFile } from './demo/demo-tokens.js';
import { generateMigration } from './database/generate-migration.js';
import { printSchemaFile } from './graphql/schema-file.js';
import { printCredentials } from './organisations/credentials.js';
import { NetworkBootstrapService } from './organisations/network-bootstrap.service.js';
import { RegistrationStatisticsService } from './statistics/registration-statistics.service.js';
import { startupFailure } from './startup-failure.js';

@Module({ imports: DOMAIN_MODULES, providers: [DemoNetworkService, DemoCasesService] })
class CliModule {}

const USAGE = `Usage: npm run ravot -- <command>

  bootstrap            create the network secretariat and its first NETWORK_ADMIN (empty database only)
  demo [--tokens-file FILE]
                       create the demo network: organisations in NL, BE, HU, BG, RO and NG with members of each role,
                       and referrals between them in every state; with --tokens-file, the new members' tokens go to
                       FILE (mode 0600) as export lines for \`source\`, instead of to the terminal
  import-registrations FILE  import national registration figures from CSV (all rows or none; re-importing changes nothing)
  rotate-master-key    re-wrap every data key with the current master key (see docs/security.md); safe to rerun
  verify-audit         recompute every audit chain and report every broken link (exit 1 if broken)
  migration:run        apply pending migrations
  migration:revert     revert the most recent migration
  migration:generate N write migrations/<timestamp>-N.ts from the difference between entities and database
  schema:print         write schema.graphql from the code-first GraphQL types

Uses DATABASE_URL when set, else the embedded database in RAVOT_DATA_DIR (./data).`;

async function withContext<T>(work: (get: <S>(type: new (...args: never[]) => S) => S) => Promise<T>): Promise<T> {
  const context = await NestFactory.createApplicationContext(CliModule, { logger: false, abortOnError: false });
  try {
    return await work((type) => context.get(type));
  } finally {
    await context.close();
  }
}

const commands: Record<string, (args: string[]) => Promise<number>> = {
  bootstrap: () =>
    withContext(async (get) => {
      const created = await get(NetworkBootstrapService).bootstrapIfEmpty();
      if (!created) {
        console.log('The network already has organisations: nothing was created.');
        return 0;
      }
      printCredentials('Created the network secretariat and its first NETWORK_ADMIN.', [created]);
      return 0;
    }),
  demo: async (args) => {
    const tokensFile = demoOptions(args);
    if (tokensFile === null) return 2;
    return withContext(async (get) => {
      const { credentials, cases } = await get(DemoNetworkService).create();
      if (credentials.length === 0 && cases === 0) {
        console.log('The demo network is already there: nothing was created.');
        if (tokensFile) console.log(`Tokens are given out once, when made: ${tokensFile} was left as it is.`);
        return 0;
      }
      if (credentials.length > 0 && tokensFile) {
        writeTokensFile(tokensFile, credentials);
        console.log(`\nCreated the demo network. Its members' tokens are in ${tokensFile} (readable by you only): source it.`);
        for (const c of credentials) console.log(`  ${c.organisation} | ${c.member} [${c.roles}]: $${tokenVariableOf(c)}`);
      } else if (credentials.length > 0) printCredentials('Created the demo network.', credentials);
      if (cases > 0) console.log(`Created ${cases} demo referrals between the organisations, in every state of the lifecycle.`);
      return 0;
    });
  },
  'verify-audit': () =>
    withContext(async (get) => {
      const result = await get(AuditService).verify();
      if (result.valid) {
        console.log(`Audit log intact: ${result.eventsChecked} events checked.`);
        return 0;
      }
      console.log(`Audit log BROKEN: ${result.brokenLinkCount} broken links in ${result.eventsChecked} events, oldest first:`);
      for (const link of result.brokenLinks) {
        console.log(`  organisation ${link.organisationId}, event #${link.sequence} (${link.eventId}): ${link.problem}`);
      }
      if (result.brokenLinkCount > result.brokenLinks.length) {
        console.log(`  ... and ${result.brokenLinkCount - result.brokenLinks.length} more`);
      }
      return 1;
    }),
  'import-registrations': ([file]) =>
    withContext(async (get) => {
      if (!file) {
        console.error('Name the CSV file: npm run ravot -- import-registrations ../shared/data/registered-victims-nl-2010-2012.csv');
        return 2;
      }
      const admin = await get(NetworkBootstrapService).firstNetworkAdmin();
      const result = await get(RegistrationStatisticsService).import(admin, { csv: readFileSync(file, 'utf8'), source: basename(file) });
      console.log(`Imported ${file}: ${result.inserted} new, ${result.updated} changed, ${result.unchanged} unchanged.`);
      return 0;
    }),
  'rotate-master-key': async () => {
    const config = loadConfig();
    const keyFiles = config.RAVOT_MASTER_KEY || !config.usesEmbeddedDatabase ? null : embeddedKeyFiles(config.RAVOT_DATA_DIR);
    if (keyFiles && !existsSync(keyFiles.previous)) {
      // The embedded key file: keep the old key beside a new one until every data key is re-wrapped.
      renameSync(keyFiles.current, keyFiles.previous);
      writeFileSync(keyFiles.current, `${randomBytes(32).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    } else if (!keyFiles && !config.RAVOT_PREVIOUS_MASTER_KEY) {
      console.error(
        'Set RAVOT_MASTER_KEY to the new key and RAVOT_PREVIOUS_MASTER_KEY to the old one (and restart the service with both), then run this again.',
      );
      return 2;
    }
    return withContext(async (get) => {
      const result = await get(KeyRotation).rotate();
      console.log(`Re-wrapped ${result.rewrapped} data keys with the current master key; ${result.remaining} remain.`);
      if (result.remaining > 0) return 1;
      if (keyFiles) rmSync(keyFiles.previous);
      console.log(
        keyFiles
          ? 'Rotation complete: the old key file is removed.'
          : 'Rotation complete: remove RAVOT_PREVIOUS_MASTER_KEY from the configuration.',
      );
      return 0;
    });
  },
  'migration:run': () =>
    withContext(async () => {
      console.log('Migrations are up to date.');
      return 0;
    }),
  'migration:revert': () =>
    withContext(async (get) => {
      await get(DataSource).undoLastMigration({ transaction: 'each' });
      console.log('Reverted the most recent migration. The service applies it again at its next start.');
      return 0;
    }),
  'migration:generate': ([name]) =>
    withContext(async (get) => {
      if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
        console.error('Give the migration a PascalCase name: npm run migration:generate -- AddReferrals');
        return 2;
      }
      const file = await generateMigration(get(DataSource), name);
      console.log(file ? `Wrote ${file} and listed it in migrations/index.ts.` : 'Entities and database agree: no migration needed.');
      return 0;
    }),
  'schema:print': async () => {
    // The only command that needs the GraphQL server: the others start without loading it.
    const [{ AppModule }, { GraphQLSchemaHost }] = await Promise.all([import('./app.module.js'), import('@nestjs/graphql')]);
    const app = await NestFactory.create(AppModule, { logger: false, abortOnError: false });
    await app.init();
    writeFileSync('schema.graphql', printSchemaFile(app.get(GraphQLSchemaHost).schema));
    await app.close();
    console.log('Wrote schema.graphql.');
    return 0;
  },
};

/** The --tokens-file of `demo` (undefined without one), checked before anything is made; null after a usage error. */
function demoOptions(args: string[]): string | undefined | null {
  try {
    const file = parseArgs({ args, options: { 'tokens-file': { type: 'string' } } }).values['tokens-file'];
    // Tokens are made once: a folder that cannot take the file must stop the demo before it makes them.
    if (file && !writableFolder(dirname(resolve(file)))) throw new Error(`Cannot write ${file}: its folder is missing or not writable.`);
    return file;
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\nUsage: npm run ravot -- demo [--tokens-file FILE]`);
    return null;
  }
}

function writableFolder(folder: string): boolean {
  try {
    accessSync(folder, constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** The embedded database's key files, or null where the key comes from elsewhere (in-memory data). */
function embeddedKeyFiles(dataDir: string): { current: string; previous: string } | null {
  if (dataDir.startsWith('memory://')) return null;
  return { current: join(resolve(dataDir), 'master.key'), previous: join(resolve(dataDir), 'master.key.previous') };
}

const [command, ...args] = process.argv.slice(2);
const run = command ? commands[command] : undefined;
if (!run) {
  console.log(USAGE);
  process.exit(command ? 2 : 0);
}
run(args)
  .then((code) => process.exit(code))
  .catch((error: unknown) => {
    console.error(`Failed: ${startupFailure(error, configOrNull())}`);
    process.exit(1);
  });

function configOrNull(): AppConfig | null {
  try {
    return loadConfig();
  } catch {
    return null;
  }
}
