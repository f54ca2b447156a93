import { ParseUUIDPipe } from '@nestjs/common';
import { BadUserInputError } from './errors.js';

/** An id argument that is not a UUID is a clear BAD_USER_INPUT, never a database error. */
export const idPipe = (name: string) => new ParseUUIDPipe({ exceptionFactory: () => new BadUserInputError(`${name} must be an id.`) });
