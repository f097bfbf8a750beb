import type { Database } from '@ambassador/db/database';
import { upsertEmployee } from '@ambassador/db/employees';
import { ACKNOWLEDGE_PURPOSE, digestUnsubscribeToken, signValue, UNVERSIONED_DIGEST_UNSUBSCRIBE_PURPOSE } from '@ambassador/domain/tokens';
import { TEST_SECRET_KEY } from '@ambassador/testing/clock';
import { snapshotOf } from '@ambassador/testing/snapshot';
import { describe, expect } from 'vitest';
import { Browser, test } from './management-app.ts';
import { seedFirm } from './seed.ts';

const link = (employeeId: string, version = 0) => `/digest/unsubscribe/${digestUnsubscribeToken(TEST_SECRET_KEY, employeeId, version)}`;

async function optedOut(db: Database): Promise<string[]> {
  const rows = await db.selectFrom('employees').select('id').where('digestOptOut', '=', true).orderBy('id').execute();
  return rows.map((row) => row.id);
}

/** What a mail provider's unsubscribe button sends (RFC 8058): from its own servers, so cross-site or no browser at all. */
const oneClick = {
  urlencoded: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'cross-site', origin: 'https://mail.provider.example' },
  multipart: (boundary: string) => ({ 'content-type': `multipart/form-data; boundary=${boundary}` }),
};

describe('the unsubscribe link of the weekly digest', () => {
  test('opened (GET or HEAD, as a mail scanner does) shows a page with one button, in the employee\'s language, and changes nothing', async ({
    management,
    database: { db },
  }) => {
    await seedFirm(db);
    await db.updateTable('employees').set({ locale: 'en' }).where('id', '=', 'dirk').execute();
    const before = await snapshotOf(db);
    const dutch = await management.app.inject({ method: 'GET', url: link('marieke') });
    expect(dutch.statusCode).toBe(200);
    expect(dutch.headers['content-security-policy']).toContain("default-src 'none'");
    expect(dutch.body).toContain('<html lang="nl">');
    expect(dutch.body).toContain('Wil je het wekelijkse overzicht niet meer ontvangen op <strong>marieke@firm.example</strong>?');
    expect(dutch.body).toContain(`<form method="post" action="${link('marieke')}">`);
    expect(dutch.body.match(/<button/g)).toHaveLength(1);
    const english = await management.app.inject({ method: 'GET', url: link('dirk') });
    expect(english.body).toContain('<html lang="en">');
    expect(english.body).toContain('Stop sending the weekly digest to <strong>dirk@firm.example</strong>?');
    expect(english.body).toContain('>Unsubscribe</button>');
    expect((await management.app.inject({ method: 'HEAD', url: link('marieke') })).statusCode).toBe(200);
    expect(await snapshotOf(db)).toEqual(before);
  });

  test('pressing its button stops the digest of the employee it was made for, records it, and says so; the link is then used', async ({
    management,
    database: { db },
  }) => {
    await seedFirm(db);
    await db.updateTable('employees').set({ locale: 'en' }).where('id', '=', 'dirk').execute();
    const browser = new Browser(management.app);
    await browser.get(link('dirk'));
    const pressed = await browser.pressButton();
    expect(pressed.statusCode).toBe(303);
    expect(pressed.headers.location).toBe(`${link('dirk')}/done`);
    const done = await browser.get(pressed.headers.location!);
    expect(done.statusCode).toBe(200);
    expect(done.body).toContain('<html lang="en">');
    expect(done.body).toContain('You will no longer receive the weekly digest.');
    expect(await optedOut(db)).toEqual(['dirk']);
    expect(await db.selectFrom('auditEvents').select(['actor', 'action', 'subjectId']).execute()).toEqual([
      { actor: 'dirk@firm.example', action: 'digest.unsubscribed', subjectId: 'dirk' },
    ]);

    const again = await management.app.inject({ method: 'GET', url: link('dirk') });
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('The link was used already.');
    expect(again.body).toContain('<a href="/login">');
    expect((await management.app.inject({ method: 'POST', url: link('dirk'), headers: oneClick.urlencoded, payload: 'List-Unsubscribe=One-Click' })).statusCode).toBe(410);
    expect(await db.selectFrom('auditEvents').select('id').execute()).toHaveLength(1);
  });

  test('unsubscribes on a one-click POST from the mail provider (RFC 8058), urlencoded or multipart, cross-site and without a token', async ({
    management,
    database: { db },
  }) => {
    await seedFirm(db);
    const urlencoded = await management.app.inject({ method: 'POST', url: link('marieke'), headers: oneClick.urlencoded, payload: 'List-Unsubscribe=One-Click' });
    expect(urlencoded.statusCode).toBe(200);
    expect(urlencoded.body).toContain('Je ontvangt het wekelijkse overzicht niet meer.');
    const boundary = '----ambassador-test';
    const multipart = await management.app.inject({
      method: 'POST',
      url: link('dirk'),
      headers: oneClick.multipart(boundary),
      payload: `--${boundary}\r\nContent-Disposition: form-data; name="List-Unsubscribe"\r\n\r\nOne-Click\r\n--${boundary}--\r\n`,
    });
    expect(multipart.statusCode).toBe(200);
    expect(await optedOut(db)).toEqual(['dirk', 'marieke']);

    const broken = await management.app.inject({ method: 'POST', url: link('anna'), headers: oneClick.multipart(boundary), payload: 'not multipart at all' });
    expect(broken.statusCode).toBe(400);
    expect(await optedOut(db)).toEqual(['dirk', 'marieke']);
  });

  test('refuses any other cross-site POST with 403, changing nothing', async ({ management, database: { db } }) => {
    await seedFirm(db);
    const before = await snapshotOf(db);
    for (const payload of ['', 'List-Unsubscribe=Two-Clicks', 'confirm=1']) {
      const refused = await management.app.inject({ method: 'POST', url: link('marieke'), headers: oneClick.urlencoded, payload });
      expect(refused.statusCode, payload).toBe(403);
    }
    expect(await snapshotOf(db)).toEqual(before);
  });

  test('expires when the subscription it was made for changes, also through the API\'s upsert, and then unsubscribes nobody', async ({
    management,
    database: { db },
  }) => {
    await seedFirm(db);
    const marieke = { name: 'Marieke Manager', email: 'marieke@firm.example', managerId: 'dirk', division: 'Water', locale: 'nl' as const };
    const stale = link('marieke', 0);
    // A sync that does not touch the opt-out leaves the link working.
    await db.transaction().execute((trx) => upsertEmployee(trx, 'marieke', marieke, new Date()));
    expect((await management.app.inject({ method: 'GET', url: stale })).statusCode).toBe(200);
    // Opted out and back in through the API: the subscription is a new one (version 2).
    await db.transaction().execute((trx) => upsertEmployee(trx, 'marieke', { ...marieke, digestOptOut: true }, new Date()));
    await db.transaction().execute((trx) => upsertEmployee(trx, 'marieke', { ...marieke, digestOptOut: false }, new Date()));
    expect(await db.selectFrom('employees').select('digestSubscriptionVersion').where('id', '=', 'marieke').executeTakeFirstOrThrow()).toEqual({
      digestSubscriptionVersion: 2,
    });

    const expired = await management.app.inject({ method: 'GET', url: stale });
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('De link is verlopen.');
    expect((await management.app.inject({ method: 'POST', url: stale, headers: oneClick.urlencoded, payload: 'List-Unsubscribe=One-Click' })).statusCode).toBe(410);
    expect(await optedOut(db)).toEqual([]);
    // The link of the next digest works.
    expect((await management.app.inject({ method: 'GET', url: link('marieke', 2) })).statusCode).toBe(200);
  });

  test('works for the longest employee ids (64 characters, dots included)', async ({ management, database: { db } }) => {
    await seedFirm(db);
    const id = `${'lang.'.repeat(12)}naam`;
    expect(id).toHaveLength(64);
    await db.insertInto('employees').values({ id, name: 'Lange Naam', email: 'lang@firm.example', managerId: 'dirk' }).execute();
    const browser = new Browser(management.app);
    expect((await browser.get(link(id))).statusCode).toBe(200);
    expect((await browser.pressButton()).statusCode).toBe(303);
    expect(await optedOut(db)).toEqual([id]);
  });

  test('shows a link from before subscriptions had versions as expired', async ({ management, database: { db } }) => {
    await seedFirm(db);
    const legacy = `/digest/unsubscribe/${signValue(TEST_SECRET_KEY, UNVERSIONED_DIGEST_UNSUBSCRIBE_PURPOSE, 'marieke')}`;
    const page = await management.app.inject({ method: 'GET', url: legacy });
    expect(page.statusCode).toBe(410);
    expect(page.body).toContain('De link is verlopen.');
    expect((await management.app.inject({ method: 'POST', url: legacy, headers: oneClick.urlencoded, payload: 'List-Unsubscribe=One-Click' })).statusCode).toBe(410);
    expect(await optedOut(db)).toEqual([]);
  });

  test('refuses a tampered link, a link signed for another purpose and a malformed one with 404, changing nothing', async ({
    management,
    database: { db },
  }) => {
    await seedFirm(db);
    const valid = link('marieke');
    const signature = valid.slice(valid.lastIndexOf('.') + 1);
    const refused = [
      `${valid.slice(0, -1)}${valid.endsWith('A') ? 'B' : 'A'}`,
      `/digest/unsubscribe/dirk.0.${signature}`,
      `/digest/unsubscribe/${signValue(TEST_SECRET_KEY, ACKNOWLEDGE_PURPOSE, 'marieke.0')}`,
      '/digest/unsubscribe/marieke',
      `/digest/unsubscribe/${encodeURIComponent(digestUnsubscribeToken(TEST_SECRET_KEY, 'bad id', 0))}`,
    ];
    for (const url of refused) {
      expect((await management.app.inject({ method: 'GET', url })).statusCode, url).toBe(404);
      expect((await management.app.inject({ method: 'POST', url, headers: oneClick.urlencoded, payload: 'List-Unsubscribe=One-Click' })).statusCode, url).toBe(404);
    }
    expect(await optedOut(db)).toEqual([]);
  });
});
