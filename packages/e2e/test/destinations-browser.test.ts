import { buildManagement } from '@ambassador/management/test/management-app';
import { launchChromium, screenshot, skipWithoutChromium } from '@ambassador/testing/browser';
import type { Browser } from 'playwright-core';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, vi } from 'vitest';
import { expectNoAxeViolations } from './axe.ts';
import { test } from './pipeline.ts';

/**
 * An admin, in real Chromium, adds a webhook for the firm's CRM (after a form with errors), keeps
 * its secret from the one page that shows it, sends a test event that the CRM's receiver gets
 * signed with that secret, and redelivers it from the delivery log; then a − response shows the
 * event on its page. axe-core checks every page.
 */

let browser: Browser | undefined;
const skip = skipWithoutChromium('the browser tests of the destinations pages');

beforeAll(async () => {
  if (!skip) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

describe.skipIf(skip)('destinations in the management module, in Chromium', () => {
  test('add a webhook, keep its secret, send a test event, redeliver it, and see a response sent to it', { timeout: 120_000 }, async ({ pipeline, smtp, receiver, database, redis, logger }) => {
    const management = await buildManagement({ database, redis, logger }, { clock: pipeline.clock, adminEmails: ['admin@firm.example'] });
    try {
      const origin = await management.app.listen({ host: '127.0.0.1', port: 0 });
      const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' });
      const page = await context.newPage();

      await page.goto(`${origin}/login`);
      await page.getByLabel('E-mailadres').fill('admin@firm.example');
      await page.getByRole('button', { name: 'Stuur mij een inloglink' }).click();
      const mail = await vi.waitFor(() => {
        const found = smtp.receivedBy('admin@firm.example').at(-1);
        expect(found?.parsed.subject).toBe('Je inloglink voor Ambassador');
        return found!;
      });
      await page.goto(`${origin}${new URL(/http:\/\/management\.test\/login\/[A-Za-z0-9_-]{43}/.exec(mail.parsed.text ?? '')![0]).pathname}`);
      await page.getByRole('button', { name: 'Inloggen' }).click();

      await page.getByRole('link', { name: 'Bestemmingen' }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Bestemmingen');
      await expectNoAxeViolations(page);
      await screenshot(page, 'management-destinations');

      // A name with spaces and no URL: both listed, each a link to its field.
      await page.getByLabel('Naam', { exact: true }).fill('ons crm');
      await page.getByRole('button', { name: 'Opslaan' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('Vul een https-adres in');
      await expectNoAxeViolations(page);
      await screenshot(page, 'management-destinations-errors');
      await page.getByRole('link', { name: /Geef een naam/ }).click();
      await expect.poll(() => page.evaluate<string>('document.activeElement.id')).toBe('destination-id');

      await page.getByLabel('Naam', { exact: true }).fill('crm');
      await page.getByLabel('URL').fill(receiver.url('/hooks/ambassador'));
      await page.getByRole('button', { name: 'Opslaan' }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Het geheim van deze webhook');
      const secret = await page.getByLabel('Geheim').inputValue();
      expect(secret).toMatch(/^whsec_/u);
      await expectNoAxeViolations(page);
      await screenshot(page, 'management-destination-secret');

      await page.getByRole('link', { name: 'Naar de bestemming' }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('crm');
      await page.getByRole('button', { name: 'Testgebeurtenis sturen' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toContain('Testgebeurtenis verstuurd');
      const [test] = await vi.waitFor(() => {
        expect(receiver.accepted()).toHaveLength(1);
        return receiver.accepted();
      });
      expect(new Webhook(secret).verify(test!.body, test!.headers as Record<string, string>)).toMatchObject({ type: 'destination.test', data: { destinationId: 'crm' } });

      await expect
        .poll(async () => {
          await page.reload();
          return page.getByRole('row', { name: /Testgebeurtenis/ }).first().textContent();
        })
        .toContain('verstuurd');
      await page.getByRole('button', { name: /Opnieuw versturen/ }).first().click();
      await expect.poll(() => page.getByRole('status').textContent()).toContain('Opnieuw verstuurd');
      await vi.waitFor(() => expect(receiver.accepted()).toHaveLength(2));
      expect(receiver.accepted()[1]!.headers['webhook-id']).toBe(test!.headers['webhook-id']);
      await expect
        .poll(async () => {
          await page.reload();
          return page.getByRole('row', { name: /Testgebeurtenis/ }).allTextContents();
        })
        .toEqual([expect.stringContaining('verstuurd'), expect.stringContaining('verstuurd')]);
      await expectNoAxeViolations(page);
      await screenshot(page, 'management-destination-log');

      // A − response: its page lists the event sent to the CRM.
      const { id } = await pipeline.submit({ satisfaction: 'ontevreden', wouldRecommend: false, wantsMoreServices: false });
      await vi.waitFor(() => expect(receiver.accepted()).toHaveLength(3));
      await pipeline.settled(id!);
      await page.goto(`${origin}/responses/${id!}`);
      await expect.poll(() => page.getByRole('row', { name: /Webhook/ }).textContent()).toContain('Verstuurd');
      await expectNoAxeViolations(page);
      await screenshot(page, 'management-response-destinations');
      await context.close();
    } finally {
      await management.close();
    }
  });
});
