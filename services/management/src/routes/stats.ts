import {
  addCounts,
  lastTwelveMonths,
  monthsOf,
  noCounts,
  type MonthStats,
  type StatsCounts,
  statsFigures,
  type StatsPeriod,
  statsPerAccountManager,
  statsPerDivision,
  statsPerMonth,
} from '@ambassador/db/management-stats';
import { clientOrganisationCounts } from '@ambassador/db/client-stats';
import { dateIn } from '@ambassador/domain/calendar';
import { type Group, groups, groupSigns, type Locale } from '@ambassador/domain/vocabulary';
import { html, type SafeHtml } from '@ambassador/html/template';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ManagementDependencies } from '../dependencies.ts';
import { localeOf, sendErrorPage, sendPage } from '../plugins/pages.ts';
import { scopeOfRequest } from '../plugins/session.ts';
import { formatPercent, formatScore, noDataMark, scoreBarChart, sharesBarChart, type SharesRow } from '../views/charts.ts';
import { clientSharesSection } from '../views/client-shares.ts';
import { formatDate } from '../views/layout.ts';
import { messages } from '../views/messages.ts';
import { firstQuestionFunnel, hasScores, npsPerMonth, npsPerRow, npsSummaryFact } from '../views/nps-stats.ts';
import { npsMessages } from '../views/nps-messages.ts';
import { type StatsMessages, statsMessages } from '../views/stats-messages.ts';
import { optionalField } from './query.ts';

/** Ten years of months is as long as a page of monthly rows stays readable. */
const MAX_MONTHS = 120;

const optionalDate = optionalField(z.iso.date());

/** The page's query string: `from` and `to`, calendar days in the firm's time zone, both included. */
const statsQuery = z.object({ from: optionalDate, to: optionalDate });
type StatsQuery = z.output<typeof statsQuery>;

type PeriodProblem = 'reversed' | 'tooLong';

/** The period asked for; without dates, the current month and the eleven before it. */
function periodOf(query: StatsQuery, today: string): Pick<StatsPeriod, 'from' | 'to'> {
  const to = query.to ?? today;
  return { from: query.from ?? lastTwelveMonths(to).from, to };
}

function problemOf(period: Pick<StatsPeriod, 'from' | 'to'>): PeriodProblem | undefined {
  if (period.from > period.to) return 'reversed';
  if (monthsOf(period).length > MAX_MONTHS) return 'tooLong';
  return undefined;
}

const localeTags: Record<Locale, string> = { nl: 'nl-NL', en: 'en-GB' };

function monthLabel(month: string, locale: Locale, length: 'short' | 'long'): string {
  return new Intl.DateTimeFormat(localeTags[locale], { month: length, year: 'numeric', timeZone: 'UTC' }).format(new Date(`${month}-01T00:00:00Z`));
}

function dayLabel(date: string, locale: Locale): string {
  return formatDate(new Date(`${date}T00:00:00Z`), locale, 'UTC');
}

function noData(s: StatsMessages): SafeHtml {
  return noDataMark(s.noData);
}

/** The cells after a row's header: invitations, response rate, classified, the three shares, the score. */
function figureCells(counts: StatsCounts, s: StatsMessages): SafeHtml {
  const { responseRate, classified, shares, ambassadorScore } = statsFigures(counts);
  const share = (group: Group) =>
    shares ? html`<td>${formatPercent(shares[group])} (${counts[group]})</td>` : html`<td>${noData(s)}</td>`;
  return html`<td>${counts.invitationsSent}</td><td>${counts.invitationsAnswered}</td>
<td>${responseRate === null ? noData(s) : formatPercent(responseRate * 100)}</td>
<td>${classified}</td>${groups.map(share)}
<td>${ambassadorScore === null ? noData(s) : formatScore(ambassadorScore)}</td>`;
}

interface FiguresRow {
  header: SafeHtml;
  counts: StatsCounts;
}

/** A chart (when there is anything to draw) and, right below it in the same box, the table with its numbers. */
function chartWithTable(chart: SafeHtml | undefined, caption: string, firstColumn: string, rows: FiguresRow[], locale: Locale): SafeHtml {
  const s = statsMessages[locale];
  const c = s.columns;
  const groupNames = messages[locale].groups;
  return html`<div class="table-wrap">
${chart}
<table>
<caption>${caption}</caption>
<thead><tr><th scope="col">${firstColumn}</th><th scope="col">${c.sent}</th><th scope="col">${c.answered}</th><th scope="col">${c.responseRate}</th><th scope="col">${c.classified}</th>${groups.map(
    (group) => html`<th scope="col">${groupSigns[group]} ${groupNames[group]}</th>`,
  )}<th scope="col">${c.score}</th></tr></thead>
<tbody>
${rows.map((row) => html`<tr><th scope="row">${row.header}</th>${figureCells(row.counts, s)}</tr>`)}
</tbody>
</table>
</div>`;
}

function summary(totals: StatsCounts, locale: Locale): SafeHtml {
  const s = statsMessages[locale];
  const f = s.summaryFacts;
  const { responseRate, classified, shares, ambassadorScore } = statsFigures(totals);
  const facts: [string, SafeHtml | string][] = [
    [
      f.responseRate,
      responseRate === null ? noData(s) : f.responseRateValue(formatPercent(responseRate * 100), totals.invitationsAnswered, totals.invitationsSent),
    ],
    [f.classified, `${classified}${totals.unclassified > 0 ? f.unclassified(totals.unclassified) : ''}`],
    [
      f.shares,
      shares
        ? groups.map((group) => `${groupSigns[group]} ${messages[locale].groups[group]} ${formatPercent(shares[group])}`).join(' · ')
        : noData(s),
    ],
    [f.score, ambassadorScore === null ? noData(s) : formatScore(ambassadorScore)],
    ...npsSummaryFact(totals, locale),
  ];
  return html`<h2>${s.summary}</h2>
<dl class="facts">${facts.map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}</dl>`;
}

function monthRows(months: MonthStats[], locale: Locale) {
  return months.map((month) => ({
    header: html`<time datetime="${month.month}">${monthLabel(month.month, locale, 'long')}</time>`,
    label: monthLabel(month.month, locale, 'short'),
    counts: month.counts,
  }));
}

function monthSection(months: MonthStats[], locale: Locale): SafeHtml {
  const s = statsMessages[locale];
  const points = months.map((month) => ({ label: monthLabel(month.month, locale, 'short'), score: statsFigures(month.counts).ambassadorScore }));
  const chart = points.some((point) => point.score !== null)
    ? scoreBarChart({ id: 'chart-months', title: s.charts.scorePerMonth, description: s.charts.scorePerMonthDescription, noData: s.noData }, points)
    : undefined;
  return chartWithTable(chart, s.captions.months, s.columns.month, monthRows(months, locale), locale);
}

interface LabelledCounts {
  label: string;
  counts: StatsCounts;
}

function sharesSection(
  text: { id: string; title: string; caption: string; firstColumn: string },
  rows: LabelledCounts[],
  locale: Locale,
): SafeHtml {
  const s = statsMessages[locale];
  const chartRows: SharesRow[] = rows.map(({ label, counts }) => {
    const { shares, ambassadorScore } = statsFigures(counts);
    return { label, shares, score: ambassadorScore };
  });
  const chart = chartRows.some((row) => row.shares)
    ? sharesBarChart(
        { id: text.id, title: text.title, description: s.charts.sharesDescription, noData: s.noData, groupLabels: messages[locale].groups, scoreLabel: s.columns.score },
        chartRows,
      )
    : undefined;
  const tableRows = rows.map(({ label, counts }) => ({ header: html`${label}`, counts }));
  return chartWithTable(chart, text.caption, text.firstColumn, tableRows, locale);
}

function periodForm(query: StatsQuery, period: Pick<StatsPeriod, 'from' | 'to'>, problem: PeriodProblem | undefined, s: StatsMessages): SafeHtml {
  const invalid = problem ? html` aria-invalid="true" aria-describedby="period-error"` : '';
  return html`<form class="filters" method="get" action="/stats">
<fieldset><legend>${s.filters}</legend>
<div><label for="from">${s.from}</label><input id="from" name="from" type="date" value="${query.from ?? period.from}"${invalid}></div>
<div><label for="to">${s.to}</label><input id="to" name="to" type="date" value="${query.to ?? period.to}"${invalid}></div>
<div><button class="primary" type="submit">${s.apply}</button></div>
</fieldset>
</form>
${problem ? html`<p class="error" id="period-error" role="alert">${problem === 'reversed' ? s.reversed : s.tooLong(MAX_MONTHS)}</p>` : ''}`;
}

/**
 * Response rate, group shares and the ambassador score per month, per account manager and
 * per division, for the viewer's scope: each as a chart drawn on the server and a table
 * with the same numbers.
 */
export default async function statsRoutes(app: FastifyInstance, dependencies: ManagementDependencies): Promise<void> {
  const { db, clock, timeZone } = dependencies;

  async function render(request: FastifyRequest, reply: FastifyReply, query: StatsQuery) {
    const locale = localeOf(request);
    const s = statsMessages[locale];
    const period = periodOf(query, dateIn(clock(), timeZone));
    const problem = problemOf(period);
    const heading = html`<h1>${s.title}</h1>
<p class="lead">${s.intro}</p>
${periodForm(query, period, problem, s)}`;
    if (problem) return sendPage(request, reply, 400, { title: s.title, body: heading, active: 'stats' });

    const scope = await scopeOfRequest(dependencies, request);
    const statsPeriod: StatsPeriod = { ...period, timeZone };
    const [months, accountManagers, divisions] = await Promise.all([
      statsPerMonth(db, scope, statsPeriod),
      statsPerAccountManager(db, scope, statsPeriod),
      statsPerDivision(db, scope, statsPeriod),
    ]);
    const totals = months.reduce((sum, month) => addCounts(sum, month.counts), noCounts);
    const clientOrganisations = await clientOrganisationCounts(db, scope, statsPeriod);
    const intro = html`${heading}<p>${s.period(dayLabel(period.from, locale), dayLabel(period.to, locale))}</p>
${summary(totals, locale)}
${clientSharesSection(clientOrganisations, locale)}`;
    if (accountManagers.length === 0) {
      return sendPage(request, reply, 200, { title: s.title, body: html`${intro}<p class="muted">${s.empty}</p>`, active: 'stats' });
    }

    // Divisions are optional: a firm that sets none gets no section about them; a firm that
    // asks no 0–10 score gets no NPS.
    const hasDivisions = divisions.some((row) => row.division !== null);
    const withNps = hasScores(totals);
    const n = npsMessages[locale];
    const accountManagerRows = accountManagers.map((row) => ({ label: row.name, counts: row.counts }));
    const divisionRows = divisions.map((row) => ({ label: row.division ?? s.noDivision, counts: row.counts }));
    const body = html`${intro}
<h2>${s.perMonth}</h2>
${monthSection(months, locale)}
${withNps ? npsPerMonth(monthRows(months, locale), locale) : ''}
<h2>${s.perAccountManager}</h2>
${sharesSection(
  { id: 'chart-account-managers', title: s.charts.sharesPerAccountManager, caption: s.captions.accountManagers, firstColumn: s.columns.accountManager },
  accountManagerRows,
  locale,
)}
${
  withNps
    ? npsPerRow(
        { id: 'chart-nps-account-managers', title: n.charts.npsPerAccountManager, caption: n.captions.accountManagers, firstColumn: s.columns.accountManager },
        accountManagerRows,
        locale,
      )
    : ''
}
${
  hasDivisions
    ? html`<h2>${s.perDivision}</h2>
${sharesSection(
  { id: 'chart-divisions', title: s.charts.sharesPerDivision, caption: s.captions.divisions, firstColumn: s.columns.division },
  divisionRows,
  locale,
)}
${
  withNps
    ? npsPerRow({ id: 'chart-nps-divisions', title: n.charts.npsPerDivision, caption: n.captions.divisions, firstColumn: s.columns.division }, divisionRows, locale)
    : ''
}`
    : ''
}
${firstQuestionFunnel(monthRows(months, locale), totals, locale)}
<p class="muted">${s.notes}</p>
<p class="muted">${n.notes}</p>`;
    return sendPage(request, reply, 200, { title: s.title, body, active: 'stats' });
  }
  app.get('/stats', async (request, reply) => {
    const parsed = statsQuery.safeParse(request.query);
    if (!parsed.success) return sendErrorPage(request, reply, 400);
    return render(request, reply, parsed.data);
  });
}
