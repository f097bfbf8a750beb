import { createHash } from 'node:crypto';
import type { Database } from '@ambassador/db/database';
import { sql } from 'kysely';
import { describe, expect } from 'vitest';
import { API_KEY, authorized, seedProject, test } from './ingest-app.ts';

const API_KEY_ID = createHash('sha256').update(API_KEY).digest().subarray(0, 4).toString('hex');

async function trail(db: Database) {
  return db.selectFrom('auditEvents').select(['actorType', 'actor', 'action', 'subjectId', 'occurredAt']).orderBy('id').execute();
}

describe('the audit trail of the API', () => {
  test('records every write by the API key that made it, and a failed write not at all', async ({ ingest: { app, clock }, database: { db } }) => {
    await seedProject(app);
    expect(await trail(db)).toEqual(
      [
        ['employee.upserted', 'mgr-1'],
        ['employee.upserted', 'am-1'],
        ['project.upserted', 'P-100'],
      ].map(([action, subjectId]) => ({ actorType: 'api_key', actor: API_KEY_ID, action, subjectId, occurredAt: clock.read() })),
    );

    // A conflict rolls the employee back, and its audit event with it; an unknown account manager is refused before anything is stored.
    const conflict = await app.inject({
      method: 'PUT',
      url: '/api/v1/employees/am-2',
      headers: authorized,
      payload: { name: 'Dubbel', email: 'anton@firm.example' },
    });
    expect(conflict.statusCode).toBe(409);
    const unknownManager = await app.inject({
      method: 'PUT',
      url: '/api/v1/projects/P-101',
      headers: authorized,
      payload: { name: 'X', client: { id: 'c', name: 'C' }, contact: { name: 'Y', email: 'y@c.example' }, accountManagerId: 'nobody' },
    });
    expect(unknownManager.statusCode).toBe(422);
    expect(await trail(db)).toHaveLength(3);

    clock.advanceDays(1);
    expect((await app.inject({ method: 'POST', url: '/api/v1/projects/P-100/close', headers: authorized })).statusCode).toBe(201);
    expect((await app.inject({ method: 'POST', url: '/api/v1/projects/P-404/close', headers: authorized })).statusCode).toBe(404);
    expect((await trail(db)).slice(3)).toEqual([
      { actorType: 'api_key', actor: API_KEY_ID, action: 'project.closed', subjectId: 'P-100', occurredAt: clock.read() },
    ]);
  });

  test('stores no change whose audit event cannot be written: a project, its close and its invitation commit with their events', async ({
    ingest: { app },
    database: { db },
  }) => {
    await seedProject(app);
    await sql`
      CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit trail unavailable'; END $$;
      CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION refuse_audit();
    `.execute(db);
    const changed = await app.inject({
      method: 'PUT',
      url: '/api/v1/projects/P-100',
      headers: authorized,
      payload: { name: 'Renamed', client: { id: 'c-new', name: 'New client' }, contact: { name: 'Y', email: 'y@c.example' }, accountManagerId: 'am-1' },
    });
    expect(changed.statusCode).toBe(500);
    expect((await app.inject({ method: 'POST', url: '/api/v1/projects/P-100/close', headers: authorized })).statusCode).toBe(500);
    const project = await db.selectFrom('projects').select(['name', 'closedAt']).where('id', '=', 'P-100').executeTakeFirstOrThrow();
    expect(project.name).not.toBe('Renamed');
    expect(project.closedAt).toBeNull();
    expect(await db.selectFrom('clients').select('id').where('id', '=', 'c-new').execute()).toEqual([]);
    expect(await db.selectFrom('invitations').select('id').execute()).toEqual([]);
    expect(await db.selectFrom('deliveries').select('id').execute()).toEqual([]);
  });

  test('records each read of a response, but not a submission (the response row is its record)', async ({ ingest: { app }, database: { db } }) => {
    await seedProject(app);
    const submitted = await app.inject({
      method: 'POST',
      url: '/api/v1/responses',
      headers: authorized,
      payload: { projectId: 'P-100', satisfaction: 'tevreden', wouldRecommend: true, wantsMoreServices: false },
    });
    const { id } = submitted.json<{ id: string }>();
    const before = (await trail(db)).length;

    expect((await app.inject({ method: 'GET', url: `/api/v1/responses/${id}`, headers: authorized })).statusCode).toBe(200);
    expect((await app.inject({ method: 'GET', url: '/api/v1/responses/00000000-0000-4000-8000-000000000000', headers: authorized })).statusCode).toBe(404);
    const events = (await trail(db)).slice(before);
    expect(events).toEqual([expect.objectContaining({ actorType: 'api_key', actor: API_KEY_ID, action: 'response.read_by_api', subjectId: id })]);
  });

  test('holds ids only: no name or address of a client contact', async ({ ingest: { app }, database: { db } }) => {
    await seedProject(app);
    await app.inject({ method: 'POST', url: '/api/v1/projects/P-100/close', headers: authorized });
    const rows = JSON.stringify(await db.selectFrom('auditEvents').selectAll().execute());
    expect(rows).not.toContain('jan.jansen');
    expect(rows).not.toContain('Jan Jansen');
    expect(rows).not.toContain('@');
  });
});
