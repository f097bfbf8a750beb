import { type StatsCounts, statsFigures } from '@ambassador/db/management-stats';
import type { Group, Locale } from '@ambassador/domain/vocabulary';
import { html, type SafeHtml } from '@ambassador/html/template';
import { formatPercent, formatScore, noDataMark, type ScorePoint, scoreBarChart, sharesBarChart, type SharesRow } from './charts.ts';
import { npsMessages } from './nps-messages.ts';
import { statsMessages } from './stats-messages.ts';

/**
 * The statistics page's NPS beside the ambassador score (per month, account manager and
 * division: a chart and a table each), and the first question in the e-mail: invited →
 * answered → of which started in the e-mail, per month.
 */

export interface NpsRow {
  /** The row's header cell (a month, a name). */
  header: SafeHtml;
  /** The same as plain text, for the chart. */
  label: string;
  counts: StatsCounts;
}

/** Promoters, passives and detractors in the places of +, 0 and − (the shares chart's three parts). */
function partsOf(counts: StatsCounts): Record<Group, number> {
  return { positive: counts.promoters, neutral: counts.passives, negative: counts.detractors };
}

const parts: readonly Group[] = ['positive', 'neutral', 'negative'];

/** Whether any response in these counts has a score: without one, the page says nothing about the NPS. */
export function hasScores(counts: StatsCounts): boolean {
  return statsFigures(counts).scored > 0;
}

function npsTable(caption: string, firstColumn: string, rows: readonly NpsRow[], locale: Locale): SafeHtml {
  const m = npsMessages[locale];
  const none = noDataMark(statsMessages[locale].noData);
  const score = (value: number | null) => (value === null ? none : formatScore(value));
  return html`<table>
<caption>${caption}</caption>
<thead><tr><th scope="col">${firstColumn}</th><th scope="col">${m.ambassadorScore}</th><th scope="col">${m.scored}</th>${parts.map(
    (part) => html`<th scope="col">${m.parts[part]}</th>`,
  )}<th scope="col">${m.nps}</th></tr></thead>
<tbody>
${rows.map(({ header, counts }) => {
  const { ambassadorScore, scored, nps } = statsFigures(counts);
  const count = partsOf(counts);
  return html`<tr><th scope="row">${header}</th><td>${score(ambassadorScore)}</td><td>${scored}</td>${parts.map(
    (part) => html`<td>${scored === 0 ? none : html`${formatPercent((count[part] / scored) * 100)} (${count[part]})`}</td>`,
  )}<td>${score(nps)}</td></tr>`;
})}
</tbody>
</table>`;
}

/** The NPS per month: a bar chart on the ambassador score's −100…100 axis, and the table. */
export function npsPerMonth(rows: readonly NpsRow[], locale: Locale): SafeHtml {
  const m = npsMessages[locale];
  const points: ScorePoint[] = rows.map(({ label, counts }) => ({ label, score: statsFigures(counts).nps }));
  const chart = scoreBarChart(
    { id: 'chart-nps-months', title: m.charts.npsPerMonth, description: m.charts.npsPerMonthDescription, noData: statsMessages[locale].noData },
    points,
  );
  return html`<div class="table-wrap">
${chart}
${npsTable(m.captions.months, statsMessages[locale].columns.month, rows, locale)}
</div>`;
}

/** The NPS per account manager or division: stacked bars of promoters, passives and detractors with the NPS after each, and the table. */
export function npsPerRow(
  text: { id: string; title: string; caption: string; firstColumn: string },
  rows: readonly Omit<NpsRow, 'header'>[],
  locale: Locale,
): SafeHtml {
  const m = npsMessages[locale];
  const chartRows: SharesRow[] = rows.map(({ label, counts }) => {
    const { scored, nps } = statsFigures(counts);
    const count = partsOf(counts);
    const shares = scored === 0 ? null : { positive: (count.positive / scored) * 100, neutral: (count.neutral / scored) * 100, negative: (count.negative / scored) * 100 };
    return { label, shares, score: nps };
  });
  const chart = sharesBarChart(
    {
      id: text.id,
      title: text.title,
      description: m.charts.partsDescription,
      noData: statsMessages[locale].noData,
      groupLabels: m.parts,
      scoreLabel: m.nps,
      signs: { positive: '', neutral: '', negative: '' },
    },
    chartRows,
  );
  return html`<div class="table-wrap">
${chart}
${npsTable(text.caption, text.firstColumn, rows.map((row) => ({ ...row, header: html`${row.label}` })), locale)}
</div>`;
}

/** The NPS line of the summary over the period: a term and its value, or nothing when no response has a score. */
export function npsSummaryFact(totals: StatsCounts, locale: Locale): [string, string][] {
  const { scored, nps } = statsFigures(totals);
  if (nps === null) return [];
  const m = npsMessages[locale];
  return [[m.summaryNps, m.summaryNpsValue(formatScore(nps), scored)]];
}

/** Invited → answered → of which started in the e-mail, per month, with the totals in the last row. */
export function firstQuestionFunnel(rows: readonly NpsRow[], totals: StatsCounts, locale: Locale): SafeHtml {
  const m = npsMessages[locale].firstQuestion;
  const none = noDataMark(statsMessages[locale].noData);
  const percentage = (counts: StatsCounts) => formatPercent((counts.invitationsAnsweredInEmail / counts.invitationsAnswered) * 100);
  const share = (counts: StatsCounts) => (counts.invitationsAnswered === 0 ? none : percentage(counts));
  const cells = (counts: StatsCounts) =>
    html`<td>${counts.invitationsSent}</td><td>${counts.invitationsAnswered}</td><td>${counts.invitationsAnsweredInEmail}</td><td>${share(counts)}</td>`;
  return html`<h2>${m.heading}</h2>
<p>${m.intro}</p>
<dl class="facts"><dt>${m.summary}</dt><dd>${totals.invitationsAnswered === 0 ? none : m.summaryValue(percentage(totals), totals.invitationsAnsweredInEmail, totals.invitationsAnswered)}</dd></dl>
<div class="table-wrap">
<table>
<caption>${m.caption}</caption>
<thead><tr><th scope="col">${m.month}</th><th scope="col">${m.sent}</th><th scope="col">${m.answered}</th><th scope="col">${m.inEmail}</th><th scope="col">${m.share}</th></tr></thead>
<tbody>
${rows.map(({ header, counts }) => html`<tr><th scope="row">${header}</th>${cells(counts)}</tr>`)}
</tbody>
</table>
</div>`;
}
