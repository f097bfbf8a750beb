import type { Database } from '@ambassador/db/database';
import { type Group, groups } from '@ambassador/domain/vocabulary';
import { describe, expect, it } from 'vitest';
import { formatPercent, formatScore, scoreBarChart, sharesBarChart } from '../src/views/charts.ts';
import { statsMessages } from '../src/views/stats-messages.ts';
import { logIn, test } from './management-app.ts';
import { table, text } from './page-tables.ts';
import { invite, respond, seedFirm } from './seed.ts';

// Viewers without a locale of their own (and the admin, who is no employee) read Dutch.
const s = statsMessages.nl;

async function unclassifiedResponse(db: Database, accountManagerId: string, submittedAt: Date): Promise<void> {
  await db
    .insertInto('responses')
    .values({
      projectId: `project-${accountManagerId}`,
      respondentName: 'Not yet classified',
      respondentEmail: `unclassified-${accountManagerId}@client.example`,
      satisfaction: 'tevreden',
      wouldRecommend: true,
      wantsMoreServices: false,
      submittedAt,
    })
    .execute();
}

const november = (day: number) => new Date(Date.UTC(2026, 10, day, 10));
const OCTOBER_10 = new Date('2026-10-10T10:00:00Z');

/**
 * The firm of seed.ts with invitations and responses in November 2026 (and one in October):
 *
 * | who    | invitations sent / answered | classified responses        |
 * |--------|-----------------------------|-----------------------------|
 * | anna   | 4 / 2 (+ a pending, a failed) | Nov: + + − 0; Oct: −      |
 * | bram   | 2 / 1                       | Nov: + + (and 1 unclassified) |
 * | carla  | 1 / 0                       | Nov: 0 −                    |
 * | xander | 1 / 1                       | Nov: + + +                  |
 */
async function seedStatistics(db: Database): Promise<void> {
  await seedFirm(db);
  await invite(db, 'anna', { createdAt: november(2), answer: 'positive' });
  await invite(db, 'anna', { createdAt: november(3), answer: 'positive' });
  await invite(db, 'anna', { createdAt: november(4) });
  await invite(db, 'anna', { createdAt: november(5) });
  await invite(db, 'anna', { createdAt: november(6), emailStatus: 'pending' });
  await invite(db, 'anna', { createdAt: november(7), emailStatus: 'failed' });
  await respond(db, 'anna', 'negative', { submittedAt: november(20) });
  await respond(db, 'anna', 'neutral', { submittedAt: november(20) });
  await respond(db, 'anna', 'negative', { submittedAt: OCTOBER_10 });

  await invite(db, 'bram', { createdAt: november(2), answer: 'positive' });
  await invite(db, 'bram', { createdAt: november(3) });
  await respond(db, 'bram', 'positive', { submittedAt: november(20) });
  await unclassifiedResponse(db, 'bram', november(21));

  await invite(db, 'carla', { createdAt: november(2) });
  await respond(db, 'carla', 'neutral', { submittedAt: november(20) });
  await respond(db, 'carla', 'negative', { submittedAt: november(20) });

  await invite(db, 'xander', { createdAt: november(2), answer: 'positive' });
  await respond(db, 'xander', 'positive', { submittedAt: november(20) });
  await respond(db, 'xander', 'positive', { submittedAt: november(20) });
}

function chart(page: string, id: string): string | undefined {
  return new RegExp(`<svg[^>]*aria-labelledby="${id}-title ${id}-desc"[\\s\\S]*?</svg>`).exec(page)?.[0];
}

function chartTexts(svg: string, className: string): string[] {
  return [...svg.matchAll(new RegExp(`<text class="${className}"[^>]*>([^<]*)</text>`, 'g'))].map((match) => text(match[1]!));
}

const NONE = '–';

describe('the statistics page', () => {
  test('gives response rate, group shares and score per month, per account manager and per division', async ({ management, database }) => {
    await seedStatistics(database.db);
    const browser = await logIn(management, database, 'admin@firm.example');
    const page = await browser.get('/stats');
    expect(page.statusCode).toBe(200);

    const months = table(page.body, s.captions.months)!;
    // The default period: the clock's month (November 2026) and the eleven before it.
    expect(Object.keys(months)).toHaveLength(12);
    expect(Object.keys(months)[0]).toBe('december 2025');
    expect(months['november 2026']).toEqual(['8', '4', '50%', '11', '64% (7)', '18% (2)', '18% (2)', '+45']);
    expect(months['oktober 2026']).toEqual(['0', '0', NONE, '1', '0% (0)', '0% (0)', '100% (1)', '\u2212100']);
    expect(months['juni 2026']).toEqual(['0', '0', NONE, '0', NONE, NONE, NONE, NONE]);

    expect(table(page.body, s.captions.accountManagers)).toEqual({
      'Anna Accountmanager': ['4', '2', '50%', '5', '40% (2)', '20% (1)', '40% (2)', '0'],
      'Bram Accountmanager': ['2', '1', '50%', '2', '100% (2)', '0% (0)', '0% (0)', '+100'],
      'Carla Accountmanager': ['1', '0', '0%', '2', '0% (0)', '50% (1)', '50% (1)', '\u221250'],
      'Xander Elders': ['1', '1', '100%', '3', '100% (3)', '0% (0)', '0% (0)', '+100'],
    });
    expect(table(page.body, s.captions.divisions)).toEqual({
      Water: ['6', '3', '50%', '7', '57% (4)', '14% (1)', '29% (2)', '+29'],
      Bouw: ['2', '1', '50%', '5', '60% (3)', '20% (1)', '20% (1)', '+40'],
    });
    expect(Object.keys(table(page.body, s.captions.divisions)!)).toEqual(['Bouw', 'Water']);

    // The period's totals; Bram's unclassified response is counted, but in no share.
    expect(page.body).toContain(s.summaryFacts.responseRateValue('50%', 4, 8));
    expect(page.body).toContain(`12${s.summaryFacts.unclassified(1)}`);
    expect(page.body).toContain('+ Positief 58% · 0 Neutraal 17% · \u2212 Negatief 25%');
    expect(page.body).toMatch(new RegExp(`<dt>${s.summaryFacts.score}</dt><dd>\\+33</dd>`));
  });

  test('counts months in the firm\'s time zone, and ends a period at midnight there', async ({ management, database }) => {
    await seedFirm(database.db);
    // 23:30 UTC on 31 October is 00:30 on 1 November in Amsterdam; 22:30 UTC is still October there.
    await respond(database.db, 'anna', 'positive', { submittedAt: new Date('2026-10-31T23:30:00Z') });
    await respond(database.db, 'anna', 'negative', { submittedAt: new Date('2026-10-31T22:30:00Z') });
    const browser = await logIn(management, database, 'anna@firm.example');

    const months = table((await browser.get('/stats')).body, s.captions.months)!;
    expect(months['november 2026']!.at(-1)).toBe('+100');
    expect(months['oktober 2026']!.at(-1)).toBe('\u2212100');

    const november = table((await browser.get('/stats?from=2026-11-01&to=2026-11-30')).body, s.captions.months)!;
    expect(Object.keys(november)).toEqual(['november 2026']);
    expect(november['november 2026']![3]).toBe('1');
    const october = table((await browser.get('/stats?from=2026-10-01&to=2026-10-31')).body, s.captions.months)!;
    expect(october['oktober 2026']!.at(-1)).toBe('\u2212100');
  });

  test('draws the same numbers in its charts as in their tables', async ({ management, database }) => {
    await seedStatistics(database.db);
    const browser = await logIn(management, database, 'admin@firm.example');
    const page = (await browser.get('/stats')).body;

    const monthChart = chart(page, 'chart-months')!;
    expect(monthChart).toMatch(/role="img"/);
    expect(monthChart).toContain(`<title id="chart-months-title">${s.charts.scorePerMonth}</title>`);
    const scores = Object.values(table(page, s.captions.months)!).map((cells) => cells.at(-1));
    expect(chartTexts(monthChart, 'score')).toEqual(scores);
    expect(scores.filter((score) => score !== NONE)).toEqual(['\u2212100', '+45']);
    expect(monthChart).toMatch(/<desc id="chart-months-desc">[^<]*nov 2026: \+45/);

    const amTable = table(page, s.captions.accountManagers)!;
    const amChart = chart(page, 'chart-account-managers')!;
    // Each non-empty segment is labelled with its sign and share; the score follows the bar.
    const signs: Record<Group, string> = { positive: '+', neutral: '0', negative: '\u2212' };
    const shareLabels = Object.values(amTable).flatMap((cells) =>
      groups.flatMap((group, index) => {
        const share = cells[4 + index]!.split(' ')[0]!;
        return share === '0%' ? [] : [`${signs[group]} ${share}`];
      }),
    );
    expect(chartTexts(amChart, 'share (?:positive|neutral|negative)')).toEqual(shareLabels);
    expect(shareLabels).toEqual(['+ 40%', '0 20%', '\u2212 40%', '+ 100%', '0 50%', '\u2212 50%', '+ 100%']);
    expect(chartTexts(amChart, 'score')).toEqual(Object.values(amTable).map((cells) => cells.at(-1)));

    const divisionChart = chart(page, 'chart-divisions')!;
    expect(chartTexts(divisionChart, 'score')).toEqual(Object.values(table(page, s.captions.divisions)!).map((cells) => cells.at(-1)));
    expect(chartTexts(divisionChart, 'score')).toEqual(['+40', '+29']);
  });

  test('builds charts a strict CSP lets through: no script, no style attribute, no external reference', async ({ management, database }) => {
    await seedStatistics(database.db);
    const browser = await logIn(management, database, 'admin@firm.example');
    const answer = await browser.get('/stats');
    const svgs = answer.body.match(/<svg[\s\S]*?<\/svg>/g)!;
    expect(svgs).toHaveLength(3);
    for (const svg of svgs) {
      expect(svg).not.toMatch(/style=|<script|href=|url\(/);
      expect(svg).toMatch(/<title id="[^"]+">[^<]+<\/title>\s*<desc id="[^"]+">[^<]+<\/desc>/);
    }
    expect(answer.headers['content-security-policy']).not.toContain('unsafe-inline');
    // Each chart is paired with a table that has a caption and headers for its rows and columns
    // (and the first question in the e-mail has a table of its own).
    expect(answer.body.match(/<caption>/g)).toHaveLength(svgs.length + 1);
    expect(answer.body).toContain('<th scope="row">');
    expect(answer.body).toContain('<th scope="col">');
  });

  describe('scoping', () => {
    test('shows an account manager only their own numbers', async ({ management, database }) => {
      await seedStatistics(database.db);
      const browser = await logIn(management, database, 'anna@firm.example');
      const page = (await browser.get('/stats')).body;
      expect(Object.keys(table(page, s.captions.accountManagers)!)).toEqual(['Anna Accountmanager']);
      const months = table(page, s.captions.months)!;
      expect(months['november 2026']).toEqual(['4', '2', '50%', '4', '50% (2)', '25% (1)', '25% (1)', '+25']);
      expect(months['oktober 2026']!.at(-1)).toBe('\u2212100');
      expect(table(page, s.captions.divisions)).toEqual({ Water: ['4', '2', '50%', '5', '40% (2)', '20% (1)', '40% (2)', '0'] });
      for (const other of ['Bram', 'Carla', 'Xander', 'Bouw']) expect(page).not.toContain(other);
    });

    test('shows a manager their whole reporting line', async ({ management, database }) => {
      await seedStatistics(database.db);
      const marieke = (await (await logIn(management, database, 'marieke@firm.example')).get('/stats')).body;
      expect(Object.keys(table(marieke, s.captions.accountManagers)!)).toEqual(['Anna Accountmanager', 'Bram Accountmanager']);
      expect(table(marieke, s.captions.months)!['november 2026']).toEqual(['6', '3', '50%', '6', '67% (4)', '17% (1)', '17% (1)', '+50']);
      expect(Object.keys(table(marieke, s.captions.divisions)!)).toEqual(['Water']);
      for (const other of ['Carla', 'Xander', 'Bouw']) expect(marieke).not.toContain(other);

      // Dirk's line goes through Marieke to Anna and Bram, and to Carla; not to Xander.
      const dirk = (await (await logIn(management, database, 'dirk@firm.example')).get('/stats')).body;
      expect(Object.keys(table(dirk, s.captions.accountManagers)!)).toEqual(['Anna Accountmanager', 'Bram Accountmanager', 'Carla Accountmanager']);
      expect(table(dirk, s.captions.months)!['november 2026']!.slice(0, 4)).toEqual(['7', '3', '43%', '8']);
      expect(dirk).not.toContain('Xander');
    });

    test('shows an account manager outside every line only their own numbers', async ({ management, database }) => {
      await seedStatistics(database.db);
      const page = (await (await logIn(management, database, 'xander@firm.example')).get('/stats')).body;
      expect(Object.keys(table(page, s.captions.accountManagers)!)).toEqual(['Xander Elders']);
      expect(table(page, s.captions.months)!['november 2026']).toEqual(['1', '1', '100%', '3', '100% (3)', '0% (0)', '0% (0)', '+100']);
      for (const other of ['Anna', 'Bram', 'Carla', 'Water']) expect(page).not.toContain(other);
    });

    test('shows a manager with an empty team no one\'s numbers', async ({ management, database }) => {
      await seedStatistics(database.db);
      await database.db.insertInto('employees').values({ id: 'nina', name: 'Nina Nieuw', email: 'nina@firm.example', managerId: null }).execute();
      const page = await (await logIn(management, database, 'nina@firm.example')).get('/stats');
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(s.empty);
      expect(table(page.body, s.captions.accountManagers)).toBeUndefined();
    });
  });

  test('escapes names in the tables and in the charts', async ({ management, database }) => {
    await seedFirm(database.db);
    const name = '<script>alert("x")</script> & <b>Co</b>';
    await database.db.updateTable('employees').set({ name }).where('id', '=', 'anna').execute();
    await respond(database.db, 'anna', 'positive', { submittedAt: november(20) });
    const page = (await (await logIn(management, database, 'admin@firm.example')).get('/stats')).body;
    expect(page).not.toMatch(/<script|<b>/);
    const escaped = '&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;Co&lt;/b&gt;';
    expect(Object.keys(table(page, s.captions.accountManagers)!)).toEqual([name]);
    const amChart = chart(page, 'chart-account-managers')!;
    expect(amChart).toContain(`<title>${escaped}</title>`);
    expect(amChart).toContain(`<desc id="chart-account-managers-desc">`);
    expect(amChart.split(escaped).length - 1).toBe(2);
  });

  test('renders a period without invitations or responses', async ({ management, database }) => {
    await seedStatistics(database.db);
    const browser = await logIn(management, database, 'admin@firm.example');
    const answer = await browser.get('/stats?from=2020-01-01&to=2020-03-31');
    expect(answer.statusCode).toBe(200);
    expect(answer.body).toContain(s.empty);
    expect(answer.body).toContain(s.period('1 jan 2020', '31 mrt 2020'));
    expect(answer.body).not.toContain('<svg');
    expect(answer.body).toContain('value="2020-01-01"');
  });

  test('leaves the division section out when no account manager has a division', async ({ management, database }) => {
    await seedStatistics(database.db);
    await database.db.updateTable('employees').set({ division: null }).execute();
    const page = (await (await logIn(management, database, 'admin@firm.example')).get('/stats')).body;
    expect(table(page, s.captions.accountManagers)).toBeDefined();
    expect(page).not.toContain(s.perDivision);
    expect(chart(page, 'chart-divisions')).toBeUndefined();
  });

  test('refuses a period that ends before it starts or is malformed, with 400', async ({ management, database }) => {
    await seedFirm(database.db);
    const browser = await logIn(management, database, 'anna@firm.example');
    const reversed = await browser.get('/stats?from=2026-11-02&to=2026-11-01');
    expect(reversed.statusCode).toBe(400);
    expect(reversed.body).toContain(s.reversed);
    expect(reversed.body).toContain('aria-invalid="true"');
    expect((await browser.get('/stats?from=2000-01-01&to=2026-11-01')).body).toContain(s.tooLong(120));
    expect((await browser.get('/stats?from=2026-13-01')).statusCode).toBe(400);
  });

  test('speaks English to an English-speaking viewer', async ({ management, database }) => {
    await seedStatistics(database.db);
    await database.db.updateTable('employees').set({ locale: 'en' }).where('id', '=', 'anna').execute();
    const page = (await (await logIn(management, database, 'anna@firm.example')).get('/stats')).body;
    const months = table(page, statsMessages.en.captions.months)!;
    expect(months['November 2026']!.at(-1)).toBe('+25');
    expect(page).toContain(statsMessages.en.charts.scorePerMonth);
  });
});

describe('chart numbers', () => {
  it('writes scores with their sign and rounds half away from zero', () => {
    expect([45.45, 12.5, -12.5, -0.4, 0, -100].map(formatScore)).toEqual(['+45', '+13', '\u221213', '0', '0', '\u2212100']);
    expect([63.64, 18.18, 0].map(formatPercent)).toEqual(['64%', '18%', '0%']);
  });

  it('labels a score chart with a title, a description and every value', () => {
    const svg = scoreBarChart({ id: 'c', title: 'Score', description: 'Per month.', noData: 'no data' }, [
      { label: 'Oct', score: null },
      { label: 'Nov', score: 45.45 },
    ]).markup;
    expect(svg).toContain('aria-labelledby="c-title c-desc"');
    expect(svg).toContain('<desc id="c-desc">Per month. Oct: no data; Nov: +45</desc>');
    expect(svg).toMatch(/<rect [^>]*height="45"/);
  });

  it('leaves segments too narrow for a label unlabelled, and says so in the description', () => {
    const svg = sharesBarChart(
      {
        id: 'c',
        title: 'Groups',
        description: 'Shares.',
        noData: 'no data',
        groupLabels: { positive: 'Positive', neutral: 'Neutral', negative: 'Negative' },
        scoreLabel: 'Score',
      },
      [{ label: 'Anna', shares: { positive: 95, neutral: 0, negative: 5 }, score: 90 }],
    ).markup;
    expect(chartTexts(svg, 'share (?:positive|neutral|negative)')).toEqual(['+ 95%']);
    expect(svg).toContain('Anna: Positive 95%, Neutral 0%, Negative 5%, Score +90');
  });
});
