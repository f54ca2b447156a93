import { ParseUUIDPipe } from '@nestjs/common';
import { BadUserInputError } from './errors.js';

/**
 * An id argument that is not a UUID is a clear BAD_USER_INPUT, never a
 * database error. `what` names the record, e.g. "an organisation id".
 */
export const idPipe = (name: string, what = 'an id') =>
  new ParseUUIDPipe({ exceptionFactory: () => BadUserInputError.at([name], 'isUuid', `${name} must be ${what}.`) });
