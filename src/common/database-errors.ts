import { QueryFailedError } from 'typeorm';
import { ConflictError } from './errors.js';

/** Turns a unique-constraint violation named in `messages` into a CONFLICT a person understands. */
export function conflictOnUniqueViolation(error: unknown, messages: Record<string, string>): never {
  if (error instanceof QueryFailedError) {
    const driverError = error.driverError as { code?: string; constraint?: string };
    const message = driverError.code === '23505' && driverError.constraint ? messages[driverError.constraint] : undefined;
    if (message) throw new ConflictError(message);
  }
  throw error;
}
