import { LoggerService } from '@nestjs/common';
import { pino, Logger as Pino, DestinationStream } from 'pino';

type Level = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';

/**
 * Nest's logger over pino: one JSON line per call, with the Nest context.
 * Not nestjs-pino: its request-bound logger keeps an AsyncLocalStorage, whose
 * promise hooks cost every request about a fifth of its CPU (measured on the
 * inbox page); where a line needs the request id, it is passed explicitly.
 * An Error is logged by its name and stack frames, never its message: a
 * driver's message can quote values, and values can be personal data.
 */
export class AppLogger implements LoggerService {
  readonly pino: Pino;

  constructor(level: string, destination?: DestinationStream) {
    this.pino = destination ? pino({ level }, destination) : pino({ level });
  }

  log(message: unknown, ...params: unknown[]) {
    this.write('info', message, params);
  }

  error(message: unknown, ...params: unknown[]) {
    this.write('error', message, params);
  }

  warn(message: unknown, ...params: unknown[]) {
    this.write('warn', message, params);
  }

  debug(message: unknown, ...params: unknown[]) {
    this.write('debug', message, params);
  }

  verbose(message: unknown, ...params: unknown[]) {
    this.write('trace', message, params);
  }

  fatal(message: unknown, ...params: unknown[]) {
    this.write('fatal', message, params);
  }

  private write(level: Level, message: unknown, params: unknown[]) {
    if (!this.pino.isLevelEnabled(level)) return;
    const context = typeof params.at(-1) === 'string' ? (params.at(-1) as string) : undefined;
    if (message instanceof Error) {
      this.pino[level]({ context, error: message.name, stack: framesOf(message.stack) }, 'Error');
    } else if (message !== null && typeof message === 'object') {
      this.pino[level]({ context, ...message });
    } else {
      this.pino[level]({ context }, String(message));
    }
  }
}

/** A stack without its first line, which repeats the message. */
const framesOf = (stack: string | undefined) => stack?.split('\n').slice(1, 8).join('\n');
