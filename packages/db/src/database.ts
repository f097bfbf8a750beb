import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import Cursor from 'pg-cursor';
import type { DB } from './schema.ts';

export type Database = Kysely<DB>;

export interface DatabaseOptions {
  /** Connections in the pool. */
  poolSize?: number;
  applicationName?: string;
}

/**
 * A Kysely instance over a pg pool; snake_case columns appear as camelCase in code. Queries
 * can `.stream()` their rows from a server-side cursor (pg-cursor), a chunk at a time.
 */
export function createDatabase(url: string, { poolSize = 10, applicationName = 'ambassador' }: DatabaseOptions = {}): Database {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    application_name: applicationName,
    connectionTimeoutMillis: 5000,
  });
  // A connection that drops (PostgreSQL restarted) emits 'error': on the pool while the client
  // is idle, on the client itself while it is checked out (say, in a transaction that waits
  // for an SMTP server). Without a listener either would end the process. Nothing is lost by
  // listening: the query in flight, or the next one on that client, fails with the error; the
  // pool discards a client that is no longer queryable when it is released, and the next
  // query gets a fresh connection.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool, cursor: Cursor }), plugins: [new CamelCasePlugin()] });
}
