import { randomUUID } from 'node:crypto';
import type { Database } from './database.ts';
import { type QueuedDelivery, storeDeliveries } from './deliveries.ts';

/**
 * One-time login links and the sessions they open. Neither token is stored: the database
 * keeps SHA-256 hashes to look them up.
 */

/** Makes a login link and stores its e-mail, to be queued. */
export async function createLoginLink(
  db: Database,
  { email, now, validMinutes, tokenHashFor }: { email: string; now: Date; validMinutes: number; tokenHashFor: (id: string) => Buffer },
): Promise<{ id: string; deliveries: QueuedDelivery[] }> {
  const id = randomUUID();
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('loginLinks')
      .values({ id, email, tokenHash: tokenHashFor(id), createdAt: now, expiresAt: new Date(now.getTime() + validMinutes * 60_000) })
      .execute();
    return { id, deliveries: await storeDeliveries(trx, [{ kind: 'login_link', channel: 'email', about: id, dueAt: now }], now) };
  });
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

export interface LoginLinkMessage {
  id: string;
  email: string;
  expiresAt: Date;
  usedAt: Date | null;
  /** The employee's name and language, when the address is an employee's. */
  name: string | null;
  locale: 'nl' | 'en' | null;
}

export async function findLoginLinkMessage(db: Database, id: string): Promise<LoginLinkMessage | undefined> {
  return db
    .selectFrom('loginLinks')
    .leftJoin('employees', 'employees.email', 'loginLinks.email')
    .select(['loginLinks.id', 'loginLinks.email', 'loginLinks.expiresAt', 'loginLinks.usedAt', 'employees.name', 'employees.locale'])
    .where('loginLinks.id', '=', id)
    .executeTakeFirst();
}
