import { createHmac } from 'node:crypto';
import { EntityManager, QueryFailedError } from 'typeorm';
import { ConflictError } from '../common/errors.js';
import { IdempotencyKeyEntity } from './idempotency-key.entity.js';

/** What a create remembers its key by: the operation, and the input it was given (the key itself left out). */
export interface KeyedOperation {
  organisationId: string;
  key: string;
  operation: string;
  input: object;
}

/** Keys in a fixed order, so that the same input gives the same fingerprint however its fields were sent. */
function canonical(value: unknown): unknown {
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(canonical);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([name, inner]) => name !== 'idempotencyKey' && inner !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([name, inner]) => [name, canonical(inner)]),
    );
  }
  return value;
}

/**
 * A key remembered with the record it produced. A retry with the same input finds it and gets the same answer; the
 * same key with other input, or for another operation, is a CONFLICT. Two concurrent first tries collide on the
 * primary key and the loser, retrying, finds the winner's.
 */
export class Idempotency {
  /**
   * `secret` keys the fingerprint (an HMAC): an input can describe a person, and a plain hash of it could be
   * confirmed by guessing, even after the person's data was erased. CryptoModule derives it from the master key.
   */
  constructor(private readonly secret: Buffer) {}

  /** The input's fingerprint: the same for the same input however its fields were ordered, and no trace of it. */
  fingerprintOf(input: object): string {
    return createHmac('sha256', this.secret)
      .update(JSON.stringify(canonical(input)))
      .digest('hex');
  }

  /** The id of the record an earlier use of the key created, or null when the key is new. */
  async find(manager: EntityManager, keyed: KeyedOperation): Promise<string | null> {
    const row = await manager.getRepository(IdempotencyKeyEntity).findOneBy({ organisationId: keyed.organisationId, key: keyed.key });
    if (!row) return null;
    if (row.operation !== keyed.operation) throw new ConflictError('This idempotency key was already used for another operation.');
    if (row.inputFingerprint !== null && row.inputFingerprint !== this.fingerprintOf(keyed.input)) {
      throw new ConflictError(
        'This idempotency key was already used with other input: send the same input again to get the first answer, or use a new key.',
      );
    }
    return row.recordId;
  }

  async remember(manager: EntityManager, keyed: KeyedOperation, recordId: string): Promise<void> {
    await manager.getRepository(IdempotencyKeyEntity).insert({
      organisationId: keyed.organisationId,
      key: keyed.key,
      operation: keyed.operation,
      recordId,
      inputFingerprint: this.fingerprintOf(keyed.input),
    });
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

  /**
   * A create made safe to retry: with a key, an earlier use answers again (through `replay`, in this transaction), and
   * a first use is remembered with the record `create` made. Without a key, `create` alone. Unlike `once`, concurrent
   * first tries need no second attempt: they queue on a lock of the key.
   */
  async create<T extends { id: string }>(
    manager: EntityManager,
    operation: { name: string; organisationId: string; input: { idempotencyKey?: string } },
    replay: (id: string) => Promise<T>,
    create: () => Promise<T>,
  ): Promise<T> {
    const { name, organisationId, input } = operation;
    if (!input.idempotencyKey) return create();
    const keyed = { organisationId, key: input.idempotencyKey, operation: name, input };
    // Tries with one key at the same moment wait for each other here, so that the later one finds the key the earlier
    // one remembered instead of failing on it (the lock ends with the transaction).
    await manager.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`idempotency:${organisationId}:${keyed.key}`]);
    const earlier = await this.find(manager, keyed);
    if (earlier) return replay(earlier);
    const created = await create();
    await this.remember(manager, keyed, created.id);
    return created;
  }
}
