import { Type } from '@nestjs/common';
import { Field, ObjectType } from '@nestjs/graphql';

/**
 * The base of a mutation's answer, `<MutationName>Payload`, holding what the mutation wrote under a named field
 * (`createReferral` answers `CreateReferralPayload { referral }`). A payload can later carry warnings or further
 * objects without breaking a client; an entity answered bare could not.
 */
export function Payload<K extends string, T>(field: K, type: Type<T>, description?: string): abstract new () => Record<K, T> {
  @ObjectType({ isAbstract: true })
  abstract class PayloadType {}
  Field(() => type, { description })(PayloadType.prototype, field);
  return PayloadType as unknown as abstract new () => Record<K, T>;
}
