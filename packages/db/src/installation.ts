import { randomBytes } from 'node:crypto';
import type { Logger } from '@ambassador/observability/logger';
import type { Database } from './database.ts';

export interface SecretKey {
  key: Buffer;
  source: 'environment' | 'database';
}

/**
 * The installation's secret key, every link token and signature is derived from: SECRET_KEY
 * (as config made it 32 bytes) when configured. Without it, and only where the development
 * tools allow that, a random key generated once and kept in the database: unsafe wherever
 * someone can read the database, since the key is enough to forge an admin's login link.
 *
 * An installation that ran on the database key moves to SECRET_KEY with the key
 * `pnpm secret-key` prints. Once SECRET_KEY is that key, its copy in the database is
 * removed; while SECRET_KEY is another key, the copy stays (so the move can still be made),
 * with a warning that links sent before no longer work.
 */
export async function loadSecretKey(db: Database, configured: Buffer | undefined, logger: Logger): Promise<SecretKey> {
  if (configured) {
    const moved = await db.deleteFrom('installation').where('secretKey', '=', configured).returning('id').executeTakeFirst();
    if (moved) {
      logger.info('SECRET_KEY is the key this installation kept in the database; the copy in the database is removed');
    } else if (await storedSecretKey(db)) {
      logger.warn(
        'SECRET_KEY differs from the key this installation used before (kept in the database): links sent before do not work. ' +
          'To keep them working, set SECRET_KEY to what `pnpm secret-key` prints',
      );
    }
    return { key: configured, source: 'environment' };
  }
  await db
    .insertInto('installation')
    .values({ secretKey: randomBytes(32) })
    .onConflict((conflict) => conflict.column('id').doNothing())
    .execute();
  logger.warn('SECRET_KEY is not set: links are derived from a key kept in the database (development only: ALLOW_DATABASE_SECRET_KEY=true)');
  const row = await db.selectFrom('installation').select('secretKey').executeTakeFirstOrThrow();
  return { key: row.secretKey, source: 'database' };
}

/** The key kept in the database, if this installation ever ran without SECRET_KEY. */
export async function storedSecretKey(db: Database): Promise<Buffer | undefined> {
  const row = await db.selectFrom('installation').select('secretKey').executeTakeFirst();
  return row?.secretKey;
}
