import { DataSource, EntityTarget } from 'typeorm';

/**
 * One entity read under an alias in a hand-written statement, for hot reads
 * (a list page) where TypeORM's query builder and join hydration cost more
 * than the query. The row comes as one JSON value (`to_json(alias)`): the
 * driver then parses one JSON text natively instead of every column with its
 * own parser, and the values still go through the driver's hydration, so
 * dates, timestamps and arrays read exactly as an entity TypeORM loads.
 */
export interface EntityRows<T> {
  /** The select-list item: the aliased row as JSON, under the alias's name. */
  readonly select: string;
  /** The entity from a result row, or null where a LEFT JOIN found nothing. */
  read(row: Record<string, unknown>): T | null;
}

export function entityRows<T>(dataSource: DataSource, target: EntityTarget<T>, alias: string): EntityRows<T> {
  const metadata = dataSource.getMetadata(target);
  const driver = dataSource.driver;
  return {
    select: `to_json("${alias}") AS "${alias}"`,
    read(row) {
      const values = row[alias] as Record<string, unknown> | null;
      if (!values) return null;
      const entity = metadata.create() as T & object;
      for (const column of metadata.columns)
        column.setEntityValue(entity, driver.prepareHydratedValue(values[column.databaseName], column));
      return entity;
    },
  };
}
