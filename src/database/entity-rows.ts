import { DataSource, EntityTarget } from 'typeorm';
import type { ColumnMetadata } from 'typeorm/metadata/ColumnMetadata.js';

/**
 * One entity read under an alias in a hand-written statement, for hot reads
 * (a list page) where TypeORM's query builder and join hydration cost more
 * than the query. The row comes as a JSON array of its columns in a fixed
 * order: the driver parses JSON natively instead of every column with its
 * own parser, and without a key per value the text is a third shorter than
 * `to_json(alias)`. Each value is then hydrated as TypeORM hydrates it (a
 * test compares a listed referral with the same one read alone), with the
 * common column types converted directly.
 */
export interface EntityRows<T> {
  /** The columns of `alias`, in the order `read` takes them. */
  readonly values: string;
  /** The row of `alias` as a JSON array of its columns, for a select list or an aggregate (json_agg). */
  readonly array: string;
  /** The entity from such an array (further elements are ignored); null for null. */
  read(array: unknown[] | null): T | null;
}

type Hydrate = (value: unknown) => unknown;

const TIMESTAMPS = new Set<unknown>([
  Date,
  'datetime',
  'timestamp',
  'timestamptz',
  'timestamp with time zone',
  'timestamp without time zone',
]);
/** Types whose JSON value is already what TypeORM hydrates: a string, a number, a boolean or an array of strings. */
const AS_IS = new Set<unknown>([
  String,
  Number,
  Boolean,
  'uuid',
  'varchar',
  'character varying',
  'text',
  'int',
  'integer',
  'boolean',
  'date',
]);

/** bytea in JSON is its hex text (\\x...). */
const fromByteaText: Hydrate = (value) => (typeof value === 'string' ? Buffer.from(value.slice(2), 'hex') : value);

function hydrator(dataSource: DataSource, column: ColumnMetadata): Hydrate {
  if (column.type === 'bytea') return fromByteaText;
  const byDriver: Hydrate = (value) => dataSource.driver.prepareHydratedValue(value, column);
  if (column.transformer) return byDriver;
  if (TIMESTAMPS.has(column.type) && !column.isArray) return (value) => (typeof value === 'string' ? new Date(value) : value);
  if (AS_IS.has(column.type) && (!column.isArray || column.type !== 'date')) return (value) => value;
  return byDriver;
}

/**
 * All of an entity's columns, hydrated into an instance; or, with
 * `properties`, only those, into a plain object typed as just them, for a
 * neighbour whose readers need a few of its columns (a consent's terms).
 */
export function entityRows<T>(dataSource: DataSource, target: EntityTarget<T>, alias: string): EntityRows<T>;
export function entityRows<T, K extends keyof T & string>(
  dataSource: DataSource,
  target: EntityTarget<T>,
  alias: string,
  properties: K[],
): EntityRows<Pick<T, K>>;
export function entityRows<T>(dataSource: DataSource, target: EntityTarget<T>, alias: string, properties?: string[]): EntityRows<T> {
  const metadata = dataSource.getMetadata(target);
  // Columns TypeORM does not select (select: false, such as a referral's statistics key) stay unread here too.
  const read = properties
    ? properties.map((property) => metadata.findColumnWithPropertyName(property)!)
    : metadata.columns.filter((column) => column.isSelect);
  const create = properties ? () => ({}) : () => metadata.create();
  const columns = read.map((column) => ({
    column,
    hydrate: hydrator(dataSource, column),
    // What ColumnMetadata.setEntityValue does for a real, top-level column, without its checks on every value.
    plain: !column.embeddedMetadata && !column.isVirtual,
  }));
  const values = columns.map(({ column }) => `"${alias}"."${column.databaseName}"`).join(', ');
  return {
    values,
    array: `json_build_array(${values})`,
    read(array) {
      if (!array) return null;
      const entity = create() as Record<string, unknown>;
      for (let i = 0; i < columns.length; i++) {
        const { column, hydrate, plain } = columns[i];
        const value = array[i] === null ? (column.transformer ? hydrate(null) : null) : hydrate(array[i]);
        if (plain) entity[column.propertyName] = value;
        else column.setEntityValue(entity, value);
      }
      return entity as T;
    },
  };
}
