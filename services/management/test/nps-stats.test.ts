import type { Database } from '@ambassador/db/database';
import type { Group } from '@ambassador/domain/vocabulary';
import { describe, expect } from 'vitest';
import { npsMessages } from '../src/views/nps-messages.ts';
import { statsMessages } from '../src/views/stats-messages.ts';
import { logIn, test } from './management-app.ts';
import { table, text } from './page-tables.ts';
import { invite, respond, seedFirm } from './seed.ts';

const s = statsMessages.nl;
const n = npsMessages.nl;
const NONE = '–';
const MINUS = '\u2212';

const november = (day: number) => new Date(Date.UTC(2026, 10, day, 10));

/**
 * Scores by hand (groups for the ambassador score beside them):
 *
 * | who    | month | scores (group)                 | promoters / passives / detractors | NPS           | ambassador score |
 * |--------|-------|--------------------------------|-----------------------------------|---------------|------------------|
 * | anna   | Nov   | 10 (+), 7 (0), 7 (0), 3 (−)    | 1 / 2 / 1                         | 0             | 0                |
 * | bram   | Nov   | 9 (+), 8 (0), 8 (0)            | 1 / 2 / 0                         | 33.3 → +33    | +33              |
 * | carla  | Nov   | 8 (0), none (0)                | 0 / 1 / 0                         | 0             | 0                |
 * | xander | Oct   | 0 (−)                          | 0 / 0 / 1                         | −100          | −100             |
 *
 * November: 2 / 5 / 1 of 8 → 12.5 → +13 (half away from zero). Water (anna, bram): 2 / 4 / 1
 * of 7 → 14.3 → +14. Bouw (carla, xander): 0 / 1 / 1 → −50 (ambassador score: 0 + of 3, 1 − → −33).
 * The period: 2 / 5 / 2 of 9 → 0.
 */
async function seedScores(db: Database): Promise<void> {
  await seedFirm(db);
  const scored: [string, Group, number | null, Date][] = [
    ['anna', 'positive', 10, november(20)],
    ['anna', 'neutral', 7, november(20)],
    ['anna', 'neutral', 7, november(20)],
    ['anna', 'negative', 3, november(20)],
    ['bram', 'positive', 9, november(20)],
    ['bram', 'neutral', 8, november(20)],
    ['bram', 'neutral', 8, november(20)],
    ['carla', 'neutral', 8, november(20)],
    ['carla', 'neutral', null, november(20)],
    ['xander', 'negative', 0, new Date('2026-10-10T10:00:00Z')],
  ];
  for (const [accountManagerId, group, recommendScore, submittedAt] of scored) await respond(db, accountManagerId, group, { recommendScore, submittedAt });
}

function chartScores(page: string, id: string): string[] {
  const svg = new RegExp(`<svg[^>]*aria-labelledby="${id}-title ${id}-desc"[\\s\\S]*?</svg>`).exec(page)?.[0] ?? '';
  return [...svg.matchAll(/<text class="score"[^>]*>([^<]*)<\/text>/g)].map((match) => text(match[1]!));
}

describe('the NPS on the statistics page', () => {
  test('gives the NPS beside the ambassador score per month, per account manager and per division, as computed by hand', async ({ management, database }) => {
    await seedScores(database.db);
    const browser = await logIn(management, database, 'admin@firm.example');
    const page = (await browser.get('/stats')).body;

    // [ambassador score, with a score, promoters, passives, detractors, NPS]
    const months = table(page, n.captions.months)!;
    expect(months['november 2026']).toEqual(['+11', '8', '25% (2)', '63% (5)', '13% (1)', '+13']);
    expect(months['oktober 2026']).toEqual([`${MINUS}100`, '1', '0% (0)', '0% (0)', '100% (1)', `${MINUS}100`]);
    expect(months['juni 2026']).toEqual([NONE, '0', NONE, NONE, NONE, NONE]);
    expect(chartScores(page, 'chart-nps-months').filter((score) => score !== NONE)).toEqual([`${MINUS}100`, '+13']);

    expect(table(page, n.captions.accountManagers)).toEqual({
      'Anna Accountmanager': ['0', '4', '25% (1)', '50% (2)', '25% (1)', '0'],
      'Bram Accountmanager': ['+33', '3', '33% (1)', '67% (2)', '0% (0)', '+33'],
      'Carla Accountmanager': ['0', '1', '0% (0)', '100% (1)', '0% (0)', '0'],
      'Xander Elders': [`${MINUS}100`, '1', '0% (0)', '0% (0)', '100% (1)', `${MINUS}100`],
    });
    expect(chartScores(page, 'chart-nps-account-managers')).toEqual(['0', '+33', '0', `${MINUS}100`]);
    expect(table(page, n.captions.divisions)).toEqual({
      // Carla's response without a score counts in the ambassador score (−33 of three), not in the NPS.
      Bouw: [`${MINUS}33`, '2', '0% (0)', '50% (1)', '50% (1)', `${MINUS}50`],
      Water: ['+14', '7', '29% (2)', '57% (4)', '14% (1)', '+14'],
    });
    expect(chartScores(page, 'chart-nps-divisions')).toEqual([`${MINUS}50`, '+14']);

    expect(page).toContain(`<dt>${n.summaryNps}</dt><dd>${n.summaryNpsValue('0', 9)}</dd>`);
  });

  test('says nothing about an NPS when no response in the period has a score', async ({ management, database }) => {
    await seedFirm(database.db);
    await respond(database.db, 'anna', 'positive', { submittedAt: november(20) });
    const browser = await logIn(management, database, 'admin@firm.example');
    const page = (await browser.get('/stats')).body;
    expect(table(page, s.captions.months)).toBeDefined();
    expect(table(page, n.captions.months)).toBeUndefined();
    expect(page).not.toContain('chart-nps-');
    expect(page).not.toContain(n.summaryNps);
  });

  test('shows per month the invitations sent, answered, and of those started in the e-mail', async ({ management, database }) => {
    await seedFirm(database.db);
    const { db } = database;
    await invite(db, 'anna', { createdAt: november(2), answer: 'positive', startedInEmail: true });
    await invite(db, 'anna', { createdAt: november(3), answer: 'neutral', startedInEmail: true });
    await invite(db, 'anna', { createdAt: november(4), answer: 'negative' });
    await invite(db, 'bram', { createdAt: november(5) });
    await invite(db, 'bram', { createdAt: new Date('2026-10-05T10:00:00Z'), answer: 'neutral' });
    // Not sent (yet): not counted as invited, whatever happens to it.
    await invite(db, 'carla', { createdAt: november(6), emailStatus: 'pending' });
    // Anna sees her own invitations only.
    for (const [who, expected, summary] of [
      ['admin@firm.example', { 'november 2026': ['4', '3', '2', '67%'], 'oktober 2026': ['1', '1', '0', '0%'], 'juni 2026': ['0', '0', '0', NONE] }, n.firstQuestion.summaryValue('50%', 2, 4)],
      ['anna@firm.example', { 'november 2026': ['3', '3', '2', '67%'], 'oktober 2026': ['0', '0', '0', NONE] }, n.firstQuestion.summaryValue('67%', 2, 3)],
    ] as const) {
      const browser = await logIn(management, database, who);
      const page = (await browser.get('/stats')).body;
      const funnel = table(page, n.firstQuestion.caption)!;
      expect(funnel, who).toMatchObject(expected);
      expect(page).toContain(`<dt>${n.firstQuestion.summary}</dt><dd>${summary}</dd>`);
    }
  });
});
