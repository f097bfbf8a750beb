import { logIn, test } from '@ambassador/management/test/management-app';
import { invite, respond, seedFirm } from '@ambassador/management/test/seed';
import { launchChromium, screenshot, skipWithoutChromium } from '@ambassador/testing/browser';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { expectNoAxeViolations } from './axe.ts';
import { hasNoHorizontalScroll } from './form-pages.ts';

/**
 * The NPS beside the ambassador score, and the first question in the e-mail, on the
 * statistics page and in the register, in real Chromium with axe-core. Screenshots go to
 * test-artifacts/screenshots/.
 */

let browser: Browser | undefined;
const skip = skipWithoutChromium('the browser tests of the NPS statistics');

beforeAll(async () => {
  if (!skip) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const november = (day: number) => new Date(Date.UTC(2026, 10, day, 10));

describe.skipIf(skip)('the NPS in the management module, in Chromium', () => {
  test('the statistics page and the register show the score, accessibly', { timeout: 120_000 }, async ({ management, database }) => {
    const { db } = database;
    await seedFirm(db);
    const answers: [string, 'positive' | 'neutral' | 'negative', number, Date][] = [
      ['anna', 'positive', 10, november(20)],
      ['anna', 'neutral', 7, november(20)],
      ['anna', 'negative', 3, november(20)],
      ['bram', 'positive', 9, november(20)],
      ['bram', 'neutral', 8, new Date('2026-10-10T10:00:00Z')],
      ['carla', 'neutral', 6, new Date('2026-09-10T10:00:00Z')],
      ['xander', 'positive', 9, november(20)],
    ];
    for (const [accountManagerId, group, recommendScore, submittedAt] of answers) await respond(db, accountManagerId, group, { recommendScore, submittedAt });
    await invite(db, 'anna', { createdAt: november(2), answer: 'positive', recommendScore: 10, startedInEmail: true });
    await invite(db, 'bram', { createdAt: november(3), answer: 'neutral', recommendScore: 8 });
    await invite(db, 'carla', { createdAt: november(4) });

    const origin = await management.app.listen({ host: '127.0.0.1', port: 0 });
    const signedIn = await logIn(management, database, 'admin@firm.example');
    const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' });
    await context.addCookies([...signedIn.cookies].map(([name, value]) => ({ name, value, url: origin })));
    const page = await context.newPage();

    await page.goto(`${origin}/stats`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Statistieken');
    await expect.poll(() => page.getByRole('table', { name: 'NPS naast de ambassadeursscore per maand' }).count()).toBe(1);
    expect(await page.getByRole('img', { name: /^NPS per accountmanager/ }).count()).toBe(1);
    expect(await page.getByRole('table', { name: 'Uitgenodigd, beantwoord en begonnen in de e-mail, per maand' }).count()).toBe(1);
    await expectNoAxeViolations(page);
    await screenshot(page, 'management-stats-nps');

    await page.goto(`${origin}/register`);
    await expect.poll(() => page.getByRole('columnheader', { name: 'Cijfer (0–10)' }).count()).toBe(1);
    await expectNoAxeViolations(page);
    await screenshot(page, 'management-register-score');

    const phone = await browser!.newContext({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, locale: 'nl-NL' });
    await phone.addCookies([...signedIn.cookies].map(([name, value]) => ({ name, value, url: origin })));
    const small = await phone.newPage();
    await small.goto(`${origin}/stats`);
    await expect.poll(() => small.getByRole('heading', { level: 1 }).textContent()).toBe('Statistieken');
    expect(await hasNoHorizontalScroll(small)).toBe(true);
    await screenshot(small, 'management-stats-nps-phone');
  });
});
