import type { Database } from '@ambassador/db/database';
import { pipelineStats } from '@ambassador/db/stats';
import { DAY_MS } from '@ambassador/domain/calendar';
import { TestClock } from '@ambassador/testing/clock';
import { test } from '@ambassador/testing/fixtures';
import { sql } from 'kysely';
import { describe, expect } from 'vitest';
import { RETENTION_INTERVAL_MS } from '../src/tasks/apply-retention.ts';
import { failureOf, letTimePass, runScheduler, type TestScheduler } from './scheduler.ts';

const ANONYMISED_ADDRESS = /^anonymised-[0-9a-f-]{36}@anonymised\.invalid$/;

/** A small history around the clock's now: five years old, three years and a bit, and recent. */
async function seedHistory(db: Database, now: Date) {
  const ago = (days: number) => new Date(now.getTime() - days * DAY_MS);
  await db.insertInto('employees').values({ id: 'am-1', name: 'Anton Bakker', email: 'anton@firm.example' }).execute();
  await db.insertInto('clients').values({ id: 'client', name: 'Gemeente' }).execute();

  const contact = async (name: string, email: string, updatedDaysAgo: number) =>
    (
      await db
        .insertInto('contacts')
        .values({ name, email, createdAt: ago(updatedDaysAgo), updatedAt: ago(updatedDaysAgo) })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  const project = async (id: string, contactId: string, daysAgo: number) =>
    db
      .insertInto('projects')
      .values({ id, name: `Project ${id}`, clientId: 'client', contactId, accountManagerId: 'am-1', createdAt: ago(daysAgo), updatedAt: ago(daysAgo), closedAt: ago(daysAgo) })
      .execute();
  /** An invitation whose e-mail went out at the second try; the first error quoted the address. */
  const invitation = async (projectId: string, contactId: string, daysAgo: number) => {
    const { id } = await db
      .insertInto('invitations')
      .values({ projectId, clientId: 'client', contactId, tokenHash: Buffer.alloc(32, projectId), createdAt: ago(daysAgo), expiresAt: ago(daysAgo - 60) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('deliveries')
      .values({
        kind: 'invitation',
        channel: 'email',
        invitationId: id,
        status: 'sent',
        createdAt: ago(daysAgo),
        dueAt: ago(daysAgo),
        sentAt: ago(daysAgo),
        attempts: 2,
        lastError: `451 try later for <${projectId}@client.example>`,
      })
      .execute();
    return id;
  };
  const response = async (projectId: string, name: string, email: string, daysAgo: number, motivation: string) => {
    const { id } = await db
      .insertInto('responses')
      .values({
        projectId,
        respondentName: name,
        respondentEmail: email,
        satisfaction: 'ontevreden',
        motivation,
        wouldRecommend: false,
        wantsMoreServices: false,
        submittedAt: ago(daysAgo),
        group: 'negative',
        ruleVersion: 1,
        classifiedAt: ago(daysAgo),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    const alert = await db
      .insertInto('alerts')
      .values({ responseId: id, role: 'account_manager', employeeId: 'am-1', email: 'anton@firm.example', createdAt: ago(daysAgo) })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('deliveries')
      .values({ kind: 'alert', channel: 'email', alertId: alert.id, status: 'sent', createdAt: ago(daysAgo), dueAt: ago(daysAgo), sentAt: ago(daysAgo), attempts: 1 })
      .execute();
    // The alert also went by SMS, whose text (kept with it) names the respondent.
    const text = `[-] Negatieve ambassadeur: ${name}, Gemeente. Bel binnen één werkdag. https://ambassador.example/r/x`;
    await db
      .insertInto('deliveries')
      .values({ kind: 'alert', channel: 'sms', alertId: alert.id, status: 'delivered', createdAt: ago(daysAgo), dueAt: ago(daysAgo), sentAt: ago(daysAgo), deliveredAt: ago(daysAgo), attempts: 1, peerMessageId: `m-${id}`, body: JSON.stringify({ text, encoding: 'gsm7', segments: 1 }) })
      .execute();
    await db
      .insertInto('followUpSteps')
      .values({ responseId: id, status: 'done', outcome: 'recovered', note: `Notitie over ${name}`, authorEmail: 'anton@firm.example', channel: 'web', createdAt: ago(daysAgo) })
      .execute();
    return id;
  };

  // Five years ago: Olga, the contact of a project nothing has happened to since, answered; so did a colleague of hers.
  const olga = await contact('Olga Oud', 'olga@client.example', 1800);
  await project('P-old', olga, 1800);
  const olgaInvitation = await invitation('P-old', olga, 1800);
  const olgaResponse = await response('P-old', 'Olga Oud', 'olga@client.example', 1795, 'Olga vond het niets 1111');
  const colleagueResponse = await response('P-old', 'Cor Collega', 'cor@client.example', 1790, 'Cor ook niet 2222');
  // Willem was the contact of a project that now names Olga: nothing refers to him any more.
  await contact('Willem Weg', 'willem@client.example', 1700);
  // Anna answered five years ago, and is the contact of a project that is running now.
  const anna = await contact('Anna Actief', 'anna@client.example', 20);
  await project('P-anna-old', anna, 1800);
  const annaOldInvitation = await invitation('P-anna-old', anna, 1800);
  const annaOldResponse = await response('P-anna-old', 'Anna Actief', 'anna@client.example', 1790, 'Anna toen 3333');
  await project('P-anna-new', anna, 20);
  // Bart was invited three years and a bit ago, and answered just within the period: his invitation waits for his answer.
  const bart = await contact('Bart Grens', 'bart@client.example', 1100);
  await project('P-bart', bart, 1100);
  const bartInvitation = await invitation('P-bart', bart, 1100);
  const bartResponse = await response('P-bart', 'Bart Grens', 'bart@client.example', 1090, 'Bart op het randje 4444');
  // Nina is recent in every way.
  const nina = await contact('Nina Nieuw', 'nina@client.example', 30);
  await project('P-nina', nina, 30);
  const ninaInvitation = await invitation('P-nina', nina, 30);
  const ninaResponse = await response('P-nina', 'Nina Nieuw', 'nina@client.example', 25, 'Nina nu 5555');

  await db
    .insertInto('auditEvents')
    .values([
      { occurredAt: ago(1800), actorType: 'user', actor: 'anton@firm.example', action: 'response.viewed', subjectId: olgaResponse },
      { occurredAt: ago(10), actorType: 'user', actor: 'anton@firm.example', action: 'response.viewed', subjectId: ninaResponse },
    ])
    .execute();
  return {
    responses: { olga: olgaResponse, colleague: colleagueResponse, annaOld: annaOldResponse, bart: bartResponse, nina: ninaResponse },
    invitations: { olga: olgaInvitation, annaOld: annaOldInvitation, bart: bartInvitation, nina: ninaInvitation },
    contacts: { olga, anna, bart, nina },
  };
}

async function everything(db: Database): Promise<string> {
  const { rows } = await sql<{ rows: string }>`
    SELECT concat_ws(E'\n',
      (SELECT json_agg(t)::text FROM contacts t), (SELECT json_agg(t)::text FROM responses t),
      (SELECT json_agg(t)::text FROM follow_up_steps t), (SELECT json_agg(t)::text FROM invitations t),
      (SELECT json_agg(t)::text FROM alerts t), (SELECT json_agg(t)::text FROM audit_events t),
      (SELECT json_agg(t)::text FROM deliveries t)) AS rows
  `.execute(db);
  return rows[0]?.rows ?? '';
}

describe('retention', () => {
  test('anonymises what is older than the retention period, keeps what is recent, and keeps the statistics', async ({
    database,
    redis,
    logger,
  }) => {
    const { db } = database;
    const clock = new TestClock();
    const seeded = await seedHistory(db, clock.read());
    const allTime = [new Date(0), new Date(clock.now.getTime() + DAY_MS)] as const;
    const statsBefore = await pipelineStats(db, ...allTime);
    const yearsAgo = [new Date(clock.now.getTime() - 1900 * DAY_MS), new Date(clock.now.getTime() - 1700 * DAY_MS)] as const;
    const oldStatsBefore = await pipelineStats(db, ...yearsAgo);
    expect(oldStatsBefore.invitations).toEqual({ sent: 2, answered: 2, responseRate: 1 });

    const scheduler = await runScheduler({ database, redis, logger }, { clock });
    try {
      const applied = await scheduler.runNow('apply-retention');
      expect(applied).toMatchObject({ invitationsAnonymised: 2, responsesAnonymised: 3, contactsAnonymised: 1, contactsDeleted: 1, auditEventsDeleted: 1 });

      // Nobody of five years ago can be told from what is left; Bart and Nina still can.
      const stored = await everything(db);
      for (const gone of ['Olga', 'olga@', 'Cor Collega', 'cor@', 'Willem', 'willem@', '1111', '2222', '3333', 'P-old@client', 'P-anna-old@client']) {
        expect(stored, gone).not.toContain(gone);
      }
      for (const kept of ['Bart Grens', 'bart@client.example', '4444', 'Nina Nieuw', 'nina@client.example', '5555', 'Anna Actief']) {
        expect(stored, kept).toContain(kept);
      }

      // Old responses keep their answers, group and dates; their name, address, motivation and notes are gone.
      const oldResponses = await db
        .selectFrom('responses')
        .select(['id', 'respondentName', 'respondentEmail', 'motivation', 'satisfaction', 'group', 'submittedAt', 'anonymisedAt'])
        .where('id', 'in', [seeded.responses.olga, seeded.responses.colleague, seeded.responses.annaOld])
        .execute();
      expect(oldResponses).toHaveLength(3);
      for (const row of oldResponses) {
        expect(row).toMatchObject({ respondentName: '[anonymised]', motivation: null, satisfaction: 'ontevreden', group: 'negative', anonymisedAt: clock.read() });
        expect(row.respondentEmail).toMatch(ANONYMISED_ADDRESS);
      }
      const steps = await db.selectFrom('followUpSteps').select(['responseId', 'status', 'outcome', 'note']).execute();
      expect(steps.filter((step) => step.note === null).map((step) => step.responseId).sort()).toEqual(
        [seeded.responses.olga, seeded.responses.colleague, seeded.responses.annaOld].sort(),
      );
      expect(steps.every((step) => step.status === 'done' && step.outcome === 'recovered')).toBe(true);
      expect(await db.selectFrom('alerts').select('id').execute()).toHaveLength(5);
      // Their SMS texts are gone with the names; the SMS themselves stay, as delivered.
      const texts = await db
        .selectFrom('deliveries')
        .innerJoin('alerts', 'alerts.id', 'deliveries.alertId')
        .select(['alerts.responseId', 'deliveries.status', 'deliveries.body'])
        .where('deliveries.channel', '=', 'sms')
        .execute();
      expect(texts.filter((row) => row.body === null).map((row) => row.responseId).sort()).toEqual(
        [seeded.responses.olga, seeded.responses.colleague, seeded.responses.annaOld].sort(),
      );
      expect(texts.every((row) => row.status === 'delivered')).toBe(true);

      // Every count is what it was, the response rate of five years ago included.
      expect(await pipelineStats(db, ...allTime)).toEqual(statsBefore);
      expect(await pipelineStats(db, ...yearsAgo)).toEqual(oldStatsBefore);

      // Old invitations now belong to anonymous stand-ins; Bart's waits for his answer to age.
      const invitations = await db
        .selectFrom('invitations')
        .innerJoin('contacts', 'contacts.id', 'invitations.contactId')
        .innerJoin('deliveries', 'deliveries.invitationId', 'invitations.id')
        .select(['invitations.id', 'contacts.email', 'contacts.anonymisedAt', 'deliveries.lastError'])
        .execute();
      const invitationOf = (id: string) => invitations.find((row) => row.id === id);
      for (const id of [seeded.invitations.olga, seeded.invitations.annaOld]) {
        expect(invitationOf(id)?.email).toMatch(ANONYMISED_ADDRESS);
        expect(invitationOf(id)?.lastError).toBeNull();
      }
      expect(invitationOf(seeded.invitations.bart)?.email).toBe('bart@client.example');
      expect(invitationOf(seeded.invitations.nina)?.email).toBe('nina@client.example');

      // Olga stays as an anonymous contact of her project; Willem, whom nothing named, is gone; Anna, Bart and Nina stay.
      const contactOf = (id: string) => db.selectFrom('contacts').select(['name', 'email', 'anonymisedAt']).where('id', '=', id).executeTakeFirst();
      expect(await contactOf(seeded.contacts.olga)).toMatchObject({ name: '[anonymised]', anonymisedAt: clock.read() });
      expect(await db.selectFrom('projects').select('contactId').where('id', '=', 'P-old').executeTakeFirst()).toEqual({ contactId: seeded.contacts.olga });
      for (const kept of [seeded.contacts.anna, seeded.contacts.bart, seeded.contacts.nina]) expect((await contactOf(kept))?.anonymisedAt).toBeNull();

      // The old audit event is gone; the system's own is recorded.
      expect(await db.selectFrom('auditEvents').select(['actorType', 'actor', 'action', 'subjectId']).orderBy('id').execute()).toEqual([
        { actorType: 'user', actor: 'anton@firm.example', action: 'response.viewed', subjectId: seeded.responses.nina },
        { actorType: 'system', actor: 'system', action: 'retention.applied', subjectId: null },
      ]);

      // Three years on, what was recent has aged too.
      clock.advanceDays(1095);
      const later = await scheduler.runNow('apply-retention');
      expect(later).toMatchObject({ invitationsAnonymised: 2, responsesAnonymised: 2 });
      const storedLater = await everything(db);
      for (const gone of ['Bart Grens', 'bart@', '4444', 'Nina Nieuw', 'nina@', '5555']) expect(storedLater, gone).not.toContain(gone);
      expect(await pipelineStats(db, ...allTime)).toEqual(statsBefore);
    } finally {
      await scheduler.close();
    }
  });

  /** One tick of the retention task's timer: it runs if it is due. */
  const tick = async (scheduler: TestScheduler) => (await scheduler.scheduler.runDue(['apply-retention']))['apply-retention'];

  test('runs at most once an hour, however many schedulers run', async ({ database, redis, logger }) => {
    const { db } = database;
    const clock = new TestClock();
    await seedHistory(db, clock.read());
    const first = await runScheduler({ database, redis, logger }, { clock });
    const second = await runScheduler({ database, redis, logger }, { clock });
    try {
      expect(await tick(first)).toMatchObject({ outcome: 'succeeded', result: { responsesAnonymised: 3 } });
      // Something old appears (say, imported); the next ticks within the hour, in either scheduler, leave it.
      await db
        .updateTable('responses')
        .set({ submittedAt: new Date(clock.now.getTime() - 2000 * DAY_MS) })
        .where('respondentEmail', '=', 'nina@client.example')
        .execute();
      expect(await tick(second)).toEqual({ outcome: 'skipped', reason: 'not due' });
      await letTimePass(database, 'apply-retention', RETENTION_INTERVAL_MS - 1000);
      expect(await tick(first)).toEqual({ outcome: 'skipped', reason: 'not due' });
      expect(await tick(second)).toEqual({ outcome: 'skipped', reason: 'not due' });
      await letTimePass(database, 'apply-retention', 1000);
      expect(await tick(second)).toMatchObject({ outcome: 'succeeded', result: { responsesAnonymised: 1 } });
    } finally {
      await first.close();
      await second.close();
    }
  });

  test('runs again at the next tick after a failed attempt, not an hour later', async ({ database, redis, logger }) => {
    const { db } = database;
    const clock = new TestClock();
    await seedHistory(db, clock.read());
    const scheduler = await runScheduler({ database, redis, logger }, { clock });
    try {
      // Its last step fails: what the steps before it did stays done, but the run failed.
      await sql`ALTER TABLE audit_events RENAME TO audit_events_away`.execute(db);
      expect(failureOf(await tick(scheduler))).toMatch(/audit_events/);
      await sql`ALTER TABLE audit_events_away RENAME TO audit_events`.execute(db);

      expect(await tick(scheduler)).toMatchObject({ outcome: 'succeeded', result: { responsesAnonymised: 0, auditEventsDeleted: 1 } });
      expect(await db.selectFrom('auditEvents').select('action').where('actorType', '=', 'system').execute()).toEqual([{ action: 'retention.applied' }]);
      expect(await tick(scheduler)).toEqual({ outcome: 'skipped', reason: 'not due' });
    } finally {
      await scheduler.close();
    }
  });
});
