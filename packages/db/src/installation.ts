import { createHash, randomBytes } from 'node:crypto';
import type { Database } from './database.ts';

export interface SecretKey {
  key: Buffer;
  source: 'environment' | 'database';
}

/**
 * The installation's secret key: from SECRET_KEY when configured (hashed to 32 bytes),
 * otherwise a random key generated once and kept in the database, so that a fresh install
 * works without configuration. Configure SECRET_KEY in production: with the key only in
 * the database, a copy of the database is enough to forge personal links.
 */
export async function loadSecretKey(db: Database, configured: string | undefined): Promise<SecretKey> {
  if (configured) return { key: createHash('sha256').update(configured, 'utf8').digest(), source: 'environment' };
  await db
    .insertInto('installation')
    .values({ secretKey: randomBytes(32) })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .execute();
  const row = await db.selectFrom('installation').select('secretKey').executeTakeFirstOrThrow();
  return { key: row.secretKey, source: 'database' };
}
