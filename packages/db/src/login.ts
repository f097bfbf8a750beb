import { randomUUID } from 'node:crypto';
import { sql, type Transaction } from 'kysely';
import type { Database } from './database.ts';
import { type QueuedDelivery, storeDeliveries } from './deliveries.ts';
import type { DB } from './schema.ts';

/**
 * One-time login links and the sessions they open. Neither token is stored: the database
 * keeps SHA-256 hashes to look them up.
 */

export interface LoginLinkLimit {
  /** At most this many links for one address… */
  links: number;
  /** …made in this many minutes before now. */
  windowMinutes: number;
}

/**
 * Makes a login link for `email` and stores its e-mail, to be queued, unless the address already
 * got `limit.links` links in the last `limit.windowMinutes` (then returns undefined). A lock on
 * the address makes the count and the insert one step for every instance of the module.
 */
export async function createLoginLink(
  db: Database,
  { email, now, validMinutes, tokenHashFor, limit }: { email: string; now: Date; validMinutes: number; tokenHashFor: (id: string) => Buffer; limit: LoginLinkLimit },
): Promise<{ id: string; deliveries: QueuedDelivery[] } | undefined> {
  return db.transaction().execute(async (trx) => {
    await sql`SELECT pg_advisory_xact_lock(hashtextextended(${`login-links:${email}`}, 0))`.execute(trx);
    const recent = await trx
      .selectFrom('loginLinks')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('email', '=', email)
      .where('createdAt', '>', new Date(now.getTime() - limit.windowMinutes * 60_000))
      .executeTakeFirstOrThrow();
    if (Number(recent.count) >= limit.links) return undefined;
    const id = randomUUID();
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

/** Opens a session, in the caller's transaction (which records the login with it). */
export async function createSession(
  trx: Transaction<DB>,
  { email, tokenHash, now, validHours }: { email: string; tokenHash: Buffer; now: Date; validHours: number },
): Promise<void> {
  await trx
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

/**
 * Ends every session of `email` (or of each address given) and deletes its unused login links: called when the address
 * stops being the same person's, so that neither follows it to its next owner.
 */
export async function endSessionsOf(trx: Transaction<DB>, email: string | readonly string[]): Promise<void> {
  const addresses = [email].flat();
  if (addresses.length === 0) return;
  await trx.deleteFrom('sessions').where('email', 'in', addresses).execute();
  await trx.deleteFrom('loginLinks').where('email', 'in', addresses).where('usedAt', 'is', null).execute();
}

/** What one purge deleted, as counts (a type, not an interface: a scheduled task's result is a record of counts). */
export type LoginPurgeResult = {
  sessionsPurged: number;
  loginLinksPurged: number;
  /** Import uploads nobody confirmed within their hour (their rows hold personal data). */
  importsPurged: number;
};

/** How long a login link is kept after it expired: the per-address limit counts recent links. */
const LOGIN_LINK_KEPT_MS = 24 * 60 * 60 * 1000;

/** Deletes expired sessions, login links (used or not) a day after they expired, and expired import uploads. */
export async function purgeExpiredLogins(db: Database, now: Date): Promise<LoginPurgeResult> {
  const sessions = await db.deleteFrom('sessions').where('expiresAt', '<=', now).executeTakeFirst();
  const links = await db
    .deleteFrom('loginLinks')
    .where('expiresAt', '<', new Date(now.getTime() - LOGIN_LINK_KEPT_MS))
    .executeTakeFirst();
  const imports = await db.deleteFrom('imports').where('expiresAt', '<=', now).executeTakeFirst();
  return { sessionsPurged: Number(sessions.numDeletedRows), loginLinksPurged: Number(links.numDeletedRows), importsPurged: Number(imports.numDeletedRows) };
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
