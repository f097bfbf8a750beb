import { createHash } from 'node:crypto';
import { CamelCasePlugin, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import Cursor from 'pg-cursor';
import type { DB } from './schema.ts';

export type Database = Kysely<DB>;

export interface DatabaseOptions {
  /** Connections in the pool. */
  poolSize?: number;
  applicationName?: string;
  /**
   * Prepare each distinct statement once per connection and run it by name after that, so
   * PostgreSQL parses and plans it once instead of on every execution. For a service that runs
   * the same few statements all day (the notifier); not for one that builds statements of many
   * shapes (each shape stays prepared on its connection). A migration that changes the type
   * of a column such a statement returns wants the service restarted with it, as upgrades do;
   * a pooler in transaction mode between the service and PostgreSQL must keep named statements
   * (PgBouncer 1.21 and later with `max_prepared_statements`).
   */
  preparedStatements?: boolean;
}

const statementNames = new Map<string, string>();

/** The name of a statement on a connection: its text's digest (within PostgreSQL's 63 bytes). */
function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `s_${createHash('sha1').update(text).digest('base64url')}`;
    statementNames.set(text, name);
  }
  return name;
}

/** A pg client that runs parameterised statements as named (prepared) ones; anything else (a cursor) as it is. */
class PreparingClient extends pg.Client {
  // `never`: whatever the overload of pg's `query` that the call matches returns, passed through.
  override query(...args: unknown[]): never {
    const [text, values, callback] = args;
    if (typeof text === 'string' && Array.isArray(values)) {
      return (super.query as (...a: unknown[]) => never)({ name: statementName(text), text, values }, callback);
    }
    return (super.query as (...a: unknown[]) => never)(...args);
  }
}

/**
 * A Kysely instance over a pg pool; snake_case columns appear as camelCase in code. Queries
 * can `.stream()` their rows from a server-side cursor (pg-cursor), a chunk at a time.
 */
export function createDatabase(url: string, { poolSize = 10, applicationName = 'ambassador', preparedStatements = false }: DatabaseOptions = {}): Database {
  const pool = new pg.Pool({
    ...(preparedStatements ? { Client: PreparingClient } : {}),
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
