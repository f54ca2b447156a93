import { Injectable } from '@nestjs/common';
import { EntityManager, QueryFailedError } from 'typeorm';
import { ConflictError } from '../common/errors.js';
import { IdempotencyKeyEntity } from './idempotency-key.entity.js';

/**
 * A key remembered with the referral it produced. A retry finds it and gets
 * the same answer; two concurrent first tries collide on the primary key and
 * the loser, retrying, finds the winner's.
 */
@Injectable()
export class Idempotency {
  async find(manager: EntityManager, organisationId: string, key: string, operation: string): Promise<string | null> {
    const row = await manager.getRepository(IdempotencyKeyEntity).findOneBy({ organisationId, key });
    if (!row) return null;
    if (row.operation !== operation) throw new ConflictError('This idempotency key was already used for another operation.');
    return row.referralId;
  }

  async remember(manager: EntityManager, organisationId: string, key: string, operation: string, referralId: string): Promise<void> {
    await manager.getRepository(IdempotencyKeyEntity).insert({ organisationId, key, operation, referralId });
  }

  /** Runs `attempt`; if it lost a race on the key, runs it once more, when the key will be found. */
  async once<T>(key: string | undefined, attempt: () => Promise<T>): Promise<T> {
    try {
      return await attempt();
    } catch (error) {
      const driverError = error instanceof QueryFailedError ? (error.driverError as { code?: string; table?: string }) : null;
      if (key && driverError?.code === '23505' && driverError.table === 'idempotency_keys') return attempt();
      throw error;
    }
  }
}
