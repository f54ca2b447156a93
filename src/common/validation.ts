import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { BadUserInputError } from './errors.js';
import { rememberValidationRules } from '../fast-path/validation-rules.js';

function flatten(errors: ValidationError[], parent = ''): { field: string; problems: string[] }[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ field, problems: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], field)];
  });
}

/** Whether a value holds a NUL character anywhere: PostgreSQL cannot store one in text. */
function holdsNul(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return value.includes('\u0000');
  if (depth > 20 || !value || typeof value !== 'object') return false;
  return (Array.isArray(value) ? value : Object.values(value)).some((inner) => holdsNul(inner, depth + 1));
}

class InputValidationPipe extends ValidationPipe {
  async transform(value: unknown, metadata: ArgumentMetadata) {
    // Arguments only: @Parent(), @Context() and @CurrentActor() are 'custom' and come from the service itself.
    if (metadata.type !== 'custom' && holdsNul(value)) throw new BadUserInputError('Invalid input: text cannot contain the NUL character.');
    return super.transform(value, metadata);
  }
}

/** Every argument is validated; a failure names each field and changes nothing. */
export function createValidationPipe(): ValidationPipe {
  rememberValidationRules();
  return new InputValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    // Messages may quote the rejected value; ours never do, and never should.
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const fields = flatten(errors);
      return new BadUserInputError(`Invalid input: ${fields.flatMap((f) => f.problems).join('; ')}.`, { fields });
    },
  });
}

export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
export const UpperCase = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value));
export const LowerCase = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));
