import type { EntityManager, FindOptionsWhere } from 'typeorm';

/** What a row is remembered under: its entity class, or a name for rows that are not entities. */
type RowKind = abstract new (...args: never[]) => unknown;

/**
 * The rows that the steps of one operation (TenantDatabase.together) inserted, for its later steps to take instead of
 * reading them back: registerAndRefer registers a person, records their consent, then creates and submits the
 * referral, and each step would read again the person, the consent, the referral and the records that the step before
 * it has just written (seven of its statements). Nobody else sees those rows before the commit, so nothing else can
 * have changed or locked them; a step that changes one changes the remembered object (as transitions do). Kept by
 * the transaction's manager and forgotten with it; a transaction of one step remembers nothing.
 */
const rowsOfOperations = new WeakMap<EntityManager, Map<RowKind | string, Map<string, unknown>>>();

export const operationRows = {
  /** From now on until the transaction ends, `manager` remembers what its steps insert. */
  begin(manager: EntityManager): void {
    rowsOfOperations.set(manager, new Map());
  },

  remember(manager: EntityManager, kind: RowKind | string, id: string, row: unknown): void {
    const rows = rowsOfOperations.get(manager);
    if (!rows) return;
    let ofKind = rows.get(kind);
    if (!ofKind) rows.set(kind, (ofKind = new Map()));
    ofKind.set(id, row);
  },

  /** The row an earlier step of the operation inserted, or undefined (then read it). */
  recall<T>(manager: EntityManager, kind: (abstract new (...args: never[]) => T) | string, id: string): T | undefined {
    return rowsOfOperations.get(manager)?.get(kind)?.get(id) as T | undefined;
  },

  /** A row of `organisationId` by its id, or null: the one an earlier step of the operation inserted, or else read. */
  async findOwn<T extends { organisationId: string }>(
    manager: EntityManager,
    entity: new (...args: never[]) => T,
    id: string,
    organisationId: string,
  ): Promise<T | null> {
    const inserted = operationRows.recall(manager, entity, id);
    if (inserted) return inserted.organisationId === organisationId ? inserted : null;
    return manager.getRepository(entity).findOneBy({ id, organisationId } as unknown as FindOptionsWhere<T>);
  },
};
