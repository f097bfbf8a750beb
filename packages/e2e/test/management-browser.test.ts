import AxeBuilder from '@axe-core/playwright';
import { createServer } from 'node:http';
import { buildManagement, logIn } from '@ambassador/management/test/management-app';
import { browserRequired, chromiumMissing, launchChromium, screenshot } from '@ambassador/testing/browser';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, vi } from 'vitest';
import { test } from './pipeline.ts';

/**
 * The management module in real Chromium: an account manager logs in from the e-mail,
 * finds the − client in the register, and records what they did. axe-core checks every page.
 */

let browser: Browser | undefined;
const skip = chromiumMissing && !browserRequired;

beforeAll(async () => {
  if (!skip) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

async function expectNoAxeViolations(page: Page): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice']).analyze();
  expect(results.violations.map((violation) => `${violation.id}: ${violation.help} (${violation.nodes.length})`)).toEqual([]);
}

describe.skipIf(skip)('the management module in Chromium', () => {
  test('login from the e-mail → register → response → follow-up, accessible on every page', async ({ pipeline, smtp, database, redis, logger }) => {
    const management = await buildManagement({ database, redis, logger }, { clock: pipeline.clock, adminEmails: [] });
    try {
      await management.app.listen({ host: '127.0.0.1', port: 0 });
      const origin = `http://127.0.0.1:${(management.app.server.address() as AddressInfo).port}`;
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

  test('Bull Board renders under its CSP, adds a job from its own page, and refuses a form from another origin', async ({ database, redis, logger }) => {
    const management = await buildManagement({ database, redis, logger });
    // A page on another origin of the same site (another port): the Lax session cookie goes with its requests.
    const elsewhere = createServer((_request, response) => {
      response.setHeader('content-type', 'text/html; charset=utf-8');
      response.end(`<!doctype html><form method="post" action="${origin}/queues/api/queues/notify/add"><input name="name" value="forged"></form>
<script>document.forms[0].submit()</script>`);
    });
    let origin = '';
    try {
      await management.app.listen({ host: '127.0.0.1', port: 0 });
      origin = `http://127.0.0.1:${(management.app.server.address() as AddressInfo).port}`;
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
      await page.getByRole('link', { name: 'notify' }).first().waitFor();
      await screenshot(page, 'management-queues');
      await page.getByRole('link', { name: 'notify' }).first().click();
      await page.getByRole('button', { name: 'Nothing is consuming this queue' }).locator('xpath=following::button[1]').click();
      await page.getByRole('menuitem', { name: 'Add job' }).click();
      await page.locator('#job-name').fill('by-hand');
      await screenshot(page, 'management-queues-add-job');
      const [added] = await Promise.all([
        page.waitForResponse((response) => response.url().endsWith('/queues/api/queues/notify/add')),
        page.getByRole('button', { name: 'Add', exact: true }).click(),
      ]);
      expect(added.status()).toBe(200);
      const queued = async () => (await management.producer.queue('notify').getJobs(['waiting'])).map((job) => job.name);
      expect(await queued()).toContain('by-hand');
      // Only the link to Google Fonts is refused: Bull Board's own scripts and styles all load.
      const violations = await page.evaluate<string[]>('window.cspViolations');
      expect(violations.filter((violation) => !violation.includes('fonts.googleapis.com'))).toEqual([]);

      const [forged] = await Promise.all([page.waitForResponse(`${origin}/queues/api/queues/notify/add`), page.goto(elsewhereUrl)]);
      expect(forged.status()).toBe(403);
      expect(await queued()).not.toContain('forged');
      await context.close();
    } finally {
      elsewhere.close();
      await management.close();
    }
  }, 60_000);
});
