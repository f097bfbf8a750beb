import { sql } from 'kysely';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect } from 'vitest';
import { Browser, buildManagement, logIn, test } from './management-app.ts';
import { seedFirm } from './seed.ts';

/**
 * The headers every page has: no framing, no sniffing, no referrer, and a CSP that loads
 * nothing from elsewhere and runs no inline script.
 */
function expectPageHeaders(response: LightMyRequestResponse, what: string): void {
  const csp = String(response.headers['content-security-policy']);
  expect(csp, what).toContain("default-src 'none'");
  expect(csp, what).toContain("frame-ancestors 'none'");
  expect(csp, what).toContain("object-src 'none'");
  expect(/script-src[^;]*/.exec(csp)?.[0] ?? '', what).not.toMatch(/unsafe/);
  expect(csp, what).not.toMatch(/https?:/);
  expect(response.headers['x-content-type-options'], what).toBe('nosniff');
  expect(response.headers['referrer-policy'], what).toBe('no-referrer');
  expect(response.headers['x-frame-options'], what).toBe('SAMEORIGIN');
}

describe('security headers', () => {
  test('come with a 404, an error page, /metrics and Bull Board as with every page', async ({ management, database }) => {
    await seedFirm(database.db);
    const admin = await logIn(management, database, 'admin@firm.example');

    const missing = await admin.get('/no-such-page');
    expect(missing.statusCode).toBe(404);
    expectPageHeaders(missing, '404');
    expect(missing.headers['content-security-policy']).not.toContain('unsafe-inline');
    expect(missing.headers['cache-control']).toBe('no-store');

    const metrics = await management.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.statusCode).toBe(200);
    expectPageHeaders(metrics, '/metrics');

    const queues = await admin.get('/queues');
    expect(queues.statusCode).toBe(200);
    expect(queues.body).toContain('static/js/');
    expectPageHeaders(queues, '/queues');
    // Bull Board runs its own scripts, and nothing else.
    expect(String(queues.headers['content-security-policy'])).toMatch(/script-src 'self'(;|$)/);

    // A body that does not parse: the error page of a request no route of the pages took.
    const malformed = await management.app.inject({ method: 'POST', url: '/no-such-page', headers: { 'content-type': 'application/json' }, payload: '{' });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.headers['content-type']).toMatch(/^text\/html/);
    expectPageHeaders(malformed, 'error page');

    // The session lookup fails under /queues: Bull Board's own error answer, with the headers too.
    await sql`ALTER TABLE sessions RENAME TO sessions_away`.execute(database.db);
    const failed = await admin.get('/queues');
    expect(failed.statusCode).toBe(500);
    expectPageHeaders(failed, '/queues error');
    await sql`ALTER TABLE sessions_away RENAME TO sessions`.execute(database.db);
  });
});

describe('CSRF tokens', () => {
  test('of one session are refused in another, even in the same browser with the same CSRF cookie', async ({ management, database }) => {
    await seedFirm(database.db);
    const browser = await logIn(management, database, 'anna@firm.example');
    await browser.get('/register');
    const annasToken = browser.csrfToken();
    expect((await browser.post('/logout', {})).statusCode).toBe(303);
    // Bram logs in in the same browser: the CSRF cookie stays, the session is another.
    await logIn(management, database, 'bram@firm.example', browser);
    await browser.get('/register');

    const replayed = await browser.post('/logout', { _csrf: annasToken }, { withToken: false });
    expect(replayed.statusCode).toBe(403);
    expect((await browser.get('/register')).statusCode).toBe(200);
    expect((await browser.post('/logout', {})).statusCode).toBe(303);
  });

  test('work on the login form, which has no session', async ({ management, database }) => {
    await seedFirm(database.db);
    const browser = new Browser(management.app);
    await browser.get('/login');
    expect((await browser.post('/login', { email: 'anna@firm.example' })).headers.location).toBe('/login/sent');
  });
});

describe('cookies behind HTTPS', () => {
  test('are named __Host-, Secure, for path / and no domain; over HTTP they keep plain names', async ({ management, database, redis, logger }) => {
    await seedFirm(database.db);
    const secure = await buildManagement({ database, redis, logger }, { baseUrl: 'https://ambassador.example' });
    try {
      const browser = new Browser(secure.app);
      const form = await browser.get('/login');
      expectHostCookie(String(form.headers['set-cookie']), '__Host-ambassador_csrf');
      await logIn(secure, database, 'anna@firm.example', browser);
      expectHostCookie(String(browser.lastResponse!.headers['set-cookie']), '__Host-ambassador_session');
      expect([...browser.cookies.keys()].sort()).toEqual(['__Host-ambassador_csrf', '__Host-ambassador_session']);
      expect((await browser.get('/register')).statusCode).toBe(200);
      const logout = await browser.post('/logout', {});
      expect(logout.statusCode).toBe(303);
      // A browser only accepts a __Host- cookie, also the one that clears it, when it is Secure.
      expectHostCookie(String(logout.headers['set-cookie']), '__Host-ambassador_session');
      expect(browser.cookies.has('__Host-ambassador_session')).toBe(false);
    } finally {
      await secure.close();
    }

    const plain = await logIn(management, database, 'anna@firm.example');
    expect([...plain.cookies.keys()].sort()).toEqual(['ambassador_csrf', 'ambassador_session']);
  });
});

function expectHostCookie(setCookie: string, name: string): void {
  expect(setCookie).toMatch(new RegExp(`^${name}=`));
  for (const attribute of [/; Path=\/(;|$)/, /; Secure(;|$)/, /; HttpOnly(;|$)/, /; SameSite=Lax(;|$)/]) expect(setCookie).toMatch(attribute);
  expect(setCookie).not.toMatch(/Domain=/i);
}
