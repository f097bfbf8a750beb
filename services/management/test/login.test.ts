import { loginToken } from '@ambassador/domain/tokens';
import { TEST_SECRET_KEY, TestClock } from '@ambassador/testing/clock';
import type { Database } from '@ambassador/db/database';
import { describe, expect, vi } from 'vitest';
import { Browser, buildManagement, logIn, test } from './management-app.ts';
import { seedFirm } from './seed.ts';

describe('logging in by e-mail link', () => {
  test('answers 303 to the same "check your e-mail" page for a known and an unknown address, and only the known one gets a link', async ({
    management,
    database: { db },
  }) => {
    await seedFirm(db);
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
    // The links are made after the answer: wait for that work, then look.
    await management.background.settled();
    const links = await db.selectFrom('loginLinks').select(['id', 'email']).execute();
    expect(links.map((link) => link.email)).toEqual(['anna@firm.example']);
    const [email] = await db.selectFrom('deliveries').select(['id', 'kind', 'loginLinkId']).execute();
    expect(email).toMatchObject({ kind: 'login_link', loginLinkId: links[0]!.id });
    const job = await management.producer.queue('deliver-email').getJobs(['waiting']);
    expect(job.map((entry) => entry.data as unknown)).toEqual([{ deliveryId: email!.id }]);
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

  test('e-mails one address at most LOGIN_EMAILS_PER_RECIPIENT links per 15 minutes, however many clients and instances ask, and answers every ask alike', async ({
    database,
    redis,
    logger,
  }) => {
    await seedFirm(database.db);
    const clock = new TestClock();
    // Two instances on one database and Redis; each client address may post twice a minute.
    const instances = [
      await buildManagement({ database, redis, logger }, { clock, loginEmailsPerRecipient: 3, loginRateLimit: 2 }),
      await buildManagement({ database, redis, logger }, { clock, loginEmailsPerRecipient: 3, loginRateLimit: 2 }),
    ];
    try {
      const ask = async (index: number, email: string) => {
        const browser = new Browser(instances[index % 2]!.app, { remoteAddress: `203.0.113.${index + 1}` });
        await browser.get('/login');
        return [await browser.post('/login', { email }), await browser.post('/login', { email })];
      };
      const answers = (await Promise.all(Array.from({ length: 20 }, (_, index) => ask(index, 'anna@firm.example')))).flat();
      expect(answers).toHaveLength(40);
      for (const answer of answers) expect([answer.statusCode, answer.headers.location]).toEqual([303, '/login/sent']);
      await Promise.all(instances.map((instance) => instance.background.settled()));
      expect(await linksFor(database.db, 'anna@firm.example')).toBe(3);
      const jobs = await instances[0]!.producer.queue('deliver-email').getJobs(['waiting']);
      expect(jobs).toHaveLength(3);

      // Another address is not held back by Anna's limit.
      await ask(30, 'bram@firm.example');
      await Promise.all(instances.map((instance) => instance.background.settled()));
      expect(await linksFor(database.db, 'bram@firm.example')).toBe(2);

      // Fifteen minutes after the first, Anna can be sent a link again.
      clock.now = new Date(clock.now.getTime() + 15 * 60_000 + 1);
      await ask(31, 'anna@firm.example');
      await Promise.all(instances.map((instance) => instance.background.settled()));
      expect(await linksFor(database.db, 'anna@firm.example')).toBe(5);
    } finally {
      for (const instance of instances) await instance.close();
    }
  });

  test('lets an admin address in that is not an employee', async ({ management, database }) => {
    const browser = await logIn(management, database, 'admin@firm.example');
    expect((await browser.get('/register')).statusCode).toBe(200);
  });
});

async function linksFor(db: Database, email: string): Promise<number> {
  return (await db.selectFrom('loginLinks').select('id').where('email', '=', email).execute()).length;
}

/** The login links made so far, once there are `count` of them (they are made after the answer). */
async function linksMade(db: Database, count: number): Promise<{ id: string; email: string }[]> {
  return vi.waitFor(async () => {
    const rows = await db.selectFrom('loginLinks').select(['id', 'email']).execute();
    expect(rows).toHaveLength(count);
    return rows;
  });
}
