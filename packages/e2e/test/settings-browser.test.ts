import { buildManagement } from '@ambassador/management/test/management-app';
import { launchChromium, screenshot, skipWithoutChromium } from '@ambassador/testing/browser';
import { test as base } from '@ambassador/testing/fixtures';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, vi } from 'vitest';
import { expectNoAxeViolations } from './axe.ts';
import { seedProject, startPipeline } from './pipeline.ts';

/**
 * An account manager, in real Chromium, asks for alerts by SMS on their settings page (and gets
 * the errors first), then follows the link of the SMS that a − response sends them to the
 * response page, where every delivery of every alert shows. axe-core checks every page.
 */

let browser: Browser | undefined;
const skip = skipWithoutChromium('the browser tests of the settings page');

beforeAll(async () => {
  if (!skip) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const test = base.extend('pipeline', async ({ database, redis, logger, smtp, smpp }, { onCleanup }) => {
  const pipeline = await startPipeline({ database, redis, logger, smtp }, { smpp: { url: smpp.url } });
  onCleanup(() => pipeline.close());
  await seedProject(pipeline.ingest.app);
  return pipeline;
});

describe.skipIf(skip)('my settings and the deliveries of an alert, in Chromium', () => {
  test('set a phone and SMS alerts, then open the response from the SMS', { timeout: 120_000 }, async ({ pipeline, smtp, smpp, database, redis, logger }) => {
    const management = await buildManagement({ database, redis, logger }, { clock: pipeline.clock, adminEmails: [] });
    try {
      const origin = await management.app.listen({ host: '127.0.0.1', port: 0 });
      const here = (link: string) => `${origin}${new URL(link).pathname}`;
      const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' });
      const page = await context.newPage();

      await page.goto(`${origin}/login`);
      await page.getByLabel('E-mailadres').fill('anton@firm.example');
      await page.getByRole('button', { name: 'Stuur mij een inloglink' }).click();
      const mail = await vi.waitFor(() => {
        const found = smtp.receivedBy('anton@firm.example').at(-1);
        expect(found?.parsed.subject).toBe('Je inloglink voor Ambassador');
        return found!;
      });
      await page.goto(here(/http:\/\/management\.test\/login\/[A-Za-z0-9_-]{43}/.exec(mail.parsed.text ?? '')![0]));
      await page.getByRole('button', { name: 'Inloggen' }).click();

      await page.getByRole('link', { name: 'Mijn instellingen' }).click();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Mijn instellingen');
      await expectNoAxeViolations(page);
      await screenshot(page, 'management-settings');

      // SMS without a usable number: the errors are listed, each a link to its field.
      await page.getByLabel('Mobiel nummer').fill('06 1234 5678');
      await page.getByLabel('Ook per sms').check();
      await page.getByRole('button', { name: 'Opslaan' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('Vul een mobiel nummer in internationale vorm in');
      await expectNoAxeViolations(page);
      await screenshot(page, 'management-settings-errors');
      await page.getByRole('link', { name: /Vul een mobiel nummer/ }).click();
      await expect.poll(() => page.evaluate<string>('document.activeElement.id')).toBe('phone');
      expect(await page.getByLabel('Ook per sms').isChecked()).toBe(true);

      await page.getByLabel('Mobiel nummer').fill('+31 6 1234 5678');
      await page.getByRole('button', { name: 'Opslaan' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toBe('Opgeslagen.');
      expect(await page.getByLabel('Mobiel nummer').inputValue()).toBe('+31612345678');
      await expectNoAxeViolations(page);
      await screenshot(page, 'management-settings-saved');

      // A − response: the SMS carries a short link to it.
      const { id } = await pipeline.submit({ satisfaction: 'ontevreden', wouldRecommend: false, wantsMoreServices: false });
      const sms = await vi.waitFor(() => {
        expect(smpp.accepted()).toHaveLength(1);
        return smpp.accepted()[0]!;
      });
      expect(sms.destination).toBe('31612345678');
      await vi.waitFor(async () => {
        const row = await database.db.selectFrom('deliveries').select('status').where('peerMessageId', '=', sms.messageId!).executeTakeFirst();
        expect(row?.status).toBe('sent');
      });
      expect(await smpp.sendReceipt(sms.messageId!, 'DELIVRD')).toBe(0);
      await pipeline.settled(id!);

      await page.goto(here(/http:\/\/management\.test\/r\/\S+$/.exec(sms.text)![0]));
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toContain('Jan Jansen, Gemeente Utrecht');
      expect(new URL(page.url()).pathname).toBe(`/responses/${id!}`);
      await expect.poll(() => page.getByRole('row', { name: /SMS/ }).textContent()).toContain('Afgeleverd');
      await expectNoAxeViolations(page);
      await screenshot(page, 'management-response-deliveries');
      await context.close();
    } finally {
      await management.close();
    }
  });
});
