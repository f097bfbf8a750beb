import { buildIngest, seedProject } from '@ambassador/ingest/test/ingest-app';
import { launchChromium, screenshot, skipWithoutChromium } from '@ambassador/testing/browser';
import type { TestSmtpServer } from '@ambassador/testing/smtp-server';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, vi } from 'vitest';
import { expectNoAxeViolations } from './axe.ts';
import { desktop, hasNoHorizontalScroll, narrowest, newPage as newPageIn, openInvitation, phone, servedAt } from './form-pages.ts';
import { authorized, type Pipeline, test } from './pipeline.ts';

/**
 * The first question in the invitation e-mail, in real Chromium: the e-mail as a mail client
 * shows it, the form each of its three answer links opens (that answer chosen), and the 0–10
 * recommendation question of SURVEY_RECOMMEND_QUESTION=score. Screenshots go to
 * test-artifacts/screenshots/.
 */

let browser: Browser | undefined;
const skip = skipWithoutChromium('the browser tests of the first question in the e-mail');

beforeAll(async () => {
  if (!skip) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const newPage = (options: BrowserContextOptions) => newPageIn(browser, options);

/** Closes the project, waits for the invitation e-mail, and serves ingest over HTTP. */
async function invitationMail(pipeline: Pipeline, smtp: TestSmtpServer) {
  const origin = await servedAt(pipeline.ingest.app);
  await pipeline.ingest.app.inject({ method: 'POST', url: '/api/v1/projects/P-100/close', headers: authorized });
  const mail = await vi.waitFor(() => {
    const [first] = smtp.received;
    expect(first).toBeDefined();
    return first!;
  }, { timeout: 10_000 });
  const html = mail.parsed.html ?? '';
  const answerLinks = [...html.matchAll(/href="([^"]*\?satisfaction=[a-z_]+)"/g)].map((match) => {
    const url = new URL(match[1]!.replaceAll('&amp;', '&'));
    return `${origin}${url.pathname}${url.search}`;
  });
  return { html, answerLinks };
}

const checked = (page: Page) => page.evaluate<string[]>(`[...document.querySelectorAll('input[name="satisfaction"]:checked')].map((input) => input.value)`);

describe.skipIf(skip)('the first question in the invitation e-mail, in Chromium', () => {
  test('the e-mail shows three large answer buttons, on a desktop and on a phone', async ({ pipeline, smtp }) => {
    const { html } = await invitationMail(pipeline, smtp);
    for (const [options, name] of [[desktop, 'email-invitation-desktop'], [phone, 'email-invitation-phone'], [narrowest, 'email-invitation-320px']] as const) {
      const page = await newPage(options);
      await page.setContent(html);
      const buttons = page.getByRole('link', { name: /^(Ontevreden|Tevreden|Meer dan tevreden)$/ });
      await expect.poll(() => buttons.count()).toBe(3);
      for (const box of await Promise.all((await buttons.all()).map((button) => button.boundingBox()))) {
        // Large enough to hit with a thumb.
        expect(box!.height).toBeGreaterThanOrEqual(44);
        expect(box!.width).toBeGreaterThanOrEqual(44);
      }
      expect(await hasNoHorizontalScroll(page)).toBe(true);
      await screenshot(page, name);
      await page.context().close();
    }
  });

  test('in English for an English-speaking contact, the buttons and the form alike', async ({ pipeline, smtp }) => {
    await pipeline.ingest.app.inject({
      method: 'PUT',
      url: '/api/v1/projects/P-100',
      headers: authorized,
      payload: {
        name: 'Riolering Oost',
        client: { id: 'gemeente-utrecht', name: 'Gemeente Utrecht' },
        contact: { name: 'Emma Smith', email: 'emma@utrecht.example', locale: 'en' },
        accountManagerId: 'am-1',
      },
    });
    const { html, answerLinks } = await invitationMail(pipeline, smtp);
    const page = await newPage(phone);
    await page.setContent(html);
    await expect.poll(() => page.getByRole('link', { name: /^(Dissatisfied|Satisfied|More than satisfied)$/ }).count()).toBe(3);
    await screenshot(page, 'email-invitation-phone-en');
    await page.goto(answerLinks[0]!);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('How do you look back on Riolering Oost?');
    expect(await checked(page)).toEqual(['ontevreden']);
    await expectNoAxeViolations(page);
  }, 60_000);

  test('each answer link opens the form with that answer chosen; sending it records that it started in the e-mail', async ({ pipeline, smtp, database: { db } }) => {
    const { answerLinks } = await invitationMail(pipeline, smtp);
    expect(answerLinks.map((link) => new URL(link).searchParams.get('satisfaction'))).toEqual(['ontevreden', 'tevreden', 'meer_dan_tevreden']);
    const page = await newPage(phone);
    for (const link of answerLinks) {
      await page.goto(link);
      await expect.poll(() => checked(page)).toEqual([new URL(link).searchParams.get('satisfaction')]);
    }
    await screenshot(page, 'form-phone-nl-from-email-meer-dan-tevreden');
    await expectNoAxeViolations(page);
    // Opening them stored nothing.
    expect(await db.selectFrom('responses').select('id').execute()).toEqual([]);

    // The client adds the rest, and may still change the first answer.
    await page.getByRole('group', { name: 'Zou u ons aanbevelen bij anderen?' }).getByText('Ja').tap();
    await page.getByRole('group', { name: 'Heeft u interesse in meer van onze diensten?' }).getByText('Nee').tap();
    await page.getByRole('button', { name: 'Versturen' }).tap();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Dank u wel, Jan Jansen!');
    expect(await db.selectFrom('responses').select(['satisfaction', 'wouldRecommend', 'startedInEmail']).execute()).toEqual([
      { satisfaction: 'meer_dan_tevreden', wouldRecommend: true, startedInEmail: true },
    ]);
  }, 60_000);

  test('the form asks 0 to 10 with SURVEY_RECOMMEND_QUESTION=score: by touch, by keyboard, without axe-core violations', async ({ database, redis, logger }) => {
    const ingest = await buildIngest({ database, redis, logger }, { recommendQuestion: 'score' });
    try {
      await seedProject(ingest.app);
      const link = await openInvitation(ingest.app);

      const page = await newPage(phone);
      await page.goto(`${link}?satisfaction=tevreden`);
      const scale = page.getByRole('group', { name: 'Hoe waarschijnlijk is het dat u ons zou aanbevelen bij anderen?' });
      await expect.poll(() => scale.getByRole('radio').count()).toBe(11);
      const names = await page.evaluate<string[]>(`[...document.querySelectorAll('input[name="recommendScore"]')].map((input) => input.labels[0].textContent)`);
      expect(names).toEqual(['0: helemaal niet waarschijnlijk', '1', '2', '3', '4', '5', '6', '7', '8', '9', '10: zeer waarschijnlijk']);
      expect(await hasNoHorizontalScroll(page)).toBe(true);
      await expectNoAxeViolations(page);
      await screenshot(page, 'form-phone-nl-score');

      // Sent without a score: the error names the question and links to its first choice.
      await page.getByRole('group', { name: 'Heeft u interesse in meer van onze diensten?' }).getByText('Nee').tap();
      await page.getByRole('button', { name: 'Versturen' }).tap();
      await expect.poll(() => page.title()).toBe('Fout: Uw mening over Riolering Oost');
      await expectNoAxeViolations(page);
      await screenshot(page, 'form-phone-nl-score-error');
      await page.getByRole('link', { name: 'Kies een cijfer van 0 tot en met 10.' }).tap();
      expect(await page.evaluate<string>('document.activeElement.id')).toBe('recommendScore-0');
      // Arrow keys move through the scale, as in any radio group.
      for (let step = 0; step < 8; step += 1) await page.keyboard.press('ArrowRight');
      expect(await page.evaluate<string>('document.activeElement.id')).toBe('recommendScore-8');
      await page.getByRole('button', { name: 'Versturen' }).tap();
      await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Dank u wel, Jan Jansen!');
      expect(await database.db.selectFrom('responses').select(['satisfaction', 'recommendScore', 'wouldRecommend', 'startedInEmail']).execute()).toEqual([
        { satisfaction: 'tevreden', recommendScore: 8, wouldRecommend: false, startedInEmail: true },
      ]);

      const desktopPage = await newPage(desktop);
      await desktopPage.goto(`${link}?lang=en`);
      await expect.poll(() => desktopPage.getByRole('heading', { level: 1 }).textContent()).toBe('You have already answered this questionnaire');
      const narrow = await newPage(narrowest);
      await database.db.deleteFrom('responses').execute();
      await narrow.goto(link);
      expect(await hasNoHorizontalScroll(narrow)).toBe(true);
      await screenshot(narrow, 'form-320px-score');
      await desktopPage.goto(`${link}?lang=en`);
      await expect.poll(() => desktopPage.getByRole('heading', { level: 1 }).textContent()).toBe('How do you look back on Riolering Oost?');
      await screenshot(desktopPage, 'form-desktop-en-score');
    } finally {
      await ingest.close();
    }
  }, 120_000);
});
