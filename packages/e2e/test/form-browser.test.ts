import { launchChromium, screenshot, skipWithoutChromium } from '@ambassador/testing/browser';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, vi } from 'vitest';
import { expectNoAxeViolations } from './axe.ts';
import { desktop, hasNoHorizontalScroll, narrowest, newPage as newPageIn, openInvitation as openInvitationOn, phone } from './form-pages.ts';
import { type Pipeline, test } from './pipeline.ts';

/**
 * The client's form in real Chromium: on a phone and on a desktop, by keyboard alone,
 * with axe-core checking accessibility, and the alerts arriving at the SMTP server.
 * Screenshots go to test-artifacts/screenshots/.
 */

let browser: Browser | undefined;
const skip = skipWithoutChromium('the browser tests of the form');

beforeAll(async () => {
  if (!skip) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const newPage = (options: BrowserContextOptions) => newPageIn(browser, options);
const openInvitation = (pipeline: Pipeline) => openInvitationOn(pipeline.ingest.app);

interface Focused {
  id: string;
  tag: string;
  className: string;
  outline: string;
  width: string;
}

async function focused(page: Page): Promise<Focused> {
  return page.evaluate<Focused>(`(() => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    return { id: element.id, tag: element.tagName, className: element.className, outline: style.outlineStyle, width: style.outlineWidth };
  })()`);
}

describe.skipIf(skip)('the form in Chromium', () => {
  test('on a phone: the client taps the answers, types a reason, sends, and both alerts arrive', async ({ pipeline, smtp }) => {
    const link = await openInvitation(pipeline);
    const page = await newPage(phone);
    await page.goto(link);
    await expect.poll(() => page.title()).toBe('Uw mening over Riolering Oost');
    expect(await hasNoHorizontalScroll(page)).toBe(true);
    await screenshot(page, 'form-phone-nl');

    await page.getByText('Meer dan tevreden').tap();
    const motivation = page.getByLabel('Waarom?');
    await motivation.fill('Heel fijn samengewerkt, de bewoners waren goed geïnformeerd.');
    // The counter is live with JavaScript (and the page's CSP lets our own script run).
    await expect.poll(() => page.locator('#motivation-count').textContent()).toBe('1940 tekens over');
    await page.getByRole('group', { name: 'Zou u ons aanbevelen bij anderen?' }).getByText('Ja').tap();
    await page.getByRole('group', { name: 'Heeft u interesse in meer van onze diensten?' }).getByText('Ja').tap();
    await screenshot(page, 'form-phone-nl-filled');
    await page.getByRole('button', { name: 'Versturen' }).tap();

    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Dank u wel, Jan Jansen!');
    expect(new URL(page.url()).pathname).toMatch(/\/thanks$/);
    await screenshot(page, 'thanks-phone-nl');

    await vi.waitFor(() => expect(smtp.received.filter((mail) => mail.parsed.subject?.startsWith('[+]'))).toHaveLength(2), {
      timeout: 10_000,
    });
    const alert = smtp.receivedBy('anton@firm.example').find((mail) => mail.parsed.subject?.startsWith('[+]'));
    expect(alert?.parsed.subject).toBe('[+] Hot lead: Jan Jansen, Gemeente Utrecht');
    expect(alert?.parsed.text).toContain('de bewoners waren goed geïnformeerd');
  });

  test('on a desktop, in English: the same form, sent with a mouse', async ({ pipeline, smtp }) => {
    const link = await openInvitation(pipeline);
    const page = await newPage(desktop);
    await page.goto(link);
    await page.getByRole('link', { name: 'English' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('How do you look back on Riolering Oost?');
    await screenshot(page, 'form-desktop-en');

    await page.getByText('Dissatisfied').click();
    await page.getByLabel('Why?').fill('The planning slipped twice without notice.');
    await page.getByRole('group', { name: 'Would you recommend us to others?' }).getByText('No').click();
    await page.getByRole('group', { name: 'Are you interested in more of our services?' }).getByText('No').click();
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Thank you, Jan Jansen!');
    await screenshot(page, 'thanks-desktop-en');

    await vi.waitFor(() => expect(smtp.received.filter((mail) => mail.parsed.subject?.startsWith('[\u2212]'))).toHaveLength(2), {
      timeout: 10_000,
    });
  });

  test('by keyboard alone, with a visible focus ring on every control', async ({ pipeline, database: { db } }) => {
    const link = await openInvitation(pipeline);
    const page = await newPage(desktop);
    await page.goto(link);
    const focusRing = () => focused(page);

    await page.keyboard.press('Tab');
    expect(await focusRing()).toMatchObject({ id: 'satisfaction-ontevreden', outline: 'solid', width: '3px' });
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(await focusRing()).toMatchObject({ id: 'satisfaction-meer_dan_tevreden' });
    await page.keyboard.press('Tab');
    expect(await focusRing()).toMatchObject({ id: 'motivation', outline: 'solid' });
    await page.keyboard.type('Snel en goed.');
    await page.keyboard.press('Tab');
    expect(await focusRing()).toMatchObject({ id: 'wouldRecommend-yes' });
    await page.keyboard.press('Space');
    await page.keyboard.press('Tab');
    expect(await focusRing()).toMatchObject({ id: 'wantsMoreServices-yes' });
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Tab');
    expect(await focusRing()).toMatchObject({ tag: 'BUTTON', outline: 'solid' });
    await screenshot(page, 'form-keyboard-focus-on-send');
    await page.keyboard.press('Enter');

    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Dank u wel, Jan Jansen!');
    expect(await db.selectFrom('responses').select(['satisfaction', 'motivation', 'wouldRecommend', 'wantsMoreServices']).execute()).toEqual([
      { satisfaction: 'meer_dan_tevreden', motivation: 'Snel en goed.', wouldRecommend: true, wantsMoreServices: false },
    ]);
  });

  // Four axe-core scans: on two busy cores they alone take more than the default 20 s.
  test('has no axe-core violations on the form, its error state, the thank-you page and the 404 page', async ({ pipeline }) => {
    const link = await openInvitation(pipeline);
    const page = await newPage(phone);
    await page.goto(link);
    await expectNoAxeViolations(page);

    await page.getByLabel('Waarom?').fill('Alleen een toelichting');
    await page.getByRole('button', { name: 'Versturen' }).tap();
    await expect.poll(() => page.title()).toBe('Fout: Uw mening over Riolering Oost');
    // The error summary takes the focus, so it is read out first; each error links to its field.
    expect((await focused(page)).className).toBe('error-summary');
    expect(await page.getByLabel('Waarom?').inputValue()).toBe('Alleen een toelichting');
    await screenshot(page, 'form-phone-nl-errors');
    await expectNoAxeViolations(page);
    await page.getByRole('link', { name: 'Kies hoe tevreden u bent.' }).tap();
    expect((await focused(page)).id).toBe('satisfaction-ontevreden');

    await page.getByText('Tevreden', { exact: true }).tap();
    await page.getByRole('group', { name: 'Zou u ons aanbevelen bij anderen?' }).getByText('Nee').tap();
    await page.getByRole('group', { name: 'Heeft u interesse in meer van onze diensten?' }).getByText('Nee').tap();
    await page.getByRole('button', { name: 'Versturen' }).tap();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Dank u wel, Jan Jansen!');
    await expectNoAxeViolations(page);

    await page.goto(`${new URL(link).origin}/s/this-link-does-not-exist`);
    await expectNoAxeViolations(page);
    await screenshot(page, 'not-found');
  }, 120_000);

  test('fits a 320 px wide screen', async ({ pipeline }) => {
    const link = await openInvitation(pipeline);
    const page = await newPage(narrowest);
    await page.goto(link);
    expect(await hasNoHorizontalScroll(page)).toBe(true);
    await page.getByRole('button', { name: 'Versturen' }).tap();
    await expect.poll(() => page.title()).toMatch(/^Fout: /);
    expect(await hasNoHorizontalScroll(page)).toBe(true);
    await screenshot(page, 'form-320px-errors');
  });
});
