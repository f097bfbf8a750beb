import { tokenHash } from '@ambassador/domain/tokens';
import { sql } from 'kysely';
import { describe, expect } from 'vitest';
import { authorized, seedProject, test } from './ingest-app.ts';

interface Invitation {
  id: string;
  url: string;
  expiresAt: string;
}

describe('POST /api/v1/projects/{id}/close', () => {
  test('invites the contact: 201 with a personal link, stored only as a hash, and its e-mail queued', async ({
    ingest: { app, producer, clock },
    database: { db },
  }) => {
    await seedProject(app);
    const response = await app.inject({ method: 'POST', url: '/api/v1/projects/P-100/close', headers: authorized });
    expect(response.statusCode).toBe(201);
    const { invitation } = response.json<{ invitation: Invitation }>();
    const token = invitation.url.replace('http://ambassador.test/s/', '');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(new Date(invitation.expiresAt).getTime() - clock.now.getTime()).toBe(60 * 24 * 60 * 60 * 1000);

    const stored = await db.selectFrom('invitations').selectAll().executeTakeFirstOrThrow();
    expect(stored.tokenHash.equals(tokenHash(token))).toBe(true);
    const everything = await sql<{ dump: string }>`SELECT row_to_json(i)::text AS dump FROM invitations i`.execute(db);
    expect(everything.rows[0]?.dump).not.toContain(token);
    expect(await db.selectFrom('projects').select('closedAt').executeTakeFirstOrThrow()).toEqual({ closedAt: clock.now });

    // The invitation e-mail and its reminder are stored with it; the e-mail is queued now, the reminder to wait 7 days.
    const deliveries = await db.selectFrom('deliveries').select(['id', 'kind', 'dueAt', 'status']).where('invitationId', '=', invitation.id).orderBy('dueAt').execute();
    expect(deliveries.map(({ kind, dueAt, status }) => ({ kind, dueAt, status }))).toEqual([
      { kind: 'invitation', dueAt: clock.now, status: 'pending' },
      { kind: 'reminder', dueAt: new Date(clock.now.getTime() + 7 * 24 * 60 * 60 * 1000), status: 'pending' },
    ]);
    const [email, reminder] = deliveries;
    const job = await producer.queue('deliver-email').getJob(`delivery-${email!.id}`);
    expect(job?.data).toEqual({ deliveryId: email!.id });
    expect(await (await producer.queue('deliver-email').getJob(`delivery-${reminder!.id}`))?.getState()).toBe('delayed');
  });

  test('answers 200 with the same invitation when closed again, and queues no second e-mail', async ({ ingest: { app, producer } }) => {
    await seedProject(app);
    const first = await app.inject({ method: 'POST', url: '/api/v1/projects/P-100/close', headers: authorized });
    const again = await app.inject({ method: 'POST', url: '/api/v1/projects/P-100/close', headers: authorized });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual(first.json());
    // The invitation waiting (behind any alert), its reminder delayed: one of each, however often the project is closed.
    expect(await producer.queue('deliver-email').getJobCounts('prioritized', 'delayed')).toEqual({ prioritized: 1, delayed: 1 });
  });

  test('answers 404 problem+json for an unknown project', async ({ ingest: { app } }) => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/projects/nope/close', headers: authorized });
    expect(response.statusCode).toBe(404);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  test('does not invite a client organisation again within 90 days, and says so', async ({ ingest: { app, clock }, database: { db } }) => {
    await seedProject(app, { projectId: 'P-1' });
    await seedProject(app, { projectId: 'P-2' });
    await seedProject(app, { projectId: 'P-3' });
    const close = (id: string) => app.inject({ method: 'POST', url: `/api/v1/projects/${id}/close`, headers: authorized });
    const invitedAt = clock.now.toISOString();
    expect((await close('P-1')).statusCode).toBe(201);

    clock.advanceDays(89);
    const throttled = await close('P-2');
    expect(throttled.statusCode).toBe(200);
    expect(throttled.json()).toEqual({ invitation: null, skipped: 'throttled', lastInvitedAt: invitedAt });
    expect(await db.selectFrom('projects').select('closedAt').where('id', '=', 'P-2').executeTakeFirstOrThrow()).toEqual({
      closedAt: clock.now,
    });

    clock.advanceDays(2);
    expect((await close('P-3')).statusCode).toBe(201);
    expect(await db.selectFrom('invitations').select('projectId').orderBy('createdAt').execute()).toEqual([
      { projectId: 'P-1' },
      { projectId: 'P-3' },
    ]);
  });

  test('invites a client organisation once when two of its projects close at the same moment', async ({
    ingest: { app },
    database: { db },
  }) => {
    await seedProject(app, { projectId: 'P-1' });
    await seedProject(app, { projectId: 'P-2' });
    const results = await Promise.all(
      ['P-1', 'P-2'].map((id) => app.inject({ method: 'POST', url: `/api/v1/projects/${id}/close`, headers: authorized })),
    );
    expect(results.map((result) => result.statusCode).sort()).toEqual([200, 201]);
    expect(await db.selectFrom('invitations').select('id').execute()).toHaveLength(1);
  });

  test('does not invite a contact who already answered for the project', async ({ ingest: { app }, database: { db } }) => {
    await seedProject(app);
    await app.inject({
      method: 'POST',
      url: '/api/v1/responses',
      headers: authorized,
      payload: { projectId: 'P-100', satisfaction: 'tevreden', wouldRecommend: true, wantsMoreServices: false },
    });
    const response = await app.inject({ method: 'POST', url: '/api/v1/projects/P-100/close', headers: authorized });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ invitation: null, skipped: 'already_answered' });
    expect(await db.selectFrom('invitations').select('id').execute()).toEqual([]);
  });

  test('needs an API key', async ({ ingest: { app } }) => {
    await seedProject(app);
    expect((await app.inject({ method: 'POST', url: '/api/v1/projects/P-100/close' })).statusCode).toBe(401);
  });
});

describe('GET /api/v1/stats', () => {
  test('counts invitations sent and answered, the response rate, and responses per group', async ({ ingest: { app }, database: { db } }) => {
    for (const id of ['P-1', 'P-2']) await seedProject(app, { projectId: id });
    // Two invitations (of two clients), one of them answered.
    await db.insertInto('clients').values({ id: 'other', name: 'Other' }).execute();
    await db.updateTable('projects').set({ clientId: 'other' }).where('id', '=', 'P-2').execute();
    for (const id of ['P-1', 'P-2']) await app.inject({ method: 'POST', url: `/api/v1/projects/${id}/close`, headers: authorized });
    await db.updateTable('deliveries').set({ status: 'sent', sentAt: new Date() }).where('kind', '=', 'invitation').execute();
    await app.inject({
      method: 'POST',
      url: '/api/v1/responses',
      headers: authorized,
      payload: { projectId: 'P-1', satisfaction: 'meer_dan_tevreden', wouldRecommend: true, wantsMoreServices: true },
    });
    await db.updateTable('responses').set({ group: 'positive', ruleVersion: 1, classifiedAt: new Date() }).execute();
    await app.inject({
      method: 'POST',
      url: '/api/v1/responses',
      headers: authorized,
      payload: { projectId: 'P-2', satisfaction: 'tevreden', wouldRecommend: true, wantsMoreServices: true, respondent: { name: 'X', email: 'x@y.example' } },
    });

    const response = await app.inject({ method: 'GET', url: '/api/v1/stats?from=2026-11-01&to=2026-11-30', headers: authorized });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({
      period: { from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' },
      invitations: { sent: 2, answered: 1, responseRate: 0.5 },
      responses: { total: 2, positive: 1, neutral: 0, negative: 0, unclassified: 1, hotLeads: 1 },
      nps: { promoters: 0, passives: 0, detractors: 0, score: null },
    });

    const outside = await app.inject({ method: 'GET', url: '/api/v1/stats?from=2025-01-01&to=2025-12-31', headers: authorized });
    expect(outside.json()).toMatchObject({ invitations: { sent: 0, answered: 0, responseRate: null }, responses: { total: 0 } });
  });

  test('gives the NPS of the responses in the period that have a score, rounded half away from zero', async ({ ingest: { app, clock } }) => {
    await seedProject(app);
    const post = async (index: number, score: number | null) => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/responses',
        headers: authorized,
        payload: {
          projectId: 'P-100',
          satisfaction: 'tevreden',
          wantsMoreServices: false,
          ...(score === null ? { wouldRecommend: true } : { recommendScore: score }),
          respondent: { name: `R${index}`, email: `r${index}@client.example` },
        },
      });
      expect(response.statusCode).toBe(202);
    };
    // By hand: 10, 9, 9 promoters; 8, 7, 7 passives; 5, 0 detractors: 3/8 − 2/8 = 12.5 % → 13.
    // One answer without a score counts for nothing; one a month later is outside the period.
    const scores = [10, 9, 9, 8, 7, 7, 5, 0, null];
    for (const [index, score] of scores.entries()) await post(index, score);
    clock.now = new Date('2026-12-15T09:00:00Z');
    await post(99, 0);

    const november = await app.inject({ method: 'GET', url: '/api/v1/stats?from=2026-11-01&to=2026-11-30', headers: authorized });
    expect(november.json()).toMatchObject({ responses: { total: 9 }, nps: { promoters: 3, passives: 3, detractors: 2, score: 13 } });
    // With December's detractor: 3/9 − 3/9 = 0.
    const both = await app.inject({ method: 'GET', url: '/api/v1/stats?from=2026-11-01&to=2026-12-31', headers: authorized });
    expect(both.json()).toMatchObject({ nps: { promoters: 3, passives: 3, detractors: 3, score: 0 } });
    const december = await app.inject({ method: 'GET', url: '/api/v1/stats?from=2026-12-01&to=2026-12-31', headers: authorized });
    expect(december.json()).toMatchObject({ nps: { promoters: 0, passives: 0, detractors: 1, score: -100 } });
  });

  test('names a malformed or backwards period', async ({ ingest: { app } }) => {
    const malformed = await app.inject({ method: 'GET', url: '/api/v1/stats?from=yesterday', headers: authorized });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ errors: [{ path: 'from' }] });
    const backwards = await app.inject({ method: 'GET', url: '/api/v1/stats?from=2026-12-01&to=2026-01-01', headers: authorized });
    expect(backwards.statusCode).toBe(422);
    expect(backwards.json()).toMatchObject({ errors: [{ path: 'to' }] });
  });
});
