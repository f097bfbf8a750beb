import { loginToken } from '@ambassador/domain/tokens';
import { TEST_SECRET_KEY } from '@ambassador/testing/clock';
import { capturingLogger } from '@ambassador/testing/log-capture';
import type { Database } from '@ambassador/db/database';
import { describe, expect, vi } from 'vitest';
import { Browser, buildManagement, logIn, test } from './management-app.ts';
import { seedFirm } from './seed.ts';

describe('logging in by e-mail link', () => {
  test('answers 303 to the same "check your e-mail" page for a known and an unknown address, and only the known one gets a link', async ({
    database,
    redis,
  }) => {
    const { db } = database;
    await seedFirm(db);
    // The link is made after the answer has gone: the log says when each address is dealt with.
    const { logger, entries } = capturingLogger();
    const management = await buildManagement({ database, redis, logger });
    try {
      const browser = new Browser(management.app);
      const form = await browser.get('/login');
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('name="email"');

      const known = await browser.post('/login', { email: 'Anna@Firm.example' });
      const unknown = await browser.post('/login', { email: 'stranger@elsewhere.example' });
      const malformed = await browser.post('/login', { email: 'not an address' });
      for (const answer of [known, unknown, malformed]) {
        expect(answer.statusCode).toBe(303);
        expect(answer.headers.location).toBe('/login/sent');
      }
      await vi.waitFor(() => {
        const outcomes = entries().filter((entry) => entry.msg === 'login link made' || entry.msg === 'no login link: not a known address');
        expect(outcomes).toHaveLength(2);
      });
      const links = await db.selectFrom('loginLinks').select(['id', 'email']).execute();
      expect(links.map((link) => link.email)).toEqual(['anna@firm.example']);
      const [email] = await db.selectFrom('deliveries').select(['id', 'kind', 'loginLinkId']).execute();
      expect(email).toMatchObject({ kind: 'login_link', loginLinkId: links[0]!.id });
      const job = await management.producer.queue('deliver-email').getJobs(['waiting']);
      expect(job.map((entry) => entry.data as unknown)).toEqual([{ deliveryId: email!.id }]);
    } finally {
      await management.close();
    }
  });

  test('opens a session from the link: an HttpOnly, SameSite=Lax cookie and 303 to /', async ({ management, database }) => {
    await seedFirm(database.db);
    const browser = await logIn(management, database, 'anna@firm.example');
    expect(browser.cookies.has('ambassador_session')).toBe(true);
    const register = await browser.get('/register');
    expect(register.statusCode).toBe(200);
    expect(register.body).toContain('Anna Accountmanager');
  });

  test('marks the session cookie Secure when the module is served over HTTPS', async ({ database, redis, logger }) => {
    await seedFirm(database.db);
    const management = await buildManagement({ database, redis, logger }, { baseUrl: 'https://ambassador.example' });
    try {
      const browser = new Browser(management.app);
      await browser.get('/login');
      await browser.post('/login', { email: 'anna@firm.example' });
      const [link] = await linksMade(database.db, 1);
      await browser.get(`/login/${loginToken(TEST_SECRET_KEY, link!.id)}`);
      const opened = await browser.pressButton();
      const cookie = String(opened.headers['set-cookie']);
      expect(cookie).toMatch(/ambassador_session=/);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      expect(cookie).toMatch(/Secure/);
    } finally {
      await management.close();
    }
  });
  test('sends unauthenticated page requests to /login with 303', async ({ management }) => {
    for (const url of ['/', '/register', '/register.csv', '/stats', '/responses/7b0c1f40-3f3e-4d5e-9a2b-1c2d3e4f5a6b', '/queues']) {
      const answer = await management.app.inject({ method: 'GET', url });
      expect(answer.statusCode, url).toBe(303);
      expect(answer.headers.location).toBe('/login');
    }
  });

  test('refuses a post without its CSRF token with 403', async ({ management, database }) => {
    await seedFirm(database.db);
    const browser = new Browser(management.app);
    await browser.get('/login');
    expect((await browser.post('/login', { email: 'anna@firm.example' }, { withToken: false })).statusCode).toBe(403);
    expect((await browser.post('/login', { email: 'anna@firm.example', _csrf: 'forged' }, { withToken: false })).statusCode).toBe(403);
  });

  test('logs out: the session no longer opens pages', async ({ management, database }) => {
    await seedFirm(database.db);
    const browser = await logIn(management, database, 'anna@firm.example');
    const sessionCookie = browser.cookies.get('ambassador_session')!;
    await browser.get('/register');
    expect((await browser.post('/logout', {})).headers.location).toBe('/login?status=logged-out');
    const replayed = await management.app.inject({ method: 'GET', url: '/register', headers: { cookie: `ambassador_session=${sessionCookie}` } });
    expect(replayed.statusCode).toBe(303);
  });

  test('lets an admin address in that is not an employee', async ({ management, database }) => {
    const browser = await logIn(management, database, 'admin@firm.example');
    expect((await browser.get('/register')).statusCode).toBe(200);
  });
});

/** The login links made so far, once there are `count` of them (they are made after the answer). */
async function linksMade(db: Database, count: number): Promise<{ id: string; email: string }[]> {
  return vi.waitFor(async () => {
    const rows = await db.selectFrom('loginLinks').select(['id', 'email']).execute();
    expect(rows).toHaveLength(count);
    return rows;
  });
}
