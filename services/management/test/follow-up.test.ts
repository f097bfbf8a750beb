import type { Database } from '@ambassador/db/database';
import { defaultFollowUpPolicy } from '@ambassador/domain/calendar';
import { ACKNOWLEDGE_PURPOSE, signValue } from '@ambassador/domain/tokens';
import { TEST_SECRET_KEY } from '@ambassador/testing/clock';
import { managementRoutes, pathTo, responseShortCode } from '@ambassador/links/links';
import { snapshotOf } from '@ambassador/testing/snapshot';
import { describe, expect } from 'vitest';
import { Browser, buildManagement, logIn, test } from './management-app.ts';
import { respond, seedFirm } from './seed.ts';

/** An alert about a response, sent (by default) on Friday 20 November 2026, when `respond` answers. */
async function alertFor(db: Database, responseId: string, role: 'account_manager' | 'manager' = 'account_manager', sentAt = new Date('2026-11-20T10:00:00Z')) {
  const recipient = role === 'account_manager' ? { id: 'anna', email: 'anna@firm.example' } : { id: 'marieke', email: 'marieke@firm.example' };
  const { id } = await db
    .insertInto('alerts')
    .values({ responseId, role, employeeId: recipient.id, email: recipient.email, createdAt: sentAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  // Its e-mail went out.
  await db
    .insertInto('deliveries')
    .values({ kind: 'alert', channel: 'email', alertId: id, status: 'sent', createdAt: sentAt, dueAt: sentAt, sentAt, attempts: 1 })
    .execute();
  return id;
}

const ackLink = (alertId: string) => `/ack/${signValue(TEST_SECRET_KEY, ACKNOWLEDGE_PURPOSE, alertId)}`;

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

describe('the deliveries of the alerts on the response page', () => {
  test('shows every message of every alert over every channel, with its status, times and why it failed', async ({ management, database }) => {
    const { db } = database;
    await seedFirm(db);
    const id = await respond(db, 'anna', 'negative', { name: 'Boze Bert' });
    const toAnna = await alertFor(db, id, 'account_manager');
    const toMarieke = await alertFor(db, id, 'manager');
    const at = (time: string) => new Date(`2026-11-20T${time}Z`);
    await db
      .insertInto('deliveries')
      .values([
        { kind: 'alert', channel: 'sms', alertId: toAnna, status: 'delivered', createdAt: at('10:00:00'), dueAt: at('10:00:00'), sentAt: at('10:00:02'), deliveredAt: at('10:03:00'), attempts: 1 },
        { kind: 'alert', channel: 'sms', alertId: toMarieke, status: 'failed', createdAt: at('10:00:00'), dueAt: at('10:00:00'), failedAt: at('10:00:01'), attempts: 1, lastError: 'SMS is not configured: set SMPP_URL' },
      ])
      .execute();
    const page = await (await logIn(management, database, 'anna@firm.example')).get(`/responses/${id}`);
    const rows = [...page.body.matchAll(/<tr>(.*?)<\/tr>/gsu)].map(([, row]) => row!.replace(/<[^>]+>/gu, '|').replace(/\|+/gu, '|'));
    expect(rows).toEqual([
      '|Rol|Ontvanger|Kanaal|Status|Verstuurd|Afgeleverd|Toelichting|Opgepakt via e-mail|',
      '|Accountmanager|anna@firm.example|E-mail|Verstuurd|20 nov 2026, 11:00|',
      '|SMS|Afgeleverd|20 nov 2026, 11:00|20 nov 2026, 11:03|',
      '|Leidinggevende|marieke@firm.example|E-mail|Verstuurd|20 nov 2026, 11:00|',
      '|SMS|Mislukt|20 nov 2026, 11:00: SMS is not configured: set SMPP_URL|',
    ]);
  });

  test('opens the response from the short link of an SMS, and answers 404 to a code that is none', async ({ management, database }) => {
    await seedFirm(database.db);
    const id = await respond(database.db, 'anna', 'negative');
    const browser = await logIn(management, database, 'anna@firm.example');
    const short = await browser.get(pathTo(managementRoutes.shortResponse, { code: responseShortCode(id) }));
    expect(short.statusCode).toBe(302);
    expect(short.headers.location).toBe(`/responses/${id}`);
    expect((await browser.get(short.headers.location!)).statusCode).toBe(200);
    expect((await browser.get('/r/not-a-short-code')).statusCode).toBe(404);
  });
});

describe('the "I am on it" link from the alert e-mail', () => {
  test('opened (GET or HEAD, as a mail scanner does) shows the response in the recipient\'s language, and changes nothing', async ({
    management,
    database: { db },
  }) => {
    await seedFirm(db);
    await db.updateTable('employees').set({ locale: 'en' }).where('id', '=', 'marieke').execute();
    const responseId = await respond(db, 'anna', 'negative', { name: 'Boze Bert' });
    const toMarieke = ackLink(await alertFor(db, responseId, 'manager'));
    const toAnna = ackLink(await alertFor(db, responseId, 'account_manager'));
    const before = await snapshotOf(db);

    const english = await management.app.inject({ method: 'GET', url: toMarieke });
    expect(english.statusCode).toBe(200);
    expect(english.body).toContain('<html lang="en">');
    expect(english.body).toContain('<h1>I am on it</h1>');
    expect(english.body).toContain('in the name of <strong>marieke@firm.example</strong>');
    expect(english.body).toContain('<dt>Respondent</dt><dd>Boze Bert</dd><dt>Client</dt><dd>Klant van Anna</dd><dt>Project</dt><dd>Project anna</dd><dt>Group</dt><dd>\u2212 Negative</dd>');
    expect(english.body).toContain(`<form method="post" action="${toMarieke}">`);
    expect(english.body.match(/<button/g)).toHaveLength(1);
    expect(english.body).toContain('>Yes, I am on it</button>');
    const dutch = await management.app.inject({ method: 'GET', url: toAnna });
    expect(dutch.body).toContain('<html lang="nl">');
    expect(dutch.body).toContain('op naam van <strong>anna@firm.example</strong>');
    expect(dutch.body).toContain('<dt>Groep</dt><dd>\u2212 Negatief</dd>');
    expect(dutch.body).toContain('>Ja, ik pak dit op</button>');
    for (const link of [toMarieke, toAnna]) expect((await management.app.inject({ method: 'HEAD', url: link })).statusCode).toBe(200);

    expect(await snapshotOf(db)).toEqual(before);
  });

  test('pressing its button records in_progress once, in the name of the alert recipient, and confirms in their language', async ({
    management,
    database: { db },
  }) => {
    await seedFirm(db);
    await db.updateTable('employees').set({ locale: 'en' }).where('id', '=', 'marieke').execute();
    const responseId = await respond(db, 'anna', 'negative');
    const alertId = await alertFor(db, responseId, 'manager');
    const link = ackLink(alertId);
    const anonymous = new Browser(management.app);
    await anonymous.get(link);

    const pressed = await anonymous.pressButton();
    expect(pressed.statusCode).toBe(303);
    expect(pressed.headers.location).toBe(`${link}/done`);
    const confirmation = await anonymous.get(pressed.headers.location!);
    expect(confirmation.statusCode).toBe(200);
    expect(confirmation.body).toContain('<html lang="en">');
    expect(confirmation.body).toContain('Thank you. The follow-up is now &quot;in progress&quot;.');
    expect(confirmation.body).toContain(`<a href="/responses/${responseId}">Read the response</a>`);
    expect(anonymous.cookies.has('ambassador_session')).toBe(false);

    // Used: opening it again says so, and pressing a page loaded before changes nothing.
    const again = await management.app.inject({ method: 'GET', url: link });
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('The link was used already.');
    expect(again.body).toContain('<a href="/login">');
    await anonymous.get(link);
    expect((await management.app.inject({ method: 'POST', url: link, headers: { 'sec-fetch-site': 'same-origin' } })).statusCode).toBe(410);

    expect(await db.selectFrom('followUpSteps').select(['status', 'authorEmail', 'channel']).execute()).toEqual([
      { status: 'in_progress', authorEmail: 'marieke@firm.example', channel: 'email' },
    ]);
    expect(await db.selectFrom('alerts').select('acknowledgedAt').where('id', '=', alertId).executeTakeFirstOrThrow()).toEqual({
      acknowledgedAt: management.clock.now,
    });
    expect(await db.selectFrom('auditEvents').select(['actor', 'action', 'subjectId']).execute()).toEqual([
      { actor: 'marieke@firm.example', action: 'alert.acknowledged', subjectId: responseId },
    ]);
  });

  test('does not set a finished follow-up back to in progress', async ({ management, database }) => {
    await seedFirm(database.db);
    const responseId = await respond(database.db, 'anna', 'negative');
    const alertId = await alertFor(database.db, responseId);
    const browser = await logIn(management, database, 'anna@firm.example');
    await browser.get(`/responses/${responseId}`);
    await browser.post(`/responses/${responseId}/follow-up`, { status: 'done', outcome: 'recovered' });
    await browser.get(ackLink(alertId));
    expect((await browser.pressButton()).statusCode).toBe(303);
    const steps = await database.db.selectFrom('followUpSteps').select('status').orderBy('createdAt').execute();
    expect(steps).toEqual([{ status: 'done' }]);
  });

  test('expires 30 days after sending when the follow-up deadline + 7 days comes sooner: the page says so, pressing records nothing', async ({
    management,
    database: { db },
  }) => {
    await seedFirm(db);
    // Answered and sent Friday 20 November; the − deadline is Tuesday 24 November, + 7 days is 1 December.
    const link = ackLink(await alertFor(db, await respond(db, 'anna', 'negative')));
    const browser = new Browser(management.app);
    management.clock.now = new Date('2026-12-20T09:59:59Z');
    expect((await browser.get(link)).statusCode).toBe(200);

    management.clock.now = new Date('2026-12-20T10:00:00Z');
    const expired = await management.app.inject({ method: 'GET', url: link });
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('De link is verlopen.');
    expect(expired.body).toContain('<a href="/login">Naar inloggen</a>');
    expect((await browser.pressButton()).statusCode).toBe(410);
    expect(await db.selectFrom('followUpSteps').select('id').execute()).toEqual([]);
    expect(await db.selectFrom('alerts').select('acknowledgedAt').executeTakeFirstOrThrow()).toEqual({ acknowledgedAt: null });
  });

  test('works until a week after the follow-up deadline when that is later than 30 days after sending', async ({ database, redis, logger }) => {
    const { db } = database;
    await seedFirm(db);
    // 25 working days for a + response: due Friday 25 December, so the link works until 1 January.
    const management = await buildManagement({ database, redis, logger }, { followUpPolicy: { ...defaultFollowUpPolicy, positiveWorkingDays: 25 } });
    try {
      const link = ackLink(await alertFor(db, await respond(db, 'anna', 'positive')));
      management.clock.now = new Date('2027-01-01T09:59:59Z');
      expect((await management.app.inject({ method: 'GET', url: link })).statusCode).toBe(200);
      management.clock.now = new Date('2027-01-01T10:00:00Z');
      expect((await management.app.inject({ method: 'GET', url: link })).statusCode).toBe(410);
    } finally {
      await management.close();
    }
  });

  test('refuses a press that the browser marks as coming from another site (403), changing nothing', async ({ management, database: { db } }) => {
    await seedFirm(db);
    const link = ackLink(await alertFor(db, await respond(db, 'anna', 'negative')));
    const before = await snapshotOf(db);
    for (const crossSite of [{ 'sec-fetch-site': 'cross-site' }, { origin: 'https://evil.example' }]) {
      const refused = await management.app.inject({ method: 'POST', url: link, headers: { 'content-type': 'application/x-www-form-urlencoded', ...crossSite }, payload: '' });
      expect(refused.statusCode).toBe(403);
    }
    expect(await snapshotOf(db)).toEqual(before);
  });

  test('answers 404 to a tampered or unknown link, opened or pressed, changing nothing', async ({ management, database }) => {
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
      expect((await management.app.inject({ method: 'POST', url: link, headers: { 'sec-fetch-site': 'same-origin' } })).statusCode, link).toBe(404);
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
    for (const queue of ['classify', 'deliver-email', 'deliver-sms', 'deliver-http']) expect(api.body).toContain(queue);

    const manager = await logIn(management, database, 'dirk@firm.example');
    expect((await manager.get('/queues')).statusCode).toBe(404);
    expect((await manager.get('/queues/api/queues')).statusCode).toBe(404);
  });
});
