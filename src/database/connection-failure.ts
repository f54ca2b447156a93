import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { SESSION_OUT_OF_STEP } from './prepared-query.js';

/** Driver and server codes of a connection that died or a server that is going away. */
const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
  '08000',
  '08003',
  '08006',
]);

/** The code the driver or the server gave an error, if any. */
export function driverCodeOf(error: unknown): string | undefined {
  return error instanceof QueryFailedError ? (error.driverError as { code?: string }).code : (error as { code?: string } | null)?.code;
}

/**
 * Whether an error says the database was out of reach (its connection terminated, the server restarting, the
 * network cut): worth trying again, not a fault of the code. TypeORM's and pg's words for it besides the codes.
 */
export function isConnectionFailure(error: unknown): boolean {
  if (error instanceof QueryRunnerAlreadyReleasedError || error instanceof QueryRunnerProviderAlreadyReleasedError) return true;
  if (error instanceof Error && /Connection terminated|is not queryable|timeout exceeded when trying to connect/i.test(error.message))
    return true;
  const code = driverCodeOf(error);
  return code !== undefined && (CONNECTION_ERRORS.has(code) || SESSION_OUT_OF_STEP.has(code));
}

/**
 * A failed round of background work (the scheduler, webhook delivery), which the next round tries again: a database
 * out of reach is a warning, without a stack; anything else an error, with the error's class and message (these
 * rounds read ids and times, never personal data).
 */
export function logBackgroundFailure(
  logger: { warn: (message: string) => void; error: (message: string) => void },
  what: string,
  error: unknown,
): void {
  if (isConnectionFailure(error)) logger.warn(`${what}: the database was out of reach; the next round tries again`);
  else logger.error(`${what}: ${error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error)}`);
}
