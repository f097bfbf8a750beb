import { createServer } from 'node:http';
import { startCompanySignIn, TEST_BUTTON_LABEL } from '@ambassador/management/test/company-sign-in-app';
import { Browser as InjectBrowser, buildManagement, logIn } from '@ambassador/management/test/management-app';
import { seedFirm } from '@ambassador/management/test/seed';
import { testLinks } from '@ambassador/notifier/test/notifier';
import { launchChromium, screenshot, skipWithoutChromium } from '@ambassador/testing/browser';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, vi } from 'vitest';
import { expectNoAxeViolations } from './axe.ts';
import { authorized, test } from './pipeline.ts';

/**
 * The management module in real Chromium: an account manager logs in from the e-mail,
 * finds the − client in the register, and records what they did; the pages the links in
 * e-mails open, and their buttons. axe-core checks every page.
 */

let browser: Browser | undefined;
const skip = skipWithoutChromium('the browser tests of the management module');

beforeAll(async () => {
  if (!skip) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

// Many pages, each checked by axe-core: on two busy cores much slower than the default 20 s.
const BROWSER_TEST_TIMEOUT = 120_000;

describe.skipIf(skip)('the management module in Chromium', () => {
  test('login from the e-mail → register → response → follow-up, accessible on every page', { timeout: BROWSER_TEST_TIMEOUT }, async ({ pipeline, smtp, database, redis, logger }) => {
    const management = await buildManagement({ database, redis, logger }, { clock: pipeline.clock, adminEmails: [] });
    try {
      const origin = await management.app.listen({ host: '127.0.0.1', port: 0 });
      const { id: negativeId } = await pipeline.submit({ satisfaction: 'ontevreden', wouldRecommend: false, wantsMoreServices: false, motivation: 'Planning twee keer gemist.' });
      const { id: positiveId } = await pipeline.submit({
        satisfaction: 'meer_dan_tevreden',
        wouldRecommend: true,
        wantsMoreServices: true,
        respondent: { name: 'Petra Positief', email: 'petra@utrecht.example' },
      });
      await pipeline.settled(negativeId!);
      await pipeline.settled(positiveId!);

      const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' });
      const page = await context.newPage();
      await page.goto(`${origin}/register`);
      expect(new URL(page.url()).pathname).toBe('/login');
      await expectNoAxeViolations(page);
      await screenshot(page, 'management-login');

      await page.getByLabel('E-mailadres').fill('anton@firm.example');
      await page.getByRole('button', { name: 'Stuur mij een inloglink' }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Kijk in je e-mail');
      await expectNoAxeViolations(page);

      const mail = await vi.waitFor(() => {
        const found = smtp.receivedBy('anton@firm.example').find((candidate) => candidate.parsed.subject === 'Je inloglink voor Ambassador');
        expect(found).toBeDefined();
        return found!;
      });
      const loginPath = /http:\/\/management\.test(\/login\/[A-Za-z0-9_-]{43})/.exec(mail.parsed.text ?? '')![1]!;
      await page.goto(`${origin}${loginPath}`);
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Ambassadeursregister');
      const cookies = await context.cookies();
      expect(cookies.find((cookie) => cookie.name === 'ambassador_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
      await expectNoAxeViolations(page);
      await screenshot(page, 'management-register-positive');
      await expect.poll(() => page.getByRole('row', { name: /Petra Positief/ }).textContent()).toContain('Hot lead');

      await page.getByRole('link', { name: /Negatief \(1\)/ }).click();
      await expect.poll(() => page.getByRole('row', { name: /Jan Jansen/ }).count()).toBe(1);
      await expectNoAxeViolations(page);
      await screenshot(page, 'management-register-negative');

      await page.getByRole('link', { name: 'Jan Jansen' }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Jan Jansen, Gemeente Utrecht');
      await expectNoAxeViolations(page);

      await page.getByLabel('Status').selectOption('done');
      await page.getByLabel('Uitkomst').selectOption('recovered');
      await page.getByLabel('Notitie').fill('Gebeld, excuses gemaakt, nieuwe planning afgesproken.');
      await page.getByRole('button', { name: 'Vastleggen' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toBe('Vastgelegd.');
      expect(await page.locator('ol.timeline').textContent()).toContain('Gebeld, excuses gemaakt');
      await expectNoAxeViolations(page);
      await screenshot(page, 'management-response-after-follow-up');

      await page.getByRole('link', { name: 'Statistieken' }).click();
      await expectNoAxeViolations(page);
      await screenshot(page, 'management-stats');

      await page.getByRole('button', { name: 'Uitloggen' }).click();
      await expect.poll(() => new URL(page.url()).pathname).toBe('/login');
      await page.goto(`${origin}/register`);
      expect(new URL(page.url()).pathname).toBe('/login');
      await context.close();
    } finally {
      await management.close();
    }
  });

  test('the links in e-mails open a page with one button; pressing it does what the link is for, accessible on every page', { timeout: BROWSER_TEST_TIMEOUT }, async ({
    pipeline,
    smtp,
    database,
    redis,
    logger,
  }) => {
    const management = await buildManagement({ database, redis, logger }, { clock: pipeline.clock, adminEmails: [] });
    try {
      const origin = await management.app.listen({ host: '127.0.0.1', port: 0 });
      const here = (link: string) => `${origin}${new URL(link).pathname}`;
      await pipeline.ingest.app.inject({
        method: 'PUT',
        url: '/api/v1/employees/mgr-1',
        headers: authorized,
        payload: { name: 'Marieke de Vries', email: 'marieke@firm.example', locale: 'en' },
      });
      const { id } = await pipeline.submit({ satisfaction: 'ontevreden', wouldRecommend: false, wantsMoreServices: false, motivation: 'Planning twee keer gemist.' });
      await pipeline.settled(id!);
      const ackLink = (address: string) => /(http:\/\/management\.test\/ack\/\S+)/.exec(smtp.receivedBy(address)[0]!.parsed.text ?? '')![1]!;

      const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' });
      const page = await context.newPage();
      const heading = () => page.getByRole('heading', { level: 1 }).textContent();

      // "I am on it", for Anton (Dutch): the page names the response; the button records it.
      await page.goto(here(ackLink('anton@firm.example')));
      await expect.poll(heading).toBe('Ik pak dit op');
      expect(await page.locator('dl.facts').textContent()).toBe('RespondentJan JansenKlantGemeente UtrechtProjectRiolering OostGroep\u2212 Negatief');
      expect(await page.getByRole('button').count()).toBe(1);
      await expectNoAxeViolations(page);
      await screenshot(page, 'email-link-acknowledge');
      await page.getByRole('button', { name: 'Ja, ik pak dit op' }).click();
      await expect.poll(heading).toBe('Genoteerd');
      expect(await page.getByRole('status').textContent()).toBe('Dank je. De opvolging staat op "in behandeling".');
      expect(await database.db.selectFrom('followUpSteps').select(['status', 'authorEmail']).execute()).toEqual([{ status: 'in_progress', authorEmail: 'anton@firm.example' }]);
      await expectNoAxeViolations(page);
      await screenshot(page, 'email-link-acknowledged');

      // The same link again: used, and it says so.
      await page.goto(here(ackLink('anton@firm.example')));
      await expect.poll(heading).toBe('Deze link werkt niet meer');
      await expectNoAxeViolations(page);
      await screenshot(page, 'email-link-used');

      // Marieke's "I am on it" is in English.
      await page.goto(here(ackLink('marieke@firm.example')));
      await expect.poll(heading).toBe('I am on it');
      expect(await page.locator('html').getAttribute('lang')).toBe('en');
      await screenshot(page, 'email-link-acknowledge-en');

      // The digest's unsubscribe link, for Marieke (English).
      await page.goto(here(testLinks.digestUnsubscribe('mgr-1', 0)));
      await expect.poll(heading).toBe('Unsubscribe from the weekly digest');
      await expectNoAxeViolations(page);
      await screenshot(page, 'email-link-unsubscribe');
      await page.getByRole('button', { name: 'Unsubscribe' }).click();
      await expect.poll(heading).toBe('Unsubscribed from the weekly digest');
      await expectNoAxeViolations(page);

      // The login link: the page names the address; the button signs in and lands on the register.
      const asking = new InjectBrowser(management.app);
      await asking.get('/login');
      await asking.post('/login', { email: 'anton@firm.example' });
      const mail = await vi.waitFor(() => {
        const found = smtp.receivedBy('anton@firm.example').find((candidate) => candidate.parsed.subject === 'Je inloglink voor Ambassador');
        expect(found).toBeDefined();
        return found!;
      });
      await page.goto(here(/(http:\/\/management\.test\/login\/[A-Za-z0-9_-]{43})/.exec(mail.parsed.text ?? '')![1]!));
      await expect.poll(heading).toBe('Inloggen');
      expect(await page.locator('main').textContent()).toContain('Je logt in op Ambassador als anton@firm.example.');
      expect((await context.cookies()).find((cookie) => cookie.name === 'ambassador_session')).toBeUndefined();
      await expectNoAxeViolations(page);
      await screenshot(page, 'email-link-sign-in');
      await page.getByRole('button', { name: 'Inloggen' }).click();
      await expect.poll(heading).toBe('Ambassadeursregister');
      expect(new URL(page.url()).pathname).toBe('/register');
      expect((await context.cookies()).find((cookie) => cookie.name === 'ambassador_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
      await context.close();
    } finally {
      await management.close();
    }
  });

  test("sign-in at the firm's identity provider with the login page's button; a stranger gets a page saying why; accessible", { timeout: BROWSER_TEST_TIMEOUT }, async ({
    database,
    redis,
    logger,
  }) => {
    await seedFirm(database.db);
    // Management at the redirect URI the local provider knows, the provider on a port of its own.
    const world = await startCompanySignIn({ database, redis, logger });
    try {
      world.provider.signInAs({ email: 'anna@firm.example', emailVerified: true });
      const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' });
      const page = await context.newPage();
      const heading = () => page.getByRole('heading', { level: 1 }).textContent();
      await page.goto(`${world.origin}/register`);
      expect(new URL(page.url()).pathname).toBe('/login');
      await expectNoAxeViolations(page);
      await screenshot(page, 'company-sign-in-login');
      await page.getByRole('link', { name: TEST_BUTTON_LABEL }).click();
      await expect.poll(heading).toBe('Ambassadeursregister');
      expect(new URL(page.url()).pathname).toBe('/register');
      const cookies = await context.cookies(world.origin);
      expect(cookies.find((cookie) => cookie.name === 'ambassador_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
      expect(cookies.find((cookie) => cookie.name === 'ambassador_oidc')).toBeUndefined();
      await screenshot(page, 'company-sign-in-register');
      await context.close();

      // Someone the firm's provider knows, but Ambassador does not.
      world.provider.signInAs({ email: 'stranger@elsewhere.example', emailVerified: true });
      const strangers = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' });
      const stranger = await strangers.newPage();
      await stranger.goto(`${world.origin}/login`);
      await stranger.getByRole('link', { name: TEST_BUTTON_LABEL }).click();
      await expect.poll(() => stranger.getByRole('heading', { level: 1 }).textContent()).toBe('Inloggen is niet gelukt');
      expect(await stranger.locator('main').textContent()).toContain('Je organisatie meldt je aan als stranger@elsewhere.example.');
      expect((await strangers.cookies(world.origin)).map((cookie) => cookie.name)).not.toContain('ambassador_session');
      await expectNoAxeViolations(stranger);
      await screenshot(stranger, 'company-sign-in-refused');
      await strangers.close();
    } finally {
      await world.close();
    }
  });

  test('Bull Board renders under its CSP, adds a job from its own page, and refuses a form from another origin', { timeout: BROWSER_TEST_TIMEOUT }, async ({ database, redis, logger }) => {
    const management = await buildManagement({ database, redis, logger });
    // A page on another origin of the same site (another port): the Lax session cookie goes with its requests.
    const elsewhere = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.end(`<!doctype html><form method="post" action="${origin}/queues/api/queues/deliver-email/add"><input name="name" value="forged"></form>
<script>document.forms[0].submit()</script>`);
    });
    let origin = '';
    try {
      origin = await management.app.listen({ host: '127.0.0.1', port: 0 });
      await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));
      const elsewhereUrl = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}/`;

      // The admin's session, opened through the login link, in Chromium.
      const admin = await logIn(management, database, 'admin@firm.example');
      const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' });
      await context.addCookies([...admin.cookies].map(([name, value]) => ({ name, value, url: origin, httpOnly: true, sameSite: 'Lax' as const })));
      await context.addInitScript(`window.cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => window.cspViolations.push(event.effectiveDirective + ' ' + event.blockedURI));`);
      const page = await context.newPage();

      await page.goto(`${origin}/queues`);
      await page.getByRole('link', { name: 'deliver-email' }).first().waitFor();
      await screenshot(page, 'management-queues');
      await page.getByRole('link', { name: 'deliver-email' }).first().click();
      await page.getByRole('button', { name: 'Nothing is consuming this queue' }).locator('xpath=following::button[1]').click();
      await page.getByRole('menuitem', { name: 'Add job' }).click();
      await page.locator('#job-name').fill('by-hand');
      await screenshot(page, 'management-queues-add-job');
      const [added] = await Promise.all([
        page.waitForResponse((response) => response.url().endsWith('/queues/api/queues/deliver-email/add')),
        page.getByRole('button', { name: 'Add', exact: true }).click(),
      ]);
      expect(added.status()).toBe(200);
      const queued = async () => (await management.producer.queue('deliver-email').getJobs(['waiting'])).map((job) => job.name);
      expect(await queued()).toContain('by-hand');
      // Only the link to Google Fonts is refused: Bull Board's own scripts and styles all load.
      const violations = await page.evaluate<string[]>('window.cspViolations');
      expect(violations.filter((violation) => !violation.includes('fonts.googleapis.com'))).toEqual([]);

      const [forged] = await Promise.all([page.waitForResponse(`${origin}/queues/api/queues/deliver-email/add`), page.goto(elsewhereUrl)]);
      expect(forged.status()).toBe(403);
      expect(await queued()).not.toContain('forged');
      await context.close();
    } finally {
      elsewhere.close();
      await management.close();
    }
  });
});
