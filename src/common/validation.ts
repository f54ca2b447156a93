import { ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { BadUserInputError, InputProblem } from './errors.js';
import { rememberValidationRules } from '../fast-path/validation-rules.js';

/** Every broken rule of every field, nested ones included; an array's items are numbered as GraphQL paths number them. */
function problemsOf(errors: ValidationError[], parent: (string | number)[] = []): InputProblem[] {
  return errors.flatMap((error) => {
    const path = [...parent, /^\d+$/.test(error.property) ? Number(error.property) : error.property];
    const own = Object.entries(error.constraints ?? {}).map(([constraint, message]) => ({ path, constraint, message }));
    return [...own, ...problemsOf(error.children ?? [], path)];
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
    if (metadata.type === 'custom') return super.transform(value, metadata);
    const argument = metadata.data ? [metadata.data] : [];
    if (holdsNul(value)) throw BadUserInputError.at(argument, 'noNulCharacter', 'Invalid input: text cannot contain the NUL character.');
    try {
      return await super.transform(value, metadata);
    } catch (error) {
      // The rules know the fields of the input object; the client knows them from the argument that carries it.
      throw error instanceof BadUserInputError ? error.under(...argument) : error;
    }
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
    exceptionFactory: (errors) => BadUserInputError.listing('Invalid input', problemsOf(errors)),
  });
}

export const Trim = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() : value));
export const UpperCase = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value));
export const LowerCase = () => Transform(({ value }) => (typeof value === 'string' ? value.trim().toLowerCase() : value));
