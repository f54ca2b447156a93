import { DataSource, EntityTarget } from 'typeorm';

/**
 * The select list and row mapper of one entity read under an alias in a
 * hand-written statement: for hot reads (a list page) where TypeORM's query
 * builder and join hydration cost more than the query. Values go through the
 * driver's own hydration, so dates, timestamps and arrays read exactly as an
 * entity TypeORM loads.
 */
export interface EntityRows<T> {
  /** `"alias"."column" AS "alias_column", …` for every column of the entity. */
  readonly select: string;
  /** The entity from a result row, or null where a LEFT JOIN found nothing. */
  read(row: Record<string, unknown>): T | null;
}

export function entityRows<T>(dataSource: DataSource, target: EntityTarget<T>, alias: string): EntityRows<T> {
  const metadata = dataSource.getMetadata(target);
  const driver = dataSource.driver;
  const columns = metadata.columns.map((column) => ({ column, key: `${alias}_${column.databaseName}` }));
  const primaryKey = `${alias}_${metadata.primaryColumns[0].databaseName}`;
  return {
    select: columns.map(({ column, key }) => `"${alias}"."${column.databaseName}" AS "${key}"`).join(', '),
    read(row) {
      if (row[primaryKey] === null || row[primaryKey] === undefined) return null;
      const entity = metadata.create() as T & object;
      for (const { column, key } of columns) column.setEntityValue(entity, driver.prepareHydratedValue(row[key], column));
      return entity;
    },
  };
}
