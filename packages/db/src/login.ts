import { randomUUID } from 'node:crypto';
import type { Transaction } from 'kysely';
import type { Database } from './database.ts';
import type { DB } from './schema.ts';

/**
 * One-time login links and the sessions they open. Neither token is stored: the database
 * keeps SHA-256 hashes to look them up.
 */

export async function createLoginLink(
  db: Database,
  { email, now, validMinutes, tokenHashFor }: { email: string; now: Date; validMinutes: number; tokenHashFor: (id: string) => Buffer },
): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('loginLinks')
    .values({ id, email, tokenHash: tokenHashFor(id), createdAt: now, expiresAt: new Date(now.getTime() + validMinutes * 60_000) })
    .execute();
  return id;
}

export interface LoginLink {
  email: string;
  expiresAt: Date;
  usedAt: Date | null;
  /** The employee's language, when the address is an employee's. */
  locale: 'nl' | 'en' | null;
}

/** A login link by its token's hash, used or not: what the page its e-mail opens shows. */
export async function findLoginLink(db: Database, tokenHash: Buffer): Promise<LoginLink | undefined> {
  return db
    .selectFrom('loginLinks')
    .leftJoin('employees', 'employees.email', 'loginLinks.email')
    .select(['loginLinks.email', 'loginLinks.expiresAt', 'loginLinks.usedAt', 'employees.locale'])
    .where('loginLinks.tokenHash', '=', tokenHash)
    .executeTakeFirst();
}

/** Uses a login link: returns its e-mail address once, while it is unexpired; then never again. */
export async function consumeLoginLink(db: Database, tokenHash: Buffer, now: Date): Promise<string | undefined> {
  const row = await db
    .updateTable('loginLinks')
    .set({ usedAt: now })
    .where('tokenHash', '=', tokenHash)
    .where('usedAt', 'is', null)
    .where('expiresAt', '>', now)
    .returning('email')
    .executeTakeFirst();
  return row?.email;
}

export async function createSession(
  db: Database,
  { email, tokenHash, now, validHours }: { email: string; tokenHash: Buffer; now: Date; validHours: number },
): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ email, tokenHash, createdAt: now, expiresAt: new Date(now.getTime() + validHours * 3_600_000) })
    .execute();
}

export async function findSessionEmail(db: Database, tokenHash: Buffer, now: Date): Promise<string | undefined> {
  const row = await db
    .selectFrom('sessions')
    .select('email')
    .where('tokenHash', '=', tokenHash)
    .where('expiresAt', '>', now)
    .executeTakeFirst();
  return row?.email;
}

export async function deleteSession(db: Database, tokenHash: Buffer): Promise<void> {
  await db.deleteFrom('sessions').where('tokenHash', '=', tokenHash).execute();
}

export interface LoginLinkDelivery {
  id: string;
  email: string;
  status: 'pending' | 'sent' | 'failed';
  expiresAt: Date;
  usedAt: Date | null;
  /** The employee's name and language, when the address is an employee's. */
  name: string | null;
  locale: 'nl' | 'en' | null;
}

export async function lockLoginLinkForDelivery(trx: Transaction<DB>, id: string): Promise<LoginLinkDelivery | undefined> {
  return trx
    .selectFrom('loginLinks')
    .leftJoin('employees', 'employees.email', 'loginLinks.email')
    .select([
      'loginLinks.id',
      'loginLinks.email',
      'loginLinks.status',
      'loginLinks.expiresAt',
      'loginLinks.usedAt',
      'employees.name',
      'employees.locale',
    ])
    .where('loginLinks.id', '=', id)
    .forUpdate('loginLinks')
    .executeTakeFirst();
}

/** Records a delivery attempt of a pending login link: sent, or failed (for good when `final`). */
export async function recordLoginLinkDelivery(
  db: Database,
  id: string,
  outcome: { sentAt: Date } | { error: string; final: boolean },
): Promise<void> {
  await db
    .updateTable('loginLinks')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      ...('sentAt' in outcome
        ? { status: 'sent' as const, sentAt: outcome.sentAt, lastError: null }
        : { lastError: outcome.error, ...(outcome.final ? { status: 'failed' as const } : {}) }),
    }))
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .execute();
}
