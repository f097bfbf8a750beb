import pg from 'pg';

/**
 * Creates the database named in `url` when it does not exist yet, so that `pnpm migrate`
 * works on a fresh PostgreSQL. Connects to the server's `postgres` database to do so.
 * Returns whether it created one.
 */
export async function ensureDatabaseExists(url: string): Promise<boolean> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.slice(1));
  if (!name) return false;
  const maintenance = new URL(url);
  maintenance.pathname = '/postgres';
  const client = new pg.Client({ connectionString: maintenance.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount) return false;
    await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    return true;
  } catch (error) {
    // Another process created it between our check and our CREATE: that is what we wanted.
    if (error instanceof Error && 'code' in error && error.code === '42P04') return false;
    throw error;
  } finally {
    await client.end();
  }
}
