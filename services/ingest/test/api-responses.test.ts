import { classifyJob } from '@ambassador/queue/jobs';
import { describe, expect } from 'vitest';
import { authorized, seedProject, test } from './ingest-app.ts';

const answer = {
  projectId: 'P-100',
  satisfaction: 'meer_dan_tevreden',
  motivation: 'Heel prettig samengewerkt.',
  wouldRecommend: true,
  wantsMoreServices: true,
};

describe('POST /api/v1/responses', () => {
  test('stores the response, answers 202 with its id, and queues its classification by id only', async ({
    ingest: { app, producer },
    database: { db },
  }) => {
    await seedProject(app);
    const response = await app.inject({ method: 'POST', url: '/api/v1/responses', headers: authorized, payload: answer });
    expect(response.statusCode).toBe(202);
    const { id } = response.json<{ id: string }>();
    expect(response.headers.location).toBe(`/api/v1/responses/${id}`);

    const stored = await db.selectFrom('responses').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      projectId: 'P-100',
      respondentName: 'Jan Jansen',
      respondentEmail: 'jan.jansen@utrecht.example',
      satisfaction: 'meer_dan_tevreden',
      motivation: 'Heel prettig samengewerkt.',
      group: null,
    });

    const job = await producer.queue('classify').getJob(`classify-${id}`);
    expect(job?.name).toBe(classifyJob.name);
    expect(job?.data).toEqual({ responseId: id });
  });

  test('takes the respondent from the body when given', async ({ ingest: { app }, database: { db } }) => {
    await seedProject(app);
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/responses',
      headers: authorized,
      payload: { ...answer, respondent: { name: 'Piet Pieters', email: 'Piet@Utrecht.example' } },
    });
    expect(response.statusCode).toBe(202);
    const stored = await db.selectFrom('responses').select(['respondentName', 'respondentEmail']).executeTakeFirstOrThrow();
    expect(stored).toEqual({ respondentName: 'Piet Pieters', respondentEmail: 'piet@utrecht.example' });
  });

  test('answers 409 when that respondent already answered for that project, keeping the first answer', async ({
    ingest: { app },
    database: { db },
  }) => {
    await seedProject(app);
    const post = (payload: object) => app.inject({ method: 'POST', url: '/api/v1/responses', headers: authorized, payload });
    expect((await post(answer)).statusCode).toBe(202);
    const again = await post({ ...answer, satisfaction: 'ontevreden', respondent: { name: 'Jan', email: 'JAN.JANSEN@utrecht.example' } });
    expect(again.statusCode).toBe(409);
    expect(again.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(again.json()).toMatchObject({ status: 409, errors: [{ path: 'respondent.email' }] });
    const rows = await db.selectFrom('responses').select('satisfaction').execute();
    expect(rows).toEqual([{ satisfaction: 'meer_dan_tevreden' }]);
  });

  test('lets exactly one of many parallel identical submissions win', async ({ ingest: { app }, database: { db } }) => {
    await seedProject(app);
    const results = await Promise.all(
      Array.from({ length: 20 }, () => app.inject({ method: 'POST', url: '/api/v1/responses', headers: authorized, payload: answer })),
    );
    const statuses = results.map((result) => result.statusCode).sort();
    expect(statuses.filter((status) => status === 202)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(19);
    expect(await db.selectFrom('responses').select('id').execute()).toHaveLength(1);
  });

  test('refuses an unknown project with 422 naming projectId', async ({ ingest: { app } }) => {
    const response = await app.inject({ method: 'POST', url: '/api/v1/responses', headers: authorized, payload: answer });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ status: 422, errors: [{ path: 'projectId' }] });
  });

  test('names the invalid fields in a 400 problem and stores nothing', async ({ ingest: { app }, database: { db } }) => {
    await seedProject(app);
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/responses',
      headers: authorized,
      payload: { ...answer, satisfaction: 'heel_blij', wouldRecommend: 'yes', motivation: 'x'.repeat(2001) },
    });
    expect(response.statusCode).toBe(400);
    const body = response.json<{ title: string; detail: string; errors: { path: string; message: string }[] }>();
    expect(body.errors.map((error) => error.path).sort()).toEqual(['motivation', 'satisfaction', 'wouldRecommend']);
    expect(body.errors.every((error) => error.message.length > 0)).toBe(true);
    expect(await db.selectFrom('responses').select('id').execute()).toEqual([]);
  });

  test('refuses unknown fields and missing required ones', async ({ ingest: { app } }) => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/responses',
      headers: authorized,
      payload: { projectId: 'P-100', satisfaction: 'tevreden', wouldRecommend: true, nps: 9 },
    });
    expect(response.statusCode).toBe(400);
    const paths = response.json<{ errors: { path: string }[] }>().errors.map((error) => error.path).sort();
    expect(paths).toEqual(['nps', 'wantsMoreServices']);
  });

  test('takes a 0–10 recommendScore beside wouldRecommend, or alone (then wouldRecommend is score >= 9)', async ({ ingest: { app }, database: { db } }) => {
    await seedProject(app);
    const post = async (payload: object, email: string) => {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/responses',
        headers: authorized,
        payload: { projectId: 'P-100', satisfaction: 'tevreden', wantsMoreServices: false, respondent: { name: email, email }, ...payload },
      });
      expect(response.statusCode, response.body).toBe(202);
      const { id } = response.json<{ id: string }>();
      return db.selectFrom('responses').select(['wouldRecommend', 'recommendScore']).where('id', '=', id).executeTakeFirstOrThrow();
    };
    expect(await post({ recommendScore: 9 }, 'a@c.example')).toEqual({ wouldRecommend: true, recommendScore: 9 });
    expect(await post({ recommendScore: 8 }, 'b@c.example')).toEqual({ wouldRecommend: false, recommendScore: 8 });
    expect(await post({ recommendScore: 10, wouldRecommend: false }, 'c@c.example')).toEqual({ wouldRecommend: false, recommendScore: 10 });
    expect(await post({ recommendScore: 0, wouldRecommend: true }, 'd@c.example')).toEqual({ wouldRecommend: true, recommendScore: 0 });
    expect(await post({ wouldRecommend: true, recommendScore: null }, 'e@c.example')).toEqual({ wouldRecommend: true, recommendScore: null });
  });

  test('refuses a recommendScore outside 0–10 or not whole with 422 naming it, and stores nothing', async ({ ingest: { app }, database: { db } }) => {
    await seedProject(app);
    for (const recommendScore of [-1, 11, 7.5, 1e9]) {
      const response = await app.inject({
        method: 'POST',
        url: '/api/v1/responses',
        headers: authorized,
        payload: { ...answer, recommendScore },
      });
      expect(response.statusCode, String(recommendScore)).toBe(422);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ status: 422, errors: [{ path: 'recommendScore' }] });
    }
    const wrongType = await app.inject({ method: 'POST', url: '/api/v1/responses', headers: authorized, payload: { ...answer, recommendScore: '9' } });
    expect(wrongType.statusCode).toBe(400);
    expect(wrongType.json()).toMatchObject({ errors: [{ path: 'recommendScore' }] });
    expect(await db.selectFrom('responses').select('id').execute()).toEqual([]);
  });

  test('answers 400 naming wouldRecommend when neither it nor recommendScore is given', async ({ ingest: { app } }) => {
    await seedProject(app);
    const response = await app.inject({ method: 'POST', url: '/api/v1/responses', headers: authorized, payload: { ...answer, wouldRecommend: undefined } });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ errors: { path: string }[] }>().errors.map((error) => error.path)).toEqual(['wouldRecommend']);
  });

  test('answers 400 problem+json to malformed JSON', async ({ ingest: { app } }) => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/responses',
      headers: { ...authorized, 'content-type': 'application/json' },
      payload: '{"projectId": ',
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  test('answers 413 to a body over 64 KiB', async ({ ingest: { app } }) => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/responses',
      headers: authorized,
      payload: { ...answer, motivation: 'x'.repeat(70 * 1024) },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json()).toMatchObject({ status: 413 });
  });

  test('answers 415 to a body that is not JSON', async ({ ingest: { app } }) => {
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/responses',
      headers: { ...authorized, 'content-type': 'text/plain' },
      payload: 'satisfaction=tevreden',
    });
    expect(response.statusCode).toBe(415);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('GET /api/v1/responses/{id}', () => {
  test('shows the response with group null and no alerts until it is classified', async ({ ingest: { app } }) => {
    await seedProject(app);
    const posted = await app.inject({ method: 'POST', url: '/api/v1/responses', headers: authorized, payload: answer });
    const { id } = posted.json<{ id: string }>();

    const response = await app.inject({ method: 'GET', url: `/api/v1/responses/${id}`, headers: authorized });
    expect(response.statusCode).toBe(200);
    const body = response.json<Record<string, unknown>>();
    expect(body).toEqual({
      id,
      projectId: 'P-100',
      satisfaction: 'meer_dan_tevreden',
      motivation: 'Heel prettig samengewerkt.',
      wouldRecommend: true,
      recommendScore: null,
      wantsMoreServices: true,
      submittedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) as unknown,
      group: null,
      classifiedAt: null,
      alerts: [],
      followUp: { status: 'open', updatedAt: null },
      destinations: [],
    });
  });

  test('shows the recommendScore it was given', async ({ ingest: { app } }) => {
    await seedProject(app);
    const posted = await app.inject({ method: 'POST', url: '/api/v1/responses', headers: authorized, payload: { ...answer, wouldRecommend: undefined, recommendScore: 10 } });
    const { id } = posted.json<{ id: string }>();
    const response = await app.inject({ method: 'GET', url: `/api/v1/responses/${id}`, headers: authorized });
    expect(response.json()).toMatchObject({ wouldRecommend: true, recommendScore: 10 });
  });

  test('answers 404 problem+json for an unknown id, in any format', async ({ ingest: { app } }) => {
    for (const id of ['7b0c1f40-3f3e-4d5e-9a2b-1c2d3e4f5a6b', 'not-a-uuid']) {
      const response = await app.inject({ method: 'GET', url: `/api/v1/responses/${id}`, headers: authorized });
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
  });
});
