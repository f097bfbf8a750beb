import type { Database } from '@ambassador/db/database';
import { loginToken } from '@ambassador/domain/tokens';
import { TEST_SECRET_KEY } from '@ambassador/testing/clock';
import { snapshotOf } from '@ambassador/testing/snapshot';
import { describe, expect, vi } from 'vitest';
import { Browser, type ManagementUnderTest, test } from './management-app.ts';
import { seedFirm } from './seed.ts';

/** Asks for a login link the way a person does, and returns its path (what the e-mail carries). */
async function requestLink(management: ManagementUnderTest, db: Database, email: string): Promise<string> {
  const browser = new Browser(management.app);
  await browser.get('/login');
  await browser.post('/login', { email });
  const link = await vi.waitFor(async () => {
    const row = await db.selectFrom('loginLinks').select('id').where('email', '=', email).executeTakeFirst();
    expect(row).toBeDefined();
    return row!;
  });
  return `/login/${loginToken(TEST_SECRET_KEY, link.id)}`;
}

async function sessions(db: Database) {
  return db.selectFrom('sessions').select('email').execute();
}

describe('the link of a login e-mail', () => {
  test('opened (GET or HEAD, as a mail scanner does) shows a page naming the address, in its language, and changes nothing', async ({
    management,
    database: { db },
  }) => {
    await seedFirm(db);
    await db.updateTable('employees').set({ locale: 'en' }).where('id', '=', 'bram').execute();
    const cases = [
      { email: 'anna@firm.example', lang: 'nl', texts: ['Je logt in op Ambassador als <strong>anna@firm.example</strong>.', '>Inloggen</button>'] },
      { email: 'bram@firm.example', lang: 'en', texts: ['You are signing in to Ambassador as <strong>bram@firm.example</strong>.', '>Sign in</button>'] },
      // An admin address that is no employee has no language of its own: Dutch.
      { email: 'admin@firm.example', lang: 'nl', texts: ['als <strong>admin@firm.example</strong>.', '>Inloggen</button>'] },
    ];
    for (const { email, lang, texts } of cases) {
      const link = await requestLink(management, db, email);
      const before = await snapshotOf(db);
      const page = await management.app.inject({ method: 'GET', url: link });
      const head = await management.app.inject({ method: 'HEAD', url: link });
      expect(page.statusCode, email).toBe(200);
      expect(head.statusCode, email).toBe(200);
      expect(page.body).toContain(`<html lang="${lang}">`);
      for (const text of texts) expect(page.body, email).toContain(text);
      expect(page.body.match(/<button/g)).toHaveLength(1);
      expect(page.body).toContain(`<form method="post" action="${link}">`);
      expect(page.headers['set-cookie']).toBeUndefined();
      expect(page.headers['cache-control']).toBe('no-store');
      expect(await snapshotOf(db), email).toEqual(before);
    }
  });

  test('pressing its button uses it: the session opens, the login is in the audit trail, 303 to /', async ({ management, database: { db } }) => {
    await seedFirm(db);
    const link = await requestLink(management, db, 'anna@firm.example');
    const browser = new Browser(management.app);
    await browser.get(link);
    const pressed = await browser.pressButton();
    expect(pressed.statusCode).toBe(303);
    expect(pressed.headers.location).toBe('/');
    expect(browser.cookies.has('ambassador_session')).toBe(true);
    expect((await browser.get('/register')).statusCode).toBe(200);
    expect(await sessions(db)).toEqual([{ email: 'anna@firm.example' }]);
    expect(await db.selectFrom('loginLinks').select('usedAt').executeTakeFirstOrThrow()).toEqual({ usedAt: management.clock.now });
    expect(await db.selectFrom('auditEvents').select(['actor', 'action']).execute()).toEqual([{ actor: 'anna@firm.example', action: 'login' }]);
  });

  test('works once: afterwards it shows a page that says it was used and offers to sign in', async ({ management, database: { db } }) => {
    await seedFirm(db);
    const link = await requestLink(management, db, 'anna@firm.example');
    const first = new Browser(management.app);
    await first.get(link);
    expect((await first.pressButton()).statusCode).toBe(303);

    const second = new Browser(management.app);
    const again = await second.get(link);
    expect(again.statusCode).toBe(410);
    expect(again.body).toContain('Deze link werkt niet meer');
    expect(again.body).toContain('De link is al gebruikt.');
    expect(again.body).toContain('<a href="/login">Naar inloggen</a>');
    // Pressing the button of a page loaded before the link was used opens nothing either.
    const pressedLate = await first.pressButton();
    expect(pressedLate.statusCode).toBe(410);
    expect(pressedLate.headers['set-cookie']).toBeUndefined();
    expect(await sessions(db)).toHaveLength(1);
  });

  test('expires after 15 minutes: the page says so in the employee\'s language, and pressing opens nothing', async ({
    management,
    database: { db },
  }) => {
    await seedFirm(db);
    await db.updateTable('employees').set({ locale: 'en' }).where('id', '=', 'anna').execute();
    const link = await requestLink(management, db, 'anna@firm.example');
    const browser = new Browser(management.app);
    await browser.get(link);
    management.clock.now = new Date(management.clock.now.getTime() + 15 * 60_000 + 1);
    const expired = await management.app.inject({ method: 'GET', url: link });
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('<html lang="en">');
    expect(expired.body).toContain('The link has expired.');
    expect(expired.body).toContain('<a href="/login">Go to sign in</a>');
    expect((await browser.pressButton()).statusCode).toBe(410);
    expect(await sessions(db)).toEqual([]);
    expect(await db.selectFrom('loginLinks').select('usedAt').executeTakeFirstOrThrow()).toEqual({ usedAt: null });
  });

  test('refuses a press that the browser marks as coming from another site (403), leaving the link unused', async ({
    management,
    database: { db },
  }) => {
    await seedFirm(db);
    const link = await requestLink(management, db, 'anna@firm.example');
    const browser = new Browser(management.app);
    const crossSites: Record<string, string>[] = [{ 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }, { origin: 'https://evil.example' }];
    for (const crossSite of crossSites) {
      await browser.get(link);
      const refused = await browser.pressButton(crossSite);
      expect(refused.statusCode).toBe(403);
      expect(refused.body).toContain('Niet toegestaan');
    }
    expect(await sessions(db)).toEqual([]);
    expect(await db.selectFrom('loginLinks').select('usedAt').executeTakeFirstOrThrow()).toEqual({ usedAt: null });
    // A browser without Sec-Fetch-Site that sends the null origin of our no-referrer page is let in.
    await browser.get(link);
    expect((await browser.pressButton({ origin: 'null' })).statusCode).toBe(303);
  });

  test('answers 404 to something that is no login token; a well-formed unknown one reads as expired', async ({ management }) => {
    expect((await management.app.inject({ method: 'GET', url: '/login/garbage' })).statusCode).toBe(404);
    expect((await management.app.inject({ method: 'POST', url: '/login/garbage', headers: { 'sec-fetch-site': 'same-origin' } })).statusCode).toBe(404);
    const unknown = await management.app.inject({ method: 'GET', url: `/login/${'A'.repeat(43)}` });
    expect(unknown.statusCode).toBe(410);
    expect(unknown.body).toContain('De link is verlopen.');
  });
});
