import type { Database } from '@ambassador/db/database';
import { TestClock } from '@ambassador/testing/clock';
import { test } from '@ambassador/testing/fixtures';
import { sql } from 'kysely';
import { describe, expect, vi } from 'vitest';
import { PURGE_INTERVAL_MS } from '../src/tasks/purge-expired-logins.ts';
import { failureOf, letTimePass, runScheduler, runsOf } from './scheduler.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;

async function session(db: Database, name: string, expiresAt: Date): Promise<void> {
  await db
    .insertInto('sessions')
    .values({ email: `${name}@firm.example`, tokenHash: Buffer.alloc(32, name), createdAt: new Date(expiresAt.getTime() - DAY_MS), expiresAt })
    .execute();
}

async function loginLink(db: Database, name: string, expiresAt: Date, used: boolean): Promise<void> {
  await db
    .insertInto('loginLinks')
    .values({
      email: `${name}@firm.example`,
      tokenHash: Buffer.alloc(32, name),
      createdAt: new Date(expiresAt.getTime() - 15 * MINUTE_MS),
      expiresAt,
      ...(used ? { usedAt: new Date(expiresAt.getTime() - 10 * MINUTE_MS) } : {}),
    })
    .execute();
}

const emailsOf = async (db: Database, table: 'sessions' | 'loginLinks') =>
  (await db.selectFrom(table).select('email').orderBy('email').execute()).map((row) => row.email.split('@')[0]);

/** A − response that nothing classified yet: the backlog task classifies it, and stores its alert's e-mail. */
async function unclassifiedResponse(db: Database, submittedAt: Date): Promise<void> {
  await db.insertInto('employees').values({ id: 'am', name: 'Anna', email: 'anna@firm.example' }).execute();
  await db.insertInto('clients').values({ id: 'client', name: 'Gemeente' }).execute();
  const contact = await db.insertInto('contacts').values({ name: 'Jan', email: 'jan@client.example' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('projects').values({ id: 'p', name: 'Brug', clientId: 'client', contactId: contact.id, accountManagerId: 'am' }).execute();
  await db
    .insertInto('responses')
    .values({ projectId: 'p', respondentName: 'Jan', respondentEmail: 'jan@client.example', satisfaction: 'ontevreden', wouldRecommend: true, wantsMoreServices: false, submittedAt })
    .execute();
}

describe('purging sessions and login links', () => {
  test('deletes expired sessions, and login links a day after they expired, at the first run and then hourly', async ({ database, redis, logger }) => {
    const { db } = database;
    const clock = new TestClock();
    const now = clock.now.getTime();
    await session(db, 'expired', new Date(now - MINUTE_MS));
    await session(db, 'valid', new Date(now + 2 * PURGE_INTERVAL_MS));
    await loginLink(db, 'used-long-ago', new Date(now - 2 * DAY_MS), true);
    await loginLink(db, 'unused-long-ago', new Date(now - 2 * DAY_MS), false);
    await loginLink(db, 'expired-lately', new Date(now - 60 * MINUTE_MS), false);
    await loginLink(db, 'open', new Date(now + 10 * MINUTE_MS), false);
    for (const [uploadedBy, expiresAt] of [['abandoned', now - MINUTE_MS], ['waiting', now + 30 * MINUTE_MS]] as const) {
      await db.insertInto('imports').values({ kind: 'employees', fileName: 'x.csv', uploadedBy, rows: '[]', createdAt: new Date(now - DAY_MS), expiresAt: new Date(expiresAt) }).execute();
    }

    const scheduler = await runScheduler({ database, redis, logger }, { clock });
    /** One tick of the purge task's timer: it runs if it is due. */
    const tick = async () => (await scheduler.scheduler.runDue(['purge-expired-logins']))['purge-expired-logins'];
    try {
      expect(await tick()).toMatchObject({ outcome: 'succeeded', result: { sessionsPurged: 1, loginLinksPurged: 2, importsPurged: 1 } });
      expect(await db.selectFrom('imports').select('uploadedBy').execute()).toEqual([{ uploadedBy: 'waiting' }]);
      expect(await emailsOf(db, 'sessions')).toEqual(['valid']);
      expect(await emailsOf(db, 'loginLinks')).toEqual(['expired-lately', 'open']);

      await session(db, 'expired-since', new Date(now - MINUTE_MS));
      expect(await tick()).toEqual({ outcome: 'skipped', reason: 'not due' });
      expect(await emailsOf(db, 'sessions')).toEqual(['expired-since', 'valid']);
      await letTimePass(database, 'purge-expired-logins', PURGE_INTERVAL_MS);
      expect(await tick()).toMatchObject({ outcome: 'succeeded', result: { sessionsPurged: 1 } });
      expect(await emailsOf(db, 'sessions')).toEqual(['valid']);
    } finally {
      await scheduler.close();
    }
  });

  test('purges when the other tasks fail, and the others run when purging fails', async ({ database, redis, logger }) => {
    const { db } = database;
    const clock = new TestClock();
    await session(db, 'expired', new Date(clock.now.getTime() - MINUTE_MS));
    await unclassifiedResponse(db, new Date(clock.now.getTime() - MINUTE_MS));

    const scheduler = await runScheduler({ database, redis, logger }, { clock });
    try {
      // Re-queueing and classifying (which stores the alerts' messages) both fail.
      await sql`ALTER TABLE deliveries RENAME TO deliveries_away`.execute(db);
      const broken = await scheduler.scheduler.runNow();
      expect(failureOf(broken['requeue-messages'])).toMatch(/deliveries/);
      expect(failureOf(broken['classify-backlog'])).toMatch(/deliveries/);
      expect(broken['purge-expired-logins']).toMatchObject({ outcome: 'succeeded', result: { sessionsPurged: 1 } });
      expect(await emailsOf(db, 'sessions')).toEqual([]);
      await sql`ALTER TABLE deliveries_away RENAME TO deliveries`.execute(db);

      await sql`ALTER TABLE sessions RENAME TO sessions_away`.execute(db);
      const purgeBroken = await scheduler.scheduler.runNow();
      expect(failureOf(purgeBroken['purge-expired-logins'])).toMatch(/sessions/);
      expect(purgeBroken['classify-backlog']).toMatchObject({ outcome: 'succeeded', result: { classified: 1 } });
      expect(purgeBroken['requeue-messages']).toMatchObject({ outcome: 'succeeded' });
    } finally {
      await scheduler.close();
    }
  });

  test('on their timers, a purge that fails is tried again within seconds, not an hour later, while the other tasks keep running', async ({
    database,
    redis,
    logger,
  }) => {
    const { db } = database;
    const clock = new TestClock();
    await session(db, 'expired', new Date(clock.now.getTime() - MINUTE_MS));
    await sql`ALTER TABLE sessions RENAME TO sessions_away`.execute(db);
    const scheduler = await runScheduler(
      { database, redis, logger },
      { clock, timers: true, settings: { intervalMs: 100 }, retry: { firstRetryMs: 100, maxRetryMs: 200 } },
    );
    try {
      await vi.waitFor(async () => expect(await runsOf(scheduler.registry, 'purge-expired-logins', 'failed')).toBeGreaterThanOrEqual(2), { timeout: 10_000 });
      // Meanwhile the others ran, and ran again.
      await unclassifiedResponse(db, new Date(clock.now.getTime() - MINUTE_MS));
      await vi.waitFor(async () => expect(await db.selectFrom('responses').select('group').executeTakeFirst()).toEqual({ group: 'negative' }), { timeout: 10_000 });

      await sql`ALTER TABLE sessions_away RENAME TO sessions`.execute(db);
      await vi.waitFor(async () => expect(await emailsOf(db, 'sessions')).toEqual([]), { timeout: 10_000 });
      await vi.waitFor(async () => expect(await runsOf(scheduler.registry, 'purge-expired-logins', 'succeeded')).toBe(1));
    } finally {
      await scheduler.close();
    }
  });
});
