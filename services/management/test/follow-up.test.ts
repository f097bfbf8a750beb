import { ACKNOWLEDGE_PURPOSE, signValue } from '@ambassador/domain/tokens';
import { TEST_SECRET_KEY } from '@ambassador/testing/clock';
import { describe, expect } from 'vitest';
import { Browser, logIn, test } from './management-app.ts';
import { respond, seedFirm } from './seed.ts';

async function alertFor(db: Parameters<typeof seedFirm>[0], responseId: string, role: 'account_manager' | 'manager' = 'account_manager') {
  const recipient = role === 'account_manager' ? { id: 'anna', email: 'anna@firm.example' } : { id: 'marieke', email: 'marieke@firm.example' };
  const { id } = await db
    .insertInto('alerts')
    .values({ responseId, role, employeeId: recipient.id, email: recipient.email, status: 'sent', sentAt: new Date(), attempts: 1 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

describe('the response page and the closed loop', () => {
  test('shows the answers, each alert with its delivery status, and the timeline', async ({ management, database }) => {
    await seedFirm(database.db);
    const id = await respond(database.db, 'anna', 'negative', { name: 'Boze Bert', motivation: 'Te laat, twee keer.' });
    await alertFor(database.db, id, 'account_manager');
    await alertFor(database.db, id, 'manager');
    const browser = await logIn(management, database, 'anna@firm.example');
    const page = await browser.get(`/responses/${id}`);
    expect(page.statusCode).toBe(200);
    for (const text of ['Boze Bert', 'Klant van Anna', 'Project anna', 'ontevreden', 'Te laat, twee keer.', 'Accountmanager', 'Leidinggevende', 'marieke@firm.example', 'Verstuurd', 'Nog geen stappen.']) {
      expect(page.body, text).toContain(text);
    }
    // The outcomes offered fit a − response.
    expect(page.body).toContain('value="recovered"');
    expect(page.body).not.toContain('value="introduction_made"');
  });

  test('records a follow-up step, which the timeline and the register then show', async ({ management, database }) => {
    await seedFirm(database.db);
    const id = await respond(database.db, 'anna', 'positive', { name: 'Blije Bea' });
    const browser = await logIn(management, database, 'anna@firm.example');
    await browser.get(`/responses/${id}`);
    const saved = await browser.post(`/responses/${id}/follow-up`, { status: 'done', outcome: 'reference_case', note: 'Case geschreven <b>samen</b>' });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/responses/${id}?saved=1`);

    const page = await browser.get(saved.headers.location!);
    expect(page.body).toContain('Vastgelegd.');
    expect(page.body).toContain('<strong>Afgerond</strong> · Referentiecase');
    expect(page.body).toContain('Case geschreven &lt;b&gt;samen&lt;/b&gt;');
    expect(page.body).toContain('door Anna Accountmanager');
    expect((await browser.get('/register')).body).toMatch(/<td>Afgerond<\/td>/);
    expect(await database.db.selectFrom('followUpSteps').select(['status', 'outcome', 'authorEmail', 'channel']).execute()).toEqual([
      { status: 'done', outcome: 'reference_case', authorEmail: 'anna@firm.example', channel: 'web' },
    ]);
  });

  test('refuses an outcome that does not fit the group, a bad status, or a missing CSRF token', async ({ management, database }) => {
    await seedFirm(database.db);
    const id = await respond(database.db, 'anna', 'negative');
    const browser = await logIn(management, database, 'anna@firm.example');
    await browser.get(`/responses/${id}`);
    const wrongOutcome = await browser.post(`/responses/${id}/follow-up`, { status: 'done', outcome: 'introduction_made' });
    expect(wrongOutcome.statusCode).toBe(422);
    expect(wrongOutcome.body).toContain('id="outcome-error"');
    expect((await browser.post(`/responses/${id}/follow-up`, { status: 'finished' })).statusCode).toBe(422);
    expect((await browser.post(`/responses/${id}/follow-up`, { status: 'done' }, { withToken: false })).statusCode).toBe(403);
    expect(await database.db.selectFrom('followUpSteps').select('id').execute()).toEqual([]);
  });

  test('answers 404 for an unknown or malformed response id', async ({ management, database }) => {
    await seedFirm(database.db);
    const browser = await logIn(management, database, 'admin@firm.example');
    expect((await browser.get('/responses/7b0c1f40-3f3e-4d5e-9a2b-1c2d3e4f5a6b')).statusCode).toBe(404);
    expect((await browser.get('/responses/not-a-uuid')).statusCode).toBe(404);
  });
});

describe('the "I am on it" link from the alert e-mail', () => {
  test('records in_progress once, in the name of the alert recipient, without logging in', async ({ management, database }) => {
    await seedFirm(database.db);
    const responseId = await respond(database.db, 'anna', 'negative');
    const alertId = await alertFor(database.db, responseId, 'manager');
    const anonymous = new Browser(management.app);
    const link = `/ack/${signValue(TEST_SECRET_KEY, ACKNOWLEDGE_PURPOSE, alertId)}`;

    const first = await anonymous.get(link);
    expect(first.statusCode).toBe(200);
    expect(first.body).toContain('in behandeling');
    const second = await anonymous.get(link);
    expect(second.statusCode).toBe(200);
    expect(second.body).toContain('al gebruikt');
    expect(anonymous.cookies.has('ambassador_session')).toBe(false);

    expect(await database.db.selectFrom('followUpSteps').select(['status', 'authorEmail', 'channel']).execute()).toEqual([
      { status: 'in_progress', authorEmail: 'marieke@firm.example', channel: 'email' },
    ]);
    expect(await database.db.selectFrom('alerts').select('acknowledgedAt').where('id', '=', alertId).executeTakeFirstOrThrow()).toEqual({
      acknowledgedAt: management.clock.now,
    });
  });

  test('does not set a finished follow-up back to in progress', async ({ management, database }) => {
    await seedFirm(database.db);
    const responseId = await respond(database.db, 'anna', 'negative');
    const alertId = await alertFor(database.db, responseId);
    const browser = await logIn(management, database, 'anna@firm.example');
    await browser.get(`/responses/${responseId}`);
    await browser.post(`/responses/${responseId}/follow-up`, { status: 'done', outcome: 'recovered' });
    await browser.get(`/ack/${signValue(TEST_SECRET_KEY, ACKNOWLEDGE_PURPOSE, alertId)}`);
    const steps = await database.db.selectFrom('followUpSteps').select('status').orderBy('createdAt').execute();
    expect(steps).toEqual([{ status: 'done' }]);
  });

  test('answers 404 to a tampered or unknown link, changing nothing', async ({ management, database }) => {
    await seedFirm(database.db);
    const responseId = await respond(database.db, 'anna', 'negative');
    const alertId = await alertFor(database.db, responseId);
    const signed = signValue(TEST_SECRET_KEY, ACKNOWLEDGE_PURPOSE, alertId);
    const otherAlert = '7b0c1f40-3f3e-4d5e-9a2b-1c2d3e4f5a6b';
    for (const link of [
      `/ack/${signed.slice(0, -1)}${signed.endsWith('A') ? 'B' : 'A'}`,
      `/ack/${otherAlert}.${signed.split('.')[1]!}`,
      `/ack/${signValue(TEST_SECRET_KEY, ACKNOWLEDGE_PURPOSE, otherAlert)}`,
      `/ack/${signValue(Buffer.alloc(32, 1), ACKNOWLEDGE_PURPOSE, alertId)}`,
      '/ack/garbage',
    ]) {
      expect((await management.app.inject({ method: 'GET', url: link })).statusCode, link).toBe(404);
    }
    expect(await database.db.selectFrom('followUpSteps').select('id').execute()).toEqual([]);
  });
});

describe('the queues', () => {
  test('are shown to admins under /queues, and to nobody else', async ({ management, database }) => {
    await seedFirm(database.db);
    const admin = await logIn(management, database, 'admin@firm.example');
    const board = await admin.get('/queues');
    expect(board.statusCode).toBe(200);
    expect(board.body).toContain('Ambassador');
    const api = await admin.get('/queues/api/queues');
    expect(api.statusCode).toBe(200);
    expect(api.body).toContain('notify');

    const manager = await logIn(management, database, 'dirk@firm.example');
    expect((await manager.get('/queues')).statusCode).toBe(404);
    expect((await manager.get('/queues/api/queues')).statusCode).toBe(404);
  });
});
