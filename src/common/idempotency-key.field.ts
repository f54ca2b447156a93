import { applyDecorators } from '@nestjs/common';
import { Field } from '@nestjs/graphql';
import { IsOptional, Matches } from 'class-validator';

export const IDEMPOTENCY_KEY_RULE = 'idempotencyKey must be 8 to 100 letters, digits, - or _';

/**
 * The optional key of a mutation that creates something: chosen by the client, so that a retry after a lost
 * answer acts once (see Idempotency). `retried` says what a retry with the same key answers.
 */
export const IdempotencyKeyField = (retried: string) =>
  applyDecorators(
    Field({
      nullable: true,
      description: `Chosen by the client (8 to 100 letters, digits, - or _): a retry with the same key and the same input answers ${retried}; the same key with other input is a CONFLICT`,
    }),
    IsOptional(),
    Matches(/^[A-Za-z0-9_-]{8,100}$/, { message: IDEMPOTENCY_KEY_RULE }),
  );
