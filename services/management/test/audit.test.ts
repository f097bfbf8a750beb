import type { Database } from '@ambassador/db/database';
import { ACKNOWLEDGE_PURPOSE, digestUnsubscribeToken, signValue } from '@ambassador/domain/tokens';
import { TEST_SECRET_KEY } from '@ambassador/testing/clock';
import { describe, expect } from 'vitest';
import { Browser, logIn, test } from './management-app.ts';
import { respond, seedFirm } from './seed.ts';

async function trail(db: Database) {
  return db.selectFrom('auditEvents').select(['actorType', 'actor', 'action', 'subjectId']).orderBy('id').execute();
}

const by = (actor: string, action: string, subjectId: string | null = null) => ({ actorType: 'user', actor, action, subjectId });

function listedActions(page: string): string[] {
  return [...page.matchAll(/<tr>\n<td><time[^>]*>[^<]*<\/time><\/td>\n<td>[^<]*<a[^>]*>([^<]*)<\/a><\/td>\n<td>([^<]*)<\/td>/g)].map(
    (match) => `${match[1]!} ${match[2]!}`,
  );
}

describe('the audit trail of the management module', () => {
  test('records logging in and out, viewing a response, a follow-up step and the CSV export, by the user who did it', async ({
    management,
    database,
  }) => {
    const { db } = database;
    await seedFirm(db);
    const id = await respond(db, 'anna', 'negative');
    const outsideScope = await respond(db, 'xander', 'negative');
    const browser = await logIn(management, database, 'anna@firm.example');

    expect((await browser.get(`/responses/${id}`)).statusCode).toBe(200);
    // A response outside Anna's scope is not shown, and so not recorded as seen.
    expect((await browser.get(`/responses/${outsideScope}`)).statusCode).toBe(404);
    expect((await browser.post(`/responses/${id}/follow-up`, { status: 'in_progress', note: 'Gebeld' })).statusCode).toBe(303);
    expect((await browser.get('/register.csv')).statusCode).toBe(200);
    await browser.get('/register');
    expect((await browser.post('/logout', {})).statusCode).toBe(303);

    expect(await trail(db)).toEqual([
      by('anna@firm.example', 'login'),
      by('anna@firm.example', 'response.viewed', id),
      by('anna@firm.example', 'follow_up.recorded', id),
      by('anna@firm.example', 'register.exported'),
      by('anna@firm.example', 'logout'),
    ]);
  });

  test('records the "I am on it" link and the digest opt-out in the name of the person the link was made for', async ({ management, database }) => {
    const { db } = database;
    await seedFirm(db);
    const id = await respond(db, 'anna', 'negative');
    const { id: alertId } = await db
      .insertInto('alerts')
      .values({ responseId: id, role: 'manager', employeeId: 'marieke', email: 'marieke@firm.example' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const visitor = new Browser(management.app);
    const ack = `/ack/${signValue(TEST_SECRET_KEY, ACKNOWLEDGE_PURPOSE, alertId)}`;
    // Opening a link records nothing; pressing its button does, once.
    expect((await visitor.get(ack)).statusCode).toBe(200);
    expect((await visitor.pressButton()).statusCode).toBe(303);
    expect((await visitor.pressButton()).statusCode).toBe(410);
    expect((await visitor.get(`/digest/unsubscribe/${digestUnsubscribeToken(TEST_SECRET_KEY, 'dirk', 0)}`)).statusCode).toBe(200);
    expect((await visitor.pressButton()).statusCode).toBe(303);

    expect(await trail(db)).toEqual([by('marieke@firm.example', 'alert.acknowledged', id), by('dirk@firm.example', 'digest.unsubscribed', 'dirk')]);
  });
});

describe('the audit page', () => {
  test('shows admins the trail, newest first, filtered by actor or subject, and nobody else', async ({ management, database }) => {
    const { db } = database;
    await seedFirm(db);
    const id = await respond(db, 'anna', 'negative');
    const anna = await logIn(management, database, 'anna@firm.example');
    await anna.get(`/responses/${id}`);

    expect((await anna.get('/audit')).statusCode).toBe(404);
    expect((await new Browser(management.app).get('/audit')).statusCode).toBe(303);

    const admin = await logIn(management, database, 'admin@firm.example');
    const page = await admin.get('/audit');
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-security-policy']).toBeDefined();
    expect(listedActions(page.body)).toEqual(['admin@firm.example Ingelogd', 'anna@firm.example Reactie bekeken', 'anna@firm.example Ingelogd']);
    expect(page.body).toContain(`<a href="/audit?subject=${id}">${id}</a>`);

    expect(listedActions((await admin.get('/audit?actor=ANNA%40firm.example&subject=')).body)).toEqual([
      'anna@firm.example Reactie bekeken',
      'anna@firm.example Ingelogd',
    ]);
    expect(listedActions((await admin.get(`/audit?subject=${id}`)).body)).toEqual(['anna@firm.example Reactie bekeken']);
    expect((await admin.get('/audit?before=abc')).statusCode).toBe(400);
  });

  test('escapes every value, and pages through a long trail', async ({ management, database }) => {
    const { db } = database;
    await seedFirm(db);
    const admin = await logIn(management, database, 'admin@firm.example');
    const at = new Date('2026-11-20T10:00:00Z');
    await db
      .insertInto('auditEvents')
      .values(
        Array.from({ length: 120 }, (_, index) => ({
          occurredAt: at,
          actorType: 'api_key' as const,
          actor: index === 119 ? '<script>alert(1)</script>' : 'abcd0123',
          action: 'project.upserted' as const,
          subjectId: index === 119 ? '"><img src=x onerror=alert(2)>' : `P-${index}`,
        })),
      )
      .execute();

    const first = await admin.get('/audit');
    expect(first.body).not.toContain('<script>alert(1)');
    expect(first.body).not.toContain('<img src=x');
    expect(first.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(first.body).toContain('&quot;&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(first.body.match(/<tr>\n<td><time/g)).toHaveLength(100);

    const older = /<a href="(\/audit\?before=\d+)">Oudere gebeurtenissen<\/a>/.exec(first.body)?.[1];
    expect(older).toBeDefined();
    const second = await admin.get(older!);
    // 120 inserted and the admin's own login: 21 left for the second page, the login last.
    expect(second.body.match(/<tr>\n<td><time/g)).toHaveLength(21);
    expect(listedActions(second.body).at(-1)).toBe('admin@firm.example Ingelogd');
    expect(second.body).not.toContain('Oudere gebeurtenissen');
  });
});
