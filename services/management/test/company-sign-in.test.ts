import type { Database } from '@ambassador/db/database';
import { test as base } from '@ambassador/testing/fixtures';
import { startTestIdentityProvider } from '@ambassador/testing/identity-provider';
import { type Hop, WebClient } from '@ambassador/testing/web-client';
import { describe, expect } from 'vitest';
import { type CompanySignInUnderTest, startCompanySignIn, TEST_BUTTON_LABEL } from './company-sign-in-app.ts';
import { Browser, buildManagement } from './management-app.ts';
import { seedFirm } from './seed.ts';

/**
 * Company sign-in against a real OpenID provider: every hop (management's start, the
 * provider's authorization endpoint and interaction, the callback with the code, the token
 * and UserInfo requests management makes) is real HTTP.
 */

type StartOptions = Parameters<typeof startCompanySignIn>[1];

const test = base.extend('companySignIn', async ({ database, redis, logger }, { onCleanup }) => {
  const started: CompanySignInUnderTest[] = [];
  onCleanup(async () => {
    for (const world of started) await world.close();
  });
  return async (options?: StartOptions) => {
    const world = await startCompanySignIn({ database, redis, logger }, options);
    started.push(world);
    return world;
  };
});

/** Presses the button of the login page in a browser (a new one by default) and follows every redirect. */
async function signIn({ origin }: CompanySignInUnderTest, client = new WebClient()) {
  const login = await client.request(`${origin}/login`);
  const start = /<a class="primary" href="([^"]+)">/.exec(await login.text())?.[1];
  if (!start) throw new Error('no company sign-in button on the login page');
  const { hops, last } = await client.follow(new URL(start, origin).href);
  return { client, hops, last, page: await last.response.text() };
}

function hopTo(hops: Hop[], path: string): Hop {
  const hop = hops.find((candidate) => new URL(candidate.url).pathname === path);
  if (!hop) throw new Error(`no hop to ${path}: ${hops.map((h) => h.url).join(' → ')}`);
  return hop;
}

async function sessions(db: Database) {
  return db.selectFrom('sessions').select('email').execute();
}

async function logins(db: Database) {
  return db.selectFrom('auditEvents').select(['actor', 'action']).execute();
}

describe('company sign-in at the identity provider', () => {
  test('a known employee signs in: start → provider → callback with the code → session, and the register opens', async ({ companySignIn, database: { db } }) => {
    await seedFirm(db);
    const world = await companySignIn();
    world.provider.signInAs({ email: 'Anna@Firm.example', emailVerified: true });

    const { client, hops, last, page } = await signIn(world);

    const start = hopTo(hops, '/login/oidc');
    expect(start.response.status).toBe(303);
    const authorization = new URL(start.response.headers.get('location')!);
    expect(authorization.origin).toBe(world.provider.issuer);
    expect(Object.fromEntries(authorization.searchParams)).toMatchObject({
      client_id: world.provider.clientId,
      response_type: 'code',
      scope: 'openid email profile',
      redirect_uri: `${world.origin}/login/oidc/callback`,
      code_challenge_method: 'S256',
    });
    expect(authorization.searchParams.get('state')).toMatch(/^[\w-]{43}$/);
    expect(authorization.searchParams.get('nonce')).toMatch(/^[\w-]{43}$/);
    const attemptCookie = start.response.headers.getSetCookie().find((cookie) => cookie.startsWith('ambassador_oidc='))!;
    expect(attemptCookie).toMatch(/; Max-Age=600;/);
    expect(attemptCookie).toContain('; Path=/;');
    expect(attemptCookie).toContain('; HttpOnly;');
    expect(attemptCookie).toContain('; SameSite=Lax');

    const callback = hopTo(hops, '/login/oidc/callback');
    expect(new URL(callback.url).searchParams.get('code')).toBeTruthy();
    expect(callback.response.status).toBe(303);
    expect(callback.response.headers.get('location')).toBe('/');
    expect(new URL(last.url).pathname).toBe('/register');
    expect(last.response.status).toBe(200);
    expect(page).toContain('<h1>Ambassadeursregister</h1>');
    expect(page).toContain('Anna Accountmanager');
    // Matched lower-cased; the attempt's cookie is gone (one use), the session's is set.
    expect(await sessions(db)).toEqual([{ email: 'anna@firm.example' }]);
    expect(await logins(db)).toEqual([{ actor: 'anna@firm.example', action: 'login' }]);
    expect(client.cookie(world.origin, 'ambassador_oidc')).toBeUndefined();
    expect(client.cookie(world.origin, 'ambassador_session')).toBeDefined();
  });

  test('an address in ADMIN_EMAILS signs in too, though no employee has it', async ({ companySignIn, database: { db } }) => {
    const world = await companySignIn({ adminEmails: ['admin@firm.example'] });
    world.provider.signInAs({ email: 'admin@firm.example', emailVerified: true });
    const { last } = await signIn(world);
    expect(new URL(last.url).pathname).toBe('/register');
    expect(await sessions(db)).toEqual([{ email: 'admin@firm.example' }]);
  });

  test("an address that is no employee's and no admin's is refused with a page naming it, and no session opens", async ({ companySignIn, database: { db } }) => {
    await seedFirm(db);
    const world = await companySignIn();
    world.provider.signInAs({ email: 'stranger@elsewhere.example', emailVerified: true });
    const { client, last, page } = await signIn(world);
    expect(new URL(last.url).pathname).toBe('/login/oidc/callback');
    expect(last.response.status).toBe(403);
    expect(page).toContain('<html lang="nl">');
    expect(page).toContain('<h1>Inloggen is niet gelukt</h1>');
    expect(page).toContain('Je organisatie meldt je aan als <strong>stranger@elsewhere.example</strong>. Dat adres is bij Ambassador niet bekend.');
    expect(page).toContain('<a href="/login">Terug naar de inlogpagina</a>');
    expect(await sessions(db)).toEqual([]);
    expect(await logins(db)).toEqual([]);
    expect(client.cookie(world.origin, 'ambassador_session')).toBeUndefined();
  });

  test('a deactivated employee is refused, even one listed in ADMIN_EMAILS, and no session opens', async ({ companySignIn, database: { db } }) => {
    await seedFirm(db);
    await db.updateTable('employees').set({ active: false, deactivatedAt: new Date() }).where('id', '=', 'anna').execute();
    const world = await companySignIn({ adminEmails: ['anna@firm.example'] });
    world.provider.signInAs({ email: 'anna@firm.example', emailVerified: true });
    const { last } = await signIn(world);
    expect(last.response.status).toBe(403);
    expect(await sessions(db)).toEqual([]);
    expect(await logins(db)).toEqual([]);
  });

  test('an address the provider does not call verified is refused, unless OIDC_TRUST_EMAIL says the provider issues only its own', async ({ companySignIn, database: { db } }) => {
    await seedFirm(db);
    // `false`, and no email_verified at all (Microsoft Entra ID).
    const unverified = [false, undefined];
    const strict = await companySignIn();
    for (const emailVerified of unverified) {
      strict.provider.signInAs({ email: 'anna@firm.example', emailVerified });
      const { last, page } = await signIn(strict);
      expect(last.response.status, `email_verified: ${emailVerified}`).toBe(403);
      expect(page).toContain('Je organisatie gaf geen bevestigd e-mailadres door, dus weten we niet wie je bent.');
    }
    expect(await sessions(db)).toEqual([]);

    const trusting = await companySignIn({ trustEmail: true });
    for (const emailVerified of unverified) {
      trusting.provider.signInAs({ email: 'anna@firm.example', emailVerified });
      const { last } = await signIn(trusting);
      expect(new URL(last.url).pathname, `email_verified: ${emailVerified}`).toBe('/register');
    }
    expect(await sessions(db)).toEqual([{ email: 'anna@firm.example' }, { email: 'anna@firm.example' }]);
  });

  test('a callback with a state this browser did not start is refused, and spends the attempt; HEAD does nothing', async ({ companySignIn, database: { db } }) => {
    await seedFirm(db);
    const world = await companySignIn();
    world.provider.signInAs({ email: 'anna@firm.example', emailVerified: true });
    const client = new WebClient();
    const { stoppedAt } = await client.follow(`${world.origin}/login/oidc`, { stopAt: (url) => url.pathname === '/login/oidc/callback' });
    const callback = stoppedAt!.href;

    expect((await client.request(callback, { method: 'HEAD' })).status).toBe(404);
    expect(client.cookie(world.origin, 'ambassador_oidc')).toBeDefined();

    // Another browser, without the attempt's cookie, gets nowhere with the same callback.
    const elsewhere = await new WebClient().request(callback);
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.text()).toContain('Deze aanmelding is verlopen of al gebruikt.');

    const forged = new URL(callback);
    forged.searchParams.set('state', 'x'.repeat(43));
    const wrongState = await client.request(forged.href);
    expect(wrongState.status).toBe(400);
    expect(await wrongState.text()).toContain('Deze aanmelding is verlopen of al gebruikt.');
    // One use: after that, not even the right state works in this browser.
    expect(client.cookie(world.origin, 'ambassador_oidc')).toBeUndefined();
    expect((await client.request(callback)).status).toBe(400);
    expect(await sessions(db)).toEqual([]);
  });

  test("a used callback replayed is refused, with or without a copy of the attempt's cookie", async ({ companySignIn, database: { db } }) => {
    await seedFirm(db);
    const world = await companySignIn();
    world.provider.signInAs({ email: 'anna@firm.example', emailVerified: true });
    const { client, hops } = await signIn(world);
    const copied = /^ambassador_oidc=([^;]+)/.exec(hopTo(hops, '/login/oidc').response.headers.getSetCookie().join('\n'))![1]!;
    const callback = hopTo(hops, '/login/oidc/callback').url;
    expect(await sessions(db)).toHaveLength(1);

    const replayed = await client.request(callback);
    expect(replayed.status).toBe(400);
    expect(await replayed.text()).toContain('Deze aanmelding is verlopen of al gebruikt.');

    // The cookie copied before its use passes our checks, but the provider takes a code once.
    client.setCookie(world.origin, 'ambassador_oidc', copied);
    const withCopy = await client.request(callback);
    expect(withCopy.status).toBe(502);
    expect(await withCopy.text()).toContain('We konden de aanmelding bij je organisatie niet afronden.');
    expect(await sessions(db)).toHaveLength(1);
  });

  test('a sign-in started more than 10 minutes before its callback is refused', async ({ companySignIn, database: { db } }) => {
    await seedFirm(db);
    const world = await companySignIn();
    world.provider.signInAs({ email: 'anna@firm.example', emailVerified: true });
    const client = new WebClient();
    const { stoppedAt } = await client.follow(`${world.origin}/login/oidc`, { stopAt: (url) => url.pathname === '/login/oidc/callback' });
    world.management.clock.now = new Date(world.management.clock.now.getTime() + 10 * 60_000);
    const late = await client.request(stoppedAt!.href);
    expect(late.status).toBe(400);
    expect(await late.text()).toContain('Deze aanmelding is verlopen of al gebruikt.');
    expect(await sessions(db)).toEqual([]);
  });

  test('a sign-in the provider refuses (error=access_denied) ends on a page that says so, without a session', async ({ companySignIn, database: { db } }) => {
    await seedFirm(db);
    const world = await companySignIn();
    world.provider.refuseSignIn();
    const { last, page } = await signIn(world);
    expect(new URL(last.url).pathname).toBe('/login/oidc/callback');
    expect(new URL(last.url).searchParams.get('error')).toBe('access_denied');
    expect(last.response.status).toBe(403);
    expect(page).toContain('Je organisatie heeft de aanmelding niet doorgelaten, of je hebt hem afgebroken.');
    expect(await sessions(db)).toEqual([]);
  });

  test('an identity provider that cannot be reached gives a page that says so, not a 500', async ({ companySignIn }) => {
    const world = await companySignIn();
    await world.provider.close();
    const client = new WebClient();
    const start = await client.request(`${world.origin}/login/oidc`);
    expect(start.status).toBe(502);
    expect(await start.text()).toContain('We konden de aanmelding bij je organisatie niet afronden.');
    expect(client.cookie(world.origin, 'ambassador_oidc')).toBeUndefined();
  });
});

describe('the cookie of a sign-in in progress', () => {
  test('is __Host- and Secure when MANAGEMENT_BASE_URL is https, like the session cookie', async ({ database, redis, logger }) => {
    const baseUrl = 'https://management.test';
    const provider = await startTestIdentityProvider({ redirectUri: `${baseUrl}/login/oidc/callback` });
    const management = await buildManagement(
      { database, redis, logger },
      { baseUrl, companySignIn: { issuerUrl: new URL(provider.issuer), clientId: provider.clientId, clientSecret: provider.clientSecret, buttonLabel: undefined, trustEmail: false } },
    );
    try {
      const start = await management.app.inject({ method: 'GET', url: '/login/oidc' });
      expect(start.statusCode).toBe(303);
      expect(new URL(start.headers.location as string).searchParams.get('redirect_uri')).toBe(`${baseUrl}/login/oidc/callback`);
      expect(start.headers['set-cookie']).toMatch(/^__Host-ambassador_oidc=[\w-]+; Max-Age=600; Path=\/; HttpOnly; Secure; SameSite=Lax$/);
      // Without OIDC_BUTTON_LABEL, the button says what it does in the page's words.
      expect((await management.app.inject({ method: 'GET', url: '/login' })).body).toContain('<a class="primary" href="/login/oidc">Inloggen met je organisatieaccount</a>');
    } finally {
      await management.close();
      await provider.close();
    }
  });
});

describe('the login page', () => {
  test('with OIDC_* shows the button, labelled OIDC_BUTTON_LABEL, above the e-mail form', async ({ companySignIn }) => {
    const world = await companySignIn();
    const page = await (await new WebClient().request(`${world.origin}/login`)).text();
    const button = page.indexOf(`<a class="primary" href="/login/oidc">${TEST_BUTTON_LABEL}</a>`);
    expect(button).toBeGreaterThan(-1);
    expect(button).toBeLessThan(page.indexOf('<form method="post" action="/login">'));
  });

  test('without OIDC_* offers only the e-mail form, and the company sign-in routes do not exist', async ({ database, redis, logger }) => {
    const management = await buildManagement({ database, redis, logger });
    try {
      const browser = new Browser(management.app);
      const page = (await browser.get('/login')).body;
      expect(page).toContain('<form method="post" action="/login">');
      expect(page).not.toContain('/login/oidc');
      expect((await browser.get('/login/oidc')).statusCode).toBe(404);
      expect((await browser.get('/login/oidc/callback?code=a&state=b')).statusCode).toBe(404);
    } finally {
      await management.close();
    }
  });
});
