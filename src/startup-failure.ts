import { AppConfig, ConfigError } from './config/app-config.js';
import { DataFolderInUseError } from './database/embedded-postgres.js';

const UNREACHABLE = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNRESET']);

/** Where DATABASE_URL points, without its user's password. */
function server(config: AppConfig | null): { where: string; database: string; user: string } {
  try {
    const url = new URL(config?.DATABASE_URL ?? '');
    return { where: url.port ? `${url.hostname}:${url.port}` : url.hostname, database: url.pathname.slice(1), user: url.username };
  } catch {
    return { where: 'DATABASE_URL', database: '', user: '' };
  }
}

/**
 * Why the service could not start, in one line for the person who started it: what is wrong and what to do. The
 * usual causes are named; anything else is given by its own message (nothing about a person exists before the
 * service answers its first request).
 */
export function startupFailure(error: unknown, config: AppConfig | null): string {
  if (error instanceof ConfigError) return `${error.problems.join('; ')}.`;
  if (error instanceof DataFolderInUseError) return error.message;
  const { code, syscall } = (error ?? {}) as { code?: string; syscall?: string };
  const message = error instanceof Error ? error.message : String(error);
  if (syscall === 'listen' && code === 'EADDRINUSE') {
    return `port ${config?.PORT} is already in use by another program. Stop that program, or set PORT to a free port.`;
  }
  if (syscall === 'listen' && code === 'EACCES')
    return `port ${config?.PORT} needs privileges this user does not have. Set PORT to 1024 or above.`;
  if (config?.DATABASE_URL) {
    const { where, database, user } = server(config);
    if ((code && UNREACHABLE.has(code)) || /timeout|terminated/i.test(message)) {
      return `the database server at ${where} does not answer${code ? ` (${code})` : ''}. Start it, or correct DATABASE_URL.`;
    }
    if (code === '3D000')
      return `the database "${database}" does not exist on ${where}. Create it (createdb ${database}), or correct DATABASE_URL.`;
    if (code === '28P01' || code === '28000') {
      return `the database server at ${where} refused the user "${user}". Check the user and password in DATABASE_URL.`;
    }
  }
  return `${message} (${error instanceof Error ? error.name : 'error'})`;
}
