import type { Database } from '@ambassador/db/database';
import { emailAddress, lineOfText, motivationText, personName } from '@ambassador/domain/inputs';
import { locales, satisfactions } from '@ambassador/domain/vocabulary';
import type { LightMyRequestResponse } from 'fastify';
import { sql } from 'kysely';
import { expect } from 'vitest';
import { z } from 'zod';

/**
 * Checks for the property tests: what the API answers, and what the database may hold,
 * whatever was sent.
 */

const problemBody = z.strictObject({
  type: z.literal('about:blank'),
  title: z.string().min(1),
  status: z.number().int(),
  detail: z.string().min(1),
  instance: z.string().optional(),
  errors: z.array(z.strictObject({ path: z.string().min(1), message: z.string().min(1) })).min(1).optional(),
});

/** Never a 5xx; every error is RFC 9457 problem+json whose `status` is the HTTP status. */
export function expectApiAnswer(response: LightMyRequestResponse): void {
  expect(response.statusCode, response.body.slice(0, 500)).toBeLessThan(500);
  if (response.statusCode < 400) {
    expect(response.headers['content-type']).toMatch(/^application\/json/u);
    return;
  }
  expect(response.headers['content-type']).toBe('application/problem+json; charset=utf-8');
  const body = problemBody.parse(response.json());
  expect(body.status).toBe(response.statusCode);
}

/** Never a 5xx; every answer of the form is an HTML page, or a redirect within the form. */
export function expectFormAnswer(response: LightMyRequestResponse): void {
  expect(response.statusCode, response.body.slice(0, 500)).toBeLessThan(500);
  if (response.statusCode === 303) {
    expect(response.headers.location).toMatch(/^\/s\//u);
    return;
  }
  expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
  expect(response.headers['content-security-policy']).toContain("default-src 'none'");
  expect(response.body).toMatch(/^<!doctype html>/iu);
}

/** No prototype was polluted by anything a request carried. */
export function expectPrototypesClean(): void {
  expect(Object.keys(Object.prototype)).toEqual([]);
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
}

const trackedTables = ['employees', 'clients', 'contacts', 'projects', 'responses', 'invitations'] as const;

/**
 * A digest of every row the API can write: equal before and after a refused request when
 * nothing, not even half a record, was written.
 */
export async function storedState(db: Database): Promise<string> {
  const digests = trackedTables.map(
    (table) => sql<string>`(SELECT md5(coalesce(string_agg(t::text, ',' ORDER BY t::text), '')) FROM ${sql.table(table)} t)`,
  );
  const { rows } = await sql<{ state: string }>`SELECT concat_ws('|', ${sql.join(digests)}) AS state`.execute(db);
  return rows[0]?.state ?? '';
}

/** A stored value is as the domain's own validator would leave it (trimmed, lower-cased, in range). */
function expectCanonical(schema: z.ZodType<string, string>, value: string): void {
  expect(schema.parse(value)).toBe(value);
}

/**
 * Every stored row keeps the contract: responses belong to a project, with a valid
 * respondent, a lower-cased address, a known satisfaction and a motivation of at most 2000
 * characters (or none, never empty); employees, clients, contacts and projects hold valid,
 * trimmed names and addresses; every invitation is for an existing project.
 */
export async function expectStoredContract(db: Database): Promise<void> {
  const responses = await db
    .selectFrom('responses')
    .leftJoin('projects', 'projects.id', 'responses.projectId')
    .select(['projects.id as foundProjectId', 'respondentName', 'respondentEmail', 'satisfaction', 'motivation'])
    .execute();
  for (const response of responses) {
    expect(response.foundProjectId).not.toBeNull();
    expectCanonical(personName, response.respondentName);
    expectCanonical(emailAddress, response.respondentEmail);
    expect(satisfactions).toContain(response.satisfaction);
    if (response.motivation !== null) {
      expect(response.motivation).not.toBe('');
      expect(response.motivation.length).toBeLessThanOrEqual(2000);
      expectCanonical(motivationText, response.motivation);
    }
  }

  for (const employee of await db.selectFrom('employees').select(['name', 'email', 'locale']).execute()) {
    expectCanonical(personName, employee.name);
    expectCanonical(emailAddress, employee.email);
    expect(locales).toContain(employee.locale);
  }
  for (const contact of await db.selectFrom('contacts').select(['name', 'email']).execute()) {
    expectCanonical(personName, contact.name);
    expectCanonical(emailAddress, contact.email);
  }
  for (const client of await db.selectFrom('clients').select('name').execute()) expectCanonical(lineOfText(200), client.name);
  for (const project of await db.selectFrom('projects').select('name').execute()) expectCanonical(lineOfText(200), project.name);

  const strayInvitations = await db
    .selectFrom('invitations')
    .leftJoin('projects', 'projects.id', 'invitations.projectId')
    .select('invitations.id')
    .where('projects.id', 'is', null)
    .execute();
  expect(strayInvitations).toEqual([]);
}
