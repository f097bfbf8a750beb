import type { Database } from '@ambassador/db/database';
import { TestClock } from '@ambassador/testing/clock';
import { test } from '@ambassador/testing/fixtures';
import { sql } from 'kysely';
import { describe, expect } from 'vitest';
import { PURGE_INTERVAL_MS } from '../src/sweeper.ts';
import { runClassifier } from './classifier.ts';

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

/** A response that nothing classified yet: the sweep classifies it. */
async function unclassifiedResponse(db: Database, submittedAt: Date): Promise<void> {
  await db.insertInto('employees').values({ id: 'am', name: 'Anna', email: 'anna@firm.example' }).execute();
  await db.insertInto('clients').values({ id: 'client', name: 'Gemeente' }).execute();
  const contact = await db.insertInto('contacts').values({ name: 'Jan', email: 'jan@client.example' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('projects').values({ id: 'p', name: 'Brug', clientId: 'client', contactId: contact.id, accountManagerId: 'am' }).execute();
  await db
    .insertInto('responses')
    .values({ projectId: 'p', respondentName: 'Jan', respondentEmail: 'jan@client.example', satisfaction: 'tevreden', wouldRecommend: true, wantsMoreServices: false, submittedAt })
    .execute();
}

describe('purging sessions and login links', () => {
  test('deletes expired sessions, and login links a day after they expired, at the first sweep and then hourly', async ({ database, redis, logger }) => {
    const { db } = database;
    const clock = new TestClock();
    const now = clock.now.getTime();
    await session(db, 'expired', new Date(now - MINUTE_MS));
    await session(db, 'valid', new Date(now + 2 * PURGE_INTERVAL_MS));
    await loginLink(db, 'used-long-ago', new Date(now - 2 * DAY_MS), true);
    await loginLink(db, 'unused-long-ago', new Date(now - 2 * DAY_MS), false);
    await loginLink(db, 'expired-lately', new Date(now - 60 * MINUTE_MS), false);
    await loginLink(db, 'open', new Date(now + 10 * MINUTE_MS), false);

    const classifier = await runClassifier({ database, redis, logger }, {}, redis.url, clock);
    try {
      expect(await classifier.sweeper.sweepNow()).toMatchObject({ sessionsPurged: 1, loginLinksPurged: 2 });
      expect(await emailsOf(db, 'sessions')).toEqual(['valid']);
      expect(await emailsOf(db, 'loginLinks')).toEqual(['expired-lately', 'open']);

      await session(db, 'expired-since', new Date(now - MINUTE_MS));
      expect(await classifier.sweeper.sweepNow()).toMatchObject({ sessionsPurged: 0 });
      clock.now = new Date(now + PURGE_INTERVAL_MS);
      expect(await classifier.sweeper.sweepNow()).toMatchObject({ sessionsPurged: 1 });
      expect(await emailsOf(db, 'sessions')).toEqual(['valid']);
    } finally {
      await classifier.close();
    }
  });

  test('purges when the rest of the sweep fails, and sweeps when purging fails', async ({ database, redis, logger }) => {
    const { db } = database;
    const clock = new TestClock();
    await session(db, 'expired', new Date(clock.now.getTime() - MINUTE_MS));
    await unclassifiedResponse(db, new Date(clock.now.getTime() - MINUTE_MS));

    const classifier = await runClassifier({ database, redis, logger }, {}, redis.url, clock);
    try {
      // The sweep's first step fails, before it classifies anything.
      await sql`ALTER TABLE deliveries RENAME TO deliveries_away`.execute(db);
      await expect(classifier.sweeper.sweepNow()).rejects.toThrow(/deliveries/);
      expect(await emailsOf(db, 'sessions')).toEqual([]);
      await sql`ALTER TABLE deliveries_away RENAME TO deliveries`.execute(db);

      await sql`ALTER TABLE sessions RENAME TO sessions_away`.execute(db);
      clock.now = new Date(clock.now.getTime() + PURGE_INTERVAL_MS);
      expect(await classifier.sweeper.sweepNow()).toMatchObject({ classified: 1, sessionsPurged: 0 });
    } finally {
      await classifier.close();
    }
  });
});
