import { randomBytes, randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { MasterKey } from './master-key.js';
import { SubjectKeys } from './subject-keys.js';

/** A transaction's manager whose subject_keys table is `table`, counting the statements that read it. */
function transaction(table: Map<string, Buffer>, masterKey: MasterKey, active = true) {
  const reads: string[][] = [];
  const client = {
    query: async ({ values: [ids] }: { values: [string[]] }) => {
      reads.push(ids);
      const rows = ids
        .filter((id) => table.has(id))
        .map((id) => ({ subject_id: id, wrapped_key: table.get(id), master_key_fingerprint: masterKey.fingerprint }));
      return { rows };
    },
  };
  const manager = {
    queryRunner: { isTransactionActive: active, connect: async () => client },
    getRepository: () => ({
      insert: async (row: { subjectId: string; wrappedKey: Buffer }) => void table.set(row.subjectId, row.wrappedKey),
      delete: async ({ subjectId }: { subjectId: string }) => void table.delete(subjectId),
    }),
  } as unknown as EntityManager;
  return { manager, reads };
}

describe('SubjectKeys', () => {
  const masterKey = MasterKey.fromBytes(randomBytes(32));
  const keys = new SubjectKeys(masterKey);
  const organisationId = randomUUID();

  it('gives a transaction the key it made without reading it back, and reads it in any other transaction', async () => {
    const table = new Map<string, Buffer>();
    const subject = { id: randomUUID(), organisationId };
    const making = transaction(table, masterKey);
    const made = await keys.create(making.manager, subject);
    expect((await keys.load(making.manager, [subject.id])).get(subject.id)).toEqual(made);
    expect(making.reads).toEqual([]);

    const other = transaction(table, masterKey);
    expect((await keys.load(other.manager, [subject.id])).get(subject.id)).toEqual(made);
    expect(other.reads).toEqual([[subject.id]]);
  });

  it('reads only the keys the transaction does not know yet, once each', async () => {
    const table = new Map<string, Buffer>();
    const [known, unknown] = [
      { id: randomUUID(), organisationId },
      { id: randomUUID(), organisationId },
    ];
    await keys.create(transaction(table, masterKey).manager, unknown);
    const { manager, reads } = transaction(table, masterKey);
    await keys.create(manager, known);
    const loaded = await keys.load(manager, [known.id, unknown.id]);
    await keys.load(manager, [unknown.id]);
    expect([...loaded.keys()].sort()).toEqual([known.id, unknown.id].sort());
    expect(reads).toEqual([[unknown.id]]);
  });

  it('forgets a key the transaction destroys: the erased person has none, even in the transaction that knew it', async () => {
    const table = new Map<string, Buffer>();
    const subject = { id: randomUUID(), organisationId };
    const { manager } = transaction(table, masterKey);
    await keys.create(manager, subject);
    await keys.destroy(manager, subject.id);
    expect((await keys.load(manager, [subject.id])).has(subject.id)).toBe(false);
  });
});
