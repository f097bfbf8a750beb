import { describe, expect } from 'vitest';
import { authorized, buildIngest, test } from './ingest-app.ts';

describe('/api/v1/destinations', () => {
  test('creates, lists and deletes a destination, with defaults by kind and an audit event per change', async ({ ingest: { app }, database: { db } }) => {
    const teams = await app.inject({ method: 'PUT', url: '/api/v1/destinations/teams-water', headers: authorized, payload: { kind: 'teams', url: 'http://127.0.0.1:9/teams', division: 'Water' } });
    expect(teams.statusCode).toBe(200);
    expect(teams.json()).toEqual({
      id: 'teams-water',
      kind: 'teams',
      url: 'http://127.0.0.1:9/teams',
      events: ['response.classified'],
      division: 'Water',
      active: true,
      disabledAt: null,
      disabledReason: null,
      createdAt: expect.any(String) as unknown,
      updatedAt: expect.any(String) as unknown,
    });
    const webhook = await app.inject({
      method: 'PUT',
      url: '/api/v1/destinations/crm',
      headers: authorized,
      payload: { kind: 'webhook', url: 'http://127.0.0.1:9/hook', events: ['follow_up.recorded', 'response.classified'] },
    });
    expect(webhook.json()).toMatchObject({ events: ['response.classified', 'follow_up.recorded'], secret: expect.stringMatching(/^whsec_/u) as unknown });

    const list = await app.inject({ method: 'GET', url: '/api/v1/destinations', headers: authorized });
    expect(list.json<{ destinations: { id: string }[] }>().destinations.map((destination) => destination.id)).toEqual(['crm', 'teams-water']);
    expect(list.body).not.toContain('secret');

    expect((await app.inject({ method: 'DELETE', url: '/api/v1/destinations/crm', headers: authorized })).statusCode).toBe(204);
    const again = await app.inject({ method: 'DELETE', url: '/api/v1/destinations/crm', headers: authorized });
    expect(again.statusCode).toBe(404);
    expect(again.headers['content-type']).toMatch(/^application\/problem\+json/u);
    expect((await app.inject({ method: 'GET', url: '/api/v1/destinations/crm/deliveries', headers: authorized })).statusCode).toBe(404);

    const audit = await db.selectFrom('auditEvents').select(['action', 'subjectId', 'actorType']).orderBy('id').execute();
    expect(audit).toEqual([
      { action: 'destination.upserted', subjectId: 'teams-water', actorType: 'api_key' },
      { action: 'destination.upserted', subjectId: 'crm', actorType: 'api_key' },
      { action: 'destination.deleted', subjectId: 'crm', actorType: 'api_key' },
    ]);
  });

  test('refuses an unknown field (400), and Teams or Slack asking for follow-up events (422 naming events)', async ({ ingest: { app } }) => {
    const unknown = await app.inject({ method: 'PUT', url: '/api/v1/destinations/x', headers: authorized, payload: { kind: 'webhook', url: 'https://a.example', secret: 'mine' } });
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json()).toMatchObject({ errors: [{ path: 'secret' }] });
    const chat = await app.inject({ method: 'PUT', url: '/api/v1/destinations/x', headers: authorized, payload: { kind: 'slack', url: 'http://127.0.0.1:9/', events: ['follow_up.recorded'] } });
    expect(chat.statusCode).toBe(422);
    expect(chat.json()).toMatchObject({ status: 422, errors: [{ path: 'events' }] });
  });

  test('refuses URLs that are not https or reach internal addresses (422 naming url), unless DESTINATIONS_ALLOW_PRIVATE', async ({ database, redis, logger }) => {
    const strict = await buildIngest({ database, redis, logger }, { allowPrivateDestinations: false });
    try {
      for (const url of ['http://hooks.example/x', 'https://127.0.0.1/x', 'https://localhost:8443/x', 'https://169.254.169.254/latest', 'https://[::ffff:10.0.0.1]/x', 'https://[fd00::1]/x', 'not a url']) {
        const response = await strict.app.inject({ method: 'PUT', url: '/api/v1/destinations/x', headers: authorized, payload: { kind: 'webhook', url } });
        expect(response.statusCode, url).toBe(url === 'not a url' ? 400 : 422);
        expect(response.headers['content-type']).toMatch(/^application\/problem\+json/u);
        expect(response.json(), url).toMatchObject({ errors: [{ path: 'url' }] });
      }
      const list = await strict.app.inject({ method: 'GET', url: '/api/v1/destinations', headers: authorized });
      expect(list.json()).toEqual({ destinations: [] });
    } finally {
      await strict.close();
    }
  });
});
