import type pg from 'pg';
import type { DataSource } from 'typeorm';

/** How the data source's connection pool is used at this moment. */
export interface PoolUse {
  /** Connections open, busy or idle. */
  total: number;
  idle: number;
  /** Requests waiting for a connection: above zero for long, the pool is too small for the load. */
  waiting: number;
  max: number;
}

/**
 * Read from pg's pool under TypeORM (`driver.master`), which TypeORM types as `any`. The embedded database is served
 * through the same pool (one connection to PGlite's socket server), so the same numbers describe both: there a waiting
 * count above zero means requests queue for PGlite's single session.
 */
export function poolUse(dataSource: DataSource): PoolUse {
  const pool = (dataSource.driver as unknown as { master?: pg.Pool }).master;
  if (!pool) return { total: 0, idle: 0, waiting: 0, max: 0 };
  return { total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max: pool.options.max ?? 0 };
}
