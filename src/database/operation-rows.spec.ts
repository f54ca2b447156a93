import type { EntityManager } from 'typeorm';
import { operationRows } from './operation-rows.js';

class Row {
  constructor(
    readonly id: string,
    readonly organisationId = 'own',
  ) {}
}
class OtherRow {}

const manager = () => ({}) as EntityManager;

describe('operationRows', () => {
  it('gives a later step of the operation the row an earlier step inserted, by its kind and id', () => {
    const operation = manager();
    operationRows.begin(operation);
    const row = new Row('a');
    operationRows.remember(operation, Row, row.id, row);
    expect(operationRows.recall(operation, Row, 'a')).toBe(row);
    expect(operationRows.recall(operation, Row, 'b')).toBeUndefined();
    expect(operationRows.recall(operation, OtherRow, 'a')).toBeUndefined();
  });

  it('remembers nothing for a transaction of one step, nor for another transaction', () => {
    const single = manager();
    operationRows.remember(single, Row, 'a', new Row('a'));
    expect(operationRows.recall(single, Row, 'a')).toBeUndefined();

    const operation = manager();
    operationRows.begin(operation);
    operationRows.remember(operation, Row, 'a', new Row('a'));
    expect(operationRows.recall(manager(), Row, 'a')).toBeUndefined();
  });

  it("finds an organisation's own row: the one the operation inserted without reading it, another's not at all", async () => {
    const reads: unknown[] = [];
    const operation = {
      getRepository: () => ({ findOneBy: async (where: unknown) => (reads.push(where), new Row('read')) }),
    } as unknown as EntityManager;
    operationRows.begin(operation);
    const inserted = new Row('a');
    operationRows.remember(operation, Row, 'a', inserted);
    operationRows.remember(operation, Row, 'b', new Row('b', 'other'));
    expect(await operationRows.findOwn(operation, Row, 'a', 'own')).toBe(inserted);
    expect(await operationRows.findOwn(operation, Row, 'b', 'own')).toBeNull();
    expect(reads).toEqual([]);
    expect(await operationRows.findOwn(operation, Row, 'c', 'own')).toEqual(new Row('read'));
    expect(reads).toEqual([{ id: 'c', organisationId: 'own' }]);
  });
});
