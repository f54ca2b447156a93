import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { plainToInstance } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidationError, validateSync } from 'class-validator';

/**
 * The service's whole configuration, read once from the environment at start.
 * A bad value stops the start with a message that names the variable, never its value.
 */
export class AppConfig {
  @IsIn(['development', 'production', 'test'], { message: 'NODE_ENV must be development, production or test' })
  NODE_ENV: string = 'development';

  @IsInt({ message: 'PORT must be a whole number' })
  @Min(0, { message: 'PORT must be between 0 and 65535' })
  @Max(65535, { message: 'PORT must be between 0 and 65535' })
  PORT: number = 3000;

  @IsOptional()
  @Matches(/^postgres(ql)?:\/\/\S+$/, { message: 'DATABASE_URL must be a postgres:// connection URL' })
  DATABASE_URL?: string;

  /**
   * How long a start waits for a database server that does not answer yet (a PostgreSQL container that is still
   * starting is normal under compose); 0 gives up at the first refusal.
   */
  @IsInt({ message: 'DATABASE_CONNECT_RETRY_SECONDS must be a whole number' })
  @Min(0, { message: 'DATABASE_CONNECT_RETRY_SECONDS must be 0 (no retry) or more' })
  @Max(3600, { message: 'DATABASE_CONNECT_RETRY_SECONDS must be at most 3600' })
  DATABASE_CONNECT_RETRY_SECONDS: number = 60;

  @IsInt({ message: 'DATABASE_POOL_SIZE must be a whole number' })
  @Min(2, { message: 'DATABASE_POOL_SIZE must be at least 2' })
  @Max(200, { message: 'DATABASE_POOL_SIZE must be at most 200' })
  DATABASE_POOL_SIZE: number = 10;

  @IsOptional()
  @IsInt({ message: 'DATABASE_IDLE_TIMEOUT_MS must be a whole number' })
  @Min(0, { message: 'DATABASE_IDLE_TIMEOUT_MS must be 0 (never) or more' })
  DATABASE_IDLE_TIMEOUT_MS?: number;

  @IsString()
  @MinLength(1, { message: 'RAVOT_DATA_DIR must name a folder' })
  RAVOT_DATA_DIR: string = './data';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
    message: 'LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent',
  })
  LOG_LEVEL: string = 'info';

  @IsInt({ message: 'GRAPHQL_MAX_DEPTH must be a whole number' })
  @Min(3, { message: 'GRAPHQL_MAX_DEPTH must be at least 3' })
  @Max(30, { message: 'GRAPHQL_MAX_DEPTH must be at most 30' })
  GRAPHQL_MAX_DEPTH: number = 12;

  @IsInt({ message: 'GRAPHQL_MAX_COST must be a whole number' })
  @Min(100, { message: 'GRAPHQL_MAX_COST must be at least 100' })
  @Max(1_000_000, { message: 'GRAPHQL_MAX_COST must be at most 1000000' })
  GRAPHQL_MAX_COST: number = 10_000;

  @IsIn(['true', 'false'], { message: 'RAVOT_COUNT_SQL must be true or false' })
  RAVOT_COUNT_SQL: string = 'false';

  @IsIn(['true', 'false'], { message: 'RAVOT_AUTO_BOOTSTRAP must be true or false' })
  RAVOT_AUTO_BOOTSTRAP: string = 'true';

  /** Requests of one organisation that run at once on a replica; by default half the database pool (at least 1). */
  @IsOptional()
  @IsInt({ message: 'ORGANISATION_CONCURRENCY must be a whole number' })
  @Min(1, { message: 'ORGANISATION_CONCURRENCY must be at least 1' })
  @Max(200, { message: 'ORGANISATION_CONCURRENCY must be at most 200' })
  ORGANISATION_CONCURRENCY?: number;

  /** `false` turns off the turns and pauses that apply while another organisation is active (a comparison in bench scenario 5, not a setting for a shared network). */
  @IsIn(['true', 'false'], { message: 'FAIR_SHARING must be true or false' })
  FAIR_SHARING: string = 'true';

  @IsInt({ message: 'COST_PER_MINUTE_PER_TOKEN must be a whole number' })
  @Min(100, { message: 'COST_PER_MINUTE_PER_TOKEN must be at least 100' })
  COST_PER_MINUTE_PER_TOKEN: number = 500_000;

  @IsInt({ message: 'COST_PER_MINUTE_PER_ORGANISATION must be a whole number' })
  @Min(100, { message: 'COST_PER_MINUTE_PER_ORGANISATION must be at least 100' })
  COST_PER_MINUTE_PER_ORGANISATION: number = 2_000_000;

  @IsInt({ message: 'RATE_LIMIT_PER_MINUTE must be a whole number' })
  @Min(1, { message: 'RATE_LIMIT_PER_MINUTE must be at least 1' })
  RATE_LIMIT_PER_MINUTE: number = 600;

  @IsOptional()
  @Matches(/^(\*|https?:\/\/[^,\s]+(,https?:\/\/[^,\s]+)*)$/, {
    message: 'CORS_ORIGINS must be * or a comma-separated list of http(s) origins',
  })
  CORS_ORIGINS?: string;

  @IsInt({ message: 'STATISTICS_MIN_CELL must be a whole number' })
  @Min(3, { message: 'STATISTICS_MIN_CELL must be at least 3' })
  @Max(1000, { message: 'STATISTICS_MIN_CELL must be at most 1000' })
  STATISTICS_MIN_CELL: number = 11;

  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'RAVOT_MASTER_KEY must be 32 bytes in base64 (openssl rand -base64 32)' })
  RAVOT_MASTER_KEY?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, { message: 'RAVOT_PREVIOUS_MASTER_KEY must be 32 bytes in base64' })
  RAVOT_PREVIOUS_MASTER_KEY?: string;

  /**
   * The secret a Prometheus scraper sends as `Authorization: Bearer <METRICS_TOKEN>` to read /metrics. Unset, there
   * is no /metrics at all (404, like any unknown path): the numbers say how busy the service is and which errors it
   * gives, which is for operators only. A static secret, not a member's API token: a scraper is no person.
   */
  @IsOptional()
  @Matches(/^[\x21-\x7e]{16,512}$/, {
    message: 'METRICS_TOKEN must be 16 to 512 printable characters without spaces (openssl rand -hex 32)',
  })
  METRICS_TOKEN?: string;

  /** How long a console session lasts without a request (offices share computers); the browser's cookie ends with it. */
  @IsInt({ message: 'CONSOLE_SESSION_IDLE_MINUTES must be a whole number' })
  @Min(1, { message: 'CONSOLE_SESSION_IDLE_MINUTES must be at least 1' })
  @Max(720, { message: 'CONSOLE_SESSION_IDLE_MINUTES must be at most 720 (12 hours)' })
  CONSOLE_SESSION_IDLE_MINUTES: number = 15;

  /** How long a one-time console sign-in link works, unused (an admin sends it to a colleague who signs in soon). */
  @IsInt({ message: 'CONSOLE_SIGN_IN_LINK_HOURS must be a whole number' })
  @Min(1, { message: 'CONSOLE_SIGN_IN_LINK_HOURS must be at least 1' })
  @Max(168, { message: 'CONSOLE_SIGN_IN_LINK_HOURS must be at most 168 (a week)' })
  CONSOLE_SIGN_IN_LINK_HOURS: number = 24;

  /** Where the console's quick exit sends the browser: a site that tells an onlooker nothing. */
  @Matches(/^https?:\/\/\S+$/, { message: 'CONSOLE_EXIT_URL must be an http(s) URL' })
  CONSOLE_EXIT_URL: string = 'https://www.wikipedia.org/';

  /**
   * How often each replica looks for time-based events (a follow-up due or overdue, a consent expired); 0 turns the
   * scheduler off on this replica. Replicas share the work: one run per interval across them (docs/events.md).
   */
  @IsInt({ message: 'RAVOT_SCHEDULER_INTERVAL_MS must be a whole number' })
  @Min(0, { message: 'RAVOT_SCHEDULER_INTERVAL_MS must be 0 (off) or more' })
  @Max(86_400_000, { message: 'RAVOT_SCHEDULER_INTERVAL_MS must be at most 86400000 (a day)' })
  RAVOT_SCHEDULER_INTERVAL_MS: number = 60_000;

  /** How long events and settled webhook deliveries are kept (the scheduler removes older ones); 0 keeps them for ever. */
  @IsInt({ message: 'RAVOT_EVENT_RETENTION_DAYS must be a whole number' })
  @Min(0, { message: 'RAVOT_EVENT_RETENTION_DAYS must be 0 (for ever) or more' })
  @Max(36_500, { message: 'RAVOT_EVENT_RETENTION_DAYS must be at most 36500' })
  RAVOT_EVENT_RETENTION_DAYS: number = 90;

  /** How often each replica looks for webhook deliveries to make; 0 turns delivery off on this replica. */
  @IsInt({ message: 'RAVOT_WEBHOOK_INTERVAL_MS must be a whole number' })
  @Min(0, { message: 'RAVOT_WEBHOOK_INTERVAL_MS must be 0 (off) or more' })
  @Max(3_600_000, { message: 'RAVOT_WEBHOOK_INTERVAL_MS must be at most 3600000 (an hour)' })
  RAVOT_WEBHOOK_INTERVAL_MS: number = 1_000;

  /** How long one delivery may take, from connecting to the receiver's answer. */
  @IsInt({ message: 'RAVOT_WEBHOOK_TIMEOUT_MS must be a whole number' })
  @Min(100, { message: 'RAVOT_WEBHOOK_TIMEOUT_MS must be at least 100' })
  @Max(60_000, { message: 'RAVOT_WEBHOOK_TIMEOUT_MS must be at most 60000' })
  RAVOT_WEBHOOK_TIMEOUT_MS: number = 10_000;

  /** Plain http:// webhook URLs, for local development and tests only. */
  @IsIn(['true', 'false'], { message: 'RAVOT_WEBHOOK_ALLOW_HTTP must be true or false' })
  RAVOT_WEBHOOK_ALLOW_HTTP: string = 'false';

  /** Networks (CIDR, comma-separated) a webhook may reach although private, loopback or link-local. */
  @IsOptional()
  @Matches(/^[0-9a-fA-F:.]+(\/\d{1,3})?(,[0-9a-fA-F:.]+(\/\d{1,3})?)*$/, {
    message: 'RAVOT_WEBHOOK_ALLOWED_NETWORKS must be a comma-separated list of addresses or CIDR networks',
  })
  RAVOT_WEBHOOK_ALLOWED_NETWORKS?: string;

  get isProduction(): boolean {
    return this.NODE_ENV === 'production';
  }

  get webhookAddressPolicy(): { allowHttp: boolean; allowedNetworks: string[] } {
    return {
      allowHttp: this.RAVOT_WEBHOOK_ALLOW_HTTP === 'true',
      allowedNetworks: this.RAVOT_WEBHOOK_ALLOWED_NETWORKS ? this.RAVOT_WEBHOOK_ALLOWED_NETWORKS.split(',') : [],
    };
  }

  get usesEmbeddedDatabase(): boolean {
    return !this.DATABASE_URL;
  }

  /**
   * How long an unused pooled connection stays open. A PostgreSQL server's connections cost it a backend each, so
   * the pool lets idle ones go after 10 s (pg's default). The embedded database runs in this process: a connection
   * to it costs nothing to keep and a reconnect is pure work, so it is kept for ever unless asked otherwise.
   */
  get databaseIdleTimeoutMs(): number {
    return this.DATABASE_IDLE_TIMEOUT_MS ?? (this.usesEmbeddedDatabase ? 0 : 10_000);
  }

  /** Counting SQL statements per request is for the benchmark and the tests, never on unless asked for. */
  get countsStatements(): boolean {
    return this.RAVOT_COUNT_SQL === 'true';
  }

  get metricsEnabled(): boolean {
    return this.METRICS_TOKEN !== undefined;
  }

  get autoBootstrap(): boolean {
    return this.RAVOT_AUTO_BOOTSTRAP === 'true';
  }
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
}

const KEYS = Object.keys(new AppConfig());

/**
 * The secrets that may come from a file instead (X_FILE names it): a Docker or Kubernetes secret is a file, and a
 * value in a file stays out of `docker inspect`, the process table and the shell's history.
 */
export const FILE_VARIABLES = ['DATABASE_URL', 'RAVOT_MASTER_KEY', 'RAVOT_PREVIOUS_MASTER_KEY'] as const;

const isSet = (value: string | undefined): value is string => value !== undefined && value !== '';

/** The environment with each X_FILE read into X; problems name the variables and the file, never what it holds. */
function readSecretFiles(env: NodeJS.ProcessEnv): { env: NodeJS.ProcessEnv; fromFile: Set<string>; problems: string[] } {
  const resolved = { ...env };
  const fromFile = new Set<string>();
  const problems: string[] = [];
  for (const name of FILE_VARIABLES) {
    const file = env[`${name}_FILE`];
    if (!isSet(file)) continue;
    if (isSet(env[name])) {
      problems.push(`${name} and ${name}_FILE are both set: set one of them`);
      continue;
    }
    let content: string;
    try {
      content = readFileSync(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'unreadable';
      problems.push(`${name}_FILE names a file that cannot be read (${file}: ${code})`);
      continue;
    }
    // Editors and `echo` end a file with a line break, which is not part of the secret.
    const value = content.replace(/[\r\n]+$/, '');
    if (value === '') {
      problems.push(`${name}_FILE names an empty file (${file})`);
      continue;
    }
    resolved[name] = value;
    fromFile.add(name);
  }
  return { env: resolved, fromFile, problems };
}

/**
 * A variable's problems, each said once: a value that is not a number at all is told only that (its range checks
 * fail too, and PORT's lower and upper bounds share one message).
 */
function problemsOf(error: ValidationError): string[] {
  const constraints = error.constraints ?? { invalid: `${error.property} is invalid` };
  if (constraints.isInt) return [constraints.isInt];
  return [...new Set(Object.values(constraints))];
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const secrets = readSecretFiles(env);
  if (secrets.problems.length > 0) throw new ConfigError(secrets.problems);
  // Only known variables are read, and an empty value counts as unset.
  const known = Object.fromEntries(KEYS.filter((key) => isSet(secrets.env[key])).map((key) => [key, secrets.env[key]]));
  const config = plainToInstance(AppConfig, known, { enableImplicitConversion: true, exposeDefaultValues: true });
  const errors = validateSync(config);
  if (errors.length > 0) {
    throw new ConfigError(
      errors.flatMap((error) => {
        const messages = problemsOf(error);
        return secrets.fromFile.has(error.property) ? messages.map((message) => `${message} (read from ${error.property}_FILE)`) : messages;
      }),
    );
  }
  return config;
}
