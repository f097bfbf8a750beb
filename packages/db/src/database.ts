import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './schema.ts';

export type Database = Kysely<DB>;

export interface DatabaseOptions {
  /** Connections in the pool. */
  poolSize?: number;
  applicationName?: string;
}

/** A Kysely instance over a pg pool; snake_case columns appear as camelCase in code. */
export function createDatabase(url: string, { poolSize = 10, applicationName = 'ambassador' }: DatabaseOptions = {}): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    application_name: applicationName,
    connectionTimeoutMillis: 5000,
  });
  // An idle client whose connection drops (PostgreSQL restarted) emits 'error' on the pool;
  // without a listener that would end the process. The next query gets a fresh connection.
  pool.on('error', () => {});
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }), plugins: [new CamelCasePlugin()] });
}
