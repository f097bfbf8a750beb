import { createHash } from 'node:crypto';
import type { Database } from '@ambassador/db/database';
import { type QueuedDelivery, storeDeliveries } from '@ambassador/db/deliveries';
import { test as base } from '@ambassador/testing/fixtures';
import { capturingLogger } from '@ambassador/testing/log-capture';
import { startRedisServer } from '@ambassador/testing/redis-server';
import { sql } from 'kysely';
import { describe, expect } from 'vitest';
import { API_KEY, authorized, buildIngest, type IngestUnderTest, seedProject } from './ingest-app.ts';

const jan = { name: 'Jan Jansen', email: 'jan.jansen@utrecht.example', motivation: 'Jans geheime toelichting 4417', note: 'Jan belde terug 9921' };
const piet = { name: 'Piet Pieters', email: 'piet@rijn.example', motivation: 'Piets toelichting', note: 'Piet gesproken' };
const API_KEY_ID = createHash('sha256').update(API_KEY).digest().subarray(0, 4).toString('hex');

/** Every row of every table, as JSON text, per table. */
async function everyRow(db: Database): Promise<Record<string, string[]>> {
  const { rows: tables } = await sql<{ tableName: string }>`
    SELECT table_name FROM information_schema.tables
    WHERE table_schema = 'public' AND table_type = 'BASE TABLE' AND table_name NOT LIKE 'kysely%'
    ORDER BY table_name
  `.execute(db);
  const dump: Record<string, string[]> = {};
  for (const { tableName } of tables) {
    const { rows } = await sql<{ row: string }>`SELECT row_to_json(t)::text AS row FROM ${sql.table(tableName)} t`.execute(db);
    dump[tableName] = rows.map((row) => row.row).sort();
  }
  return dump;
}

/** The ingest app with a logger whose lines the test reads. */
const test = base.extend('logged', async ({ database, redis }, { onCleanup }) => {
  const { logger, lines } = capturingLogger('info');
  const ingest = await buildIngest({ database, redis, logger });
  onCleanup(() => ingest.close());
  return { ingest, lines };
});

interface Person {
  responseIds: string[];
  alertIds: string[];
  /** The messages about the person's rows: alerts, escalations, the invitation and its reminder (their SMS are not queued here). */
  deliveries: QueuedDelivery[];
  invitationId: string;
}

async function call(ingest: IngestUnderTest, method: 'PUT' | 'POST' | 'DELETE', url: string, payload?: object) {
  const response = await ingest.app.inject({ method, url, headers: authorized, ...(payload ? { payload } : {}) });
  if (response.statusCode >= 300) throw new Error(`${method} ${url}: ${response.statusCode} ${response.body}`);
  return response;
}

/**
 * Two client contacts, each with an invitation, two responses (one on the other's project),
 * alerts, a follow-up step, an escalation, and their jobs in Redis (classify, alert,
 * escalation, invitation and a delayed reminder). Jan is also the contact of a second project.
 */
async function seedTwoPeople(ingest: IngestUnderTest, db: Database): Promise<{ jan: Person; piet: Person }> {
  await seedProject(ingest.app);
  await call(ingest, 'PUT', '/api/v1/projects/P-200', {
    name: 'Dijkversterking',
    client: { id: 'waterschap-rijn', name: 'Waterschap Rijn' },
    contact: { name: piet.name, email: piet.email },
    accountManagerId: 'am-1',
  });
  await call(ingest, 'PUT', '/api/v1/projects/P-300', {
    name: 'Brug Noord',
    client: { id: 'gemeente-utrecht', name: 'Gemeente Utrecht' },
    contact: { name: jan.name, email: jan.email },
    accountManagerId: 'am-1',
  });
  const invite = async (projectId: string) =>
    (await call(ingest, 'POST', `/api/v1/projects/${projectId}/close`)).json<{ invitation: { id: string } }>().invitation.id;
  const janInvitation = await invite('P-100');
  const pietInvitation = await invite('P-200');

  const answer = async (projectId: string, person: typeof jan, asRespondent: boolean) =>
    (
      await call(ingest, 'POST', '/api/v1/responses', {
        projectId,
        satisfaction: 'ontevreden',
        motivation: person.motivation,
        wouldRecommend: false,
        wantsMoreServices: false,
        // Jan's second answer gives his address in capitals: addresses are compared lower-cased.
        ...(asRespondent ? { respondent: { name: person.name, email: person.email.toUpperCase() } } : {}),
      })
    ).json<{ id: string }>().id;
  const janResponses = [await answer('P-100', jan, false), await answer('P-200', jan, true)];
  const pietResponses = [await answer('P-200', piet, false), await answer('P-100', piet, true)];

  const follow = async (responseIds: string[], { name, note }: typeof jan): Promise<{ alertIds: string[]; deliveries: QueuedDelivery[] }> => {
    const alertIds: string[] = [];
    for (const responseId of responseIds) {
      const alerts = await db
        .insertInto('alerts')
        .values([
          { responseId, role: 'account_manager', employeeId: 'am-1', email: 'anton@firm.example' },
          { responseId, role: 'manager', employeeId: 'mgr-1', email: 'marieke@firm.example' },
        ])
        .returning('id')
        .execute();
      alertIds.push(...alerts.map((alert) => alert.id));
      await db
        .insertInto('followUpSteps')
        .values({ responseId, status: 'in_progress', note, authorEmail: 'anton@firm.example', channel: 'web', createdAt: ingest.clock.read() })
        .execute();
      await db
        .insertInto('escalations')
        .values({ responseId, managerId: 'mgr-1', email: 'marieke@firm.example', dueAt: ingest.clock.read(), createdAt: ingest.clock.read() })
        .execute();
    }
    const now = ingest.clock.read();
    const deliveries = await storeDeliveries(
      db,
      [
        ...alertIds.map((about) => ({ kind: 'alert' as const, channel: 'email' as const, about, dueAt: now })),
        ...responseIds.map((about) => ({ kind: 'escalation' as const, channel: 'email' as const, about, dueAt: now })),
      ],
      now,
    );
    await ingest.producer.enqueueDeliveries(deliveries, now);
    // The account manager also had each alert by SMS, whose text (kept with it) names the person.
    await db
      .insertInto('deliveries')
      .values(
        alertIds.filter((_, index) => index % 2 === 0).map((alertId) => ({
          kind: 'alert' as const,
          channel: 'sms' as const,
          alertId,
          status: 'sent' as const,
          createdAt: now,
          dueAt: now,
          sentAt: now,
          attempts: 1,
          peerMessageId: `m-${alertId}`,
          body: JSON.stringify({ text: `[-] Negatieve ambassadeur: ${name}, Gemeente Utrecht. Bel binnen één werkdag.`, encoding: 'gsm7', segments: 1 }),
        })),
      )
      .execute();
    return { alertIds, deliveries };
  };
  const janFollowed = await follow(janResponses, jan);
  const pietFollowed = await follow(pietResponses, piet);
  // The invitation e-mails and their reminders, queued when the projects closed.
  const invitationDeliveries = async (invitationId: string) =>
    db.selectFrom('deliveries').select(['id', 'kind', 'channel', 'dueAt']).where('invitationId', '=', invitationId).execute();
  return {
    jan: { responseIds: janResponses, ...janFollowed, invitationId: janInvitation, deliveries: [...janFollowed.deliveries, ...(await invitationDeliveries(janInvitation))] },
    piet: { responseIds: pietResponses, ...pietFollowed, invitationId: pietInvitation, deliveries: [...pietFollowed.deliveries, ...(await invitationDeliveries(pietInvitation))] },
  };
}

function jobIdsOf(person: Person): { queue: 'classify' | 'deliver-email'; id: string }[] {
  return [
    ...person.responseIds.map((id) => ({ queue: 'classify' as const, id: `classify-${id}` })),
    ...person.deliveries.map(({ id }) => ({ queue: 'deliver-email' as const, id: `delivery-${id}` })),
  ];
}

async function queuedJobIds(ingest: IngestUnderTest, person: Person): Promise<string[]> {
  const found: string[] = [];
  for (const { queue, id } of jobIdsOf(person)) if (await ingest.producer.queue(queue).getJob(id)) found.push(id);
  return found;
}

describe('DELETE /api/v1/contacts/{email}', () => {
  test('erases the person from every table and their jobs from Redis, and nothing of anyone else', async ({ logged: { ingest, lines }, database: { db } }) => {
    const people = await seedTwoPeople(ingest, db);
    expect(await queuedJobIds(ingest, people.jan)).toHaveLength(jobIdsOf(people.jan).length);
    const before = await everyRow(db);

    const response = await ingest.app.inject({ method: 'DELETE', url: '/api/v1/contacts/Jan.Jansen%40Utrecht.Example', headers: authorized });
    expect(response.statusCode).toBe(204);
    expect(response.body).toBe('');

    const after = await everyRow(db);
    // Nothing anywhere still says who Jan is or what he wrote.
    const everything = JSON.stringify(after).toLowerCase();
    for (const value of Object.values(jan)) expect(everything).not.toContain(value.toLowerCase());

    // What went is exactly what was Jan's: rows that name one of his responses, alerts or his invitation.
    const janIds = [...people.jan.responseIds, ...people.jan.alertIds, people.jan.invitationId];
    const isJans = (row: string) => janIds.some((id) => row.includes(id));
    for (const table of ['responses', 'alerts', 'follow_up_steps', 'escalations', 'invitations', 'deliveries']) {
      expect(before[table]?.some(isJans), table).toBe(true);
      expect(after[table], table).toEqual(before[table]?.filter((row) => !isJans(row)));
    }
    // Everything else is as it was, projects included: they still name Jan's contact row, now anonymous.
    const changed = ['responses', 'alerts', 'follow_up_steps', 'escalations', 'invitations', 'deliveries', 'contacts', 'erasures', 'audit_events'];
    for (const table of Object.keys(before).filter((name) => !changed.includes(name))) expect(after[table], table).toEqual(before[table]);
    const contacts = await db.selectFrom('contacts').select(['email', 'name', 'anonymisedAt']).orderBy('name').execute();
    expect(contacts).toEqual([
      { email: piet.email, name: piet.name, anonymisedAt: null },
      { email: expect.stringMatching(/^anonymised-[0-9a-f-]{36}@anonymised\.invalid$/) as string, name: '[anonymised]', anonymisedAt: ingest.clock.read() },
    ]);

    // Jan's jobs have left Redis; Piet's are still there.
    expect(await queuedJobIds(ingest, people.jan)).toEqual([]);
    expect(await queuedJobIds(ingest, people.piet)).toHaveLength(jobIdsOf(people.piet).length);

    // The erasure is recorded: when, by which key, how much; and nothing of the address.
    const erasures = await db.selectFrom('erasures').selectAll().execute();
    expect(erasures).toEqual([
      {
        id: expect.any(String) as string,
        erasedAt: ingest.clock.read(),
        apiKeyId: API_KEY_ID,
        contactsDeleted: 0,
        contactsAnonymised: 1,
        responsesDeleted: 2,
        alertsDeleted: 4,
        followUpStepsDeleted: 2,
        escalationsDeleted: 2,
        invitationsDeleted: 1,
      },
    ]);
    const erasureRow = (await sql<{ row: string }>`SELECT row_to_json(e)::text AS row FROM erasures e`.execute(db)).rows[0]!.row.toLowerCase();
    for (const fragment of ['jan', 'jansen', 'utrecht', '@']) expect(erasureRow).not.toContain(fragment);
    expect(
      await db.selectFrom('auditEvents').select(['actorType', 'actor', 'subjectId']).where('action', '=', 'contact.erased').execute(),
    ).toEqual([{ actorType: 'api_key', actor: API_KEY_ID, subjectId: erasures[0]!.id }]);

    // The path held the address: the log has the request, without it.
    const logged = lines.join('').toLowerCase();
    expect(logged).toContain('/api/v1/contacts/[redacted]');
    expect(logged).toContain('contact erased');
    expect(logged).not.toContain('jan.jansen');
  });

  test('is idempotent: erasing again finds nothing, answers 204 and changes nothing but the record', async ({
    logged: { ingest },
    database: { db },
  }) => {
    await seedTwoPeople(ingest, db);
    await call(ingest, 'DELETE', `/api/v1/contacts/${encodeURIComponent(jan.email)}`);
    const before = await everyRow(db);

    const again = await ingest.app.inject({ method: 'DELETE', url: `/api/v1/contacts/${jan.email}`, headers: authorized });
    expect(again.statusCode).toBe(204);
    const after = await everyRow(db);
    for (const table of Object.keys(before).filter((name) => !['erasures', 'audit_events'].includes(name))) {
      expect(after[table], table).toEqual(before[table]);
    }
    const erasures = await db.selectFrom('erasures').select(['responsesDeleted', 'contactsDeleted', 'contactsAnonymised', 'invitationsDeleted']).orderBy('erasedAt').execute();
    expect(erasures).toHaveLength(2);
    expect(erasures[1]).toEqual({ responsesDeleted: 0, contactsDeleted: 0, contactsAnonymised: 0, invitationsDeleted: 0 });

    // An address never seen gets the same answer: the call tells no one who is known.
    const unknown = await ingest.app.inject({ method: 'DELETE', url: '/api/v1/contacts/nobody%40nowhere.example', headers: authorized });
    expect(unknown.statusCode).toBe(204);
  });

  test('erases in PostgreSQL and answers 204 while Redis is down (the jobs left behind find nothing to do)', async ({ database, redis }) => {
    const ownRedis = await startRedisServer();
    const { logger, lines } = capturingLogger('info');
    const ingest = await buildIngest({ database, redis, logger }, { redisUrl: ownRedis.url });
    try {
      await seedProject(ingest.app);
      await call(ingest, 'POST', '/api/v1/projects/P-100/close');
      await ownRedis.kill();
      const response = await ingest.app.inject({ method: 'DELETE', url: `/api/v1/contacts/${jan.email}`, headers: authorized });
      expect(response.statusCode).toBe(204);
      expect(await database.db.selectFrom('contacts').select(['name', 'anonymisedAt']).execute()).toEqual([
        { name: '[anonymised]', anonymisedAt: ingest.clock.read() },
      ]);
      expect(await database.db.selectFrom('invitations').select('id').execute()).toEqual([]);
      expect(lines.join('')).toContain('queued jobs not removed');
    } finally {
      // Queues close cleanly only with Redis there.
      await ownRedis.start();
      await ingest.close();
      await ownRedis.kill();
    }
  });

  test('takes an address of any valid length (up to 254 characters)', async ({ logged: { ingest }, database: { db } }) => {
    const long = `${'a'.repeat(64)}@${'b'.repeat(60)}.${'c'.repeat(60)}.example`;
    await seedProject(ingest.app);
    await call(ingest, 'PUT', '/api/v1/projects/P-100', {
      name: 'Riolering Oost',
      client: { id: 'gemeente-utrecht', name: 'Gemeente Utrecht' },
      contact: { name: 'Lang Adres', email: long },
      accountManagerId: 'am-1',
    });
    const response = await ingest.app.inject({ method: 'DELETE', url: `/api/v1/contacts/${encodeURIComponent(long)}`, headers: authorized });
    expect(response.statusCode).toBe(204);
    expect(await db.selectFrom('contacts').select('email').where('email', '=', long).execute()).toEqual([]);
  });

  test('deletes the contact row when no project names them any more', async ({ logged: { ingest }, database: { db } }) => {
    await seedProject(ingest.app);
    // The project's contact changes from Jan to Kees: Jan's contact row is left without a project.
    await call(ingest, 'PUT', '/api/v1/projects/P-100', {
      name: 'Riolering Oost',
      client: { id: 'gemeente-utrecht', name: 'Gemeente Utrecht' },
      contact: { name: 'Kees Klaassen', email: 'kees@utrecht.example' },
      accountManagerId: 'am-1',
    });
    await call(ingest, 'DELETE', `/api/v1/contacts/${jan.email}`);
    expect(await db.selectFrom('contacts').select('email').execute()).toEqual([{ email: 'kees@utrecht.example' }]);
    expect(await db.selectFrom('erasures').select(['contactsDeleted', 'contactsAnonymised']).execute()).toEqual([
      { contactsDeleted: 1, contactsAnonymised: 0 },
    ]);
  });

  test('a project whose contact was erased invites no one, and takes an answer only with a named respondent', async ({
    logged: { ingest },
    database: { db },
  }) => {
    await seedProject(ingest.app);
    await call(ingest, 'DELETE', `/api/v1/contacts/${jan.email}`);

    const close = await call(ingest, 'POST', '/api/v1/projects/P-100/close');
    expect(close.json()).toEqual({ invitation: null, skipped: 'contact_erased' });
    expect(await db.selectFrom('invitations').select('id').execute()).toEqual([]);

    const answer = { projectId: 'P-100', satisfaction: 'tevreden', wouldRecommend: true, wantsMoreServices: false };
    const anonymous = await ingest.app.inject({ method: 'POST', url: '/api/v1/responses', headers: authorized, payload: answer });
    expect(anonymous.statusCode).toBe(422);
    expect(anonymous.json()).toMatchObject({ errors: [{ path: 'respondent' }] });
    expect(await db.selectFrom('responses').select('id').execute()).toEqual([]);

    const named = await ingest.app.inject({
      method: 'POST',
      url: '/api/v1/responses',
      headers: authorized,
      payload: { ...answer, respondent: { name: 'Kees Klaassen', email: 'kees@utrecht.example' } },
    });
    expect(named.statusCode).toBe(202);
  });

  test('refuses a call without an API key with 401, and erases nothing', async ({ logged: { ingest }, database: { db } }) => {
    await seedProject(ingest.app);
    const response = await ingest.app.inject({ method: 'DELETE', url: `/api/v1/contacts/${jan.email}` });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await db.selectFrom('contacts').select('email').execute()).toEqual([{ email: jan.email }]);
    expect(await db.selectFrom('erasures').select('id').execute()).toEqual([]);
  });

  test('answers 400 with problem+json for a malformed address', async ({ logged: { ingest }, database: { db } }) => {
    for (const malformed of ['not-an-address', 'jan%40', '%40utrecht.example', `${'a'.repeat(60)}%40example`, 'jan%40utrecht.example/more', '']) {
      const response = await ingest.app.inject({ method: 'DELETE', url: `/api/v1/contacts/${malformed}`, headers: authorized });
      expect(response.statusCode, malformed).toBe(400);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json<{ errors: { path: string }[] }>().errors).toEqual([expect.objectContaining({ path: 'email' })]);
    }
    expect(await db.selectFrom('erasures').select('id').execute()).toEqual([]);
  });
});
