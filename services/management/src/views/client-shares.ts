import { type ClientOrganisationCounts, clientOrganisationShares } from '@ambassador/db/client-stats';
import type { Locale } from '@ambassador/domain/vocabulary';
import { html, type SafeHtml } from '@ambassador/html/template';
import { formatPercent } from './charts.ts';
import { clientMessages } from './client-messages.ts';

/** The statistics page's section on client organisations with at least one + and at least one −. */
export function clientSharesSection(counts: ClientOrganisationCounts, locale: Locale): SafeHtml {
  const s = clientMessages[locale].stats;
  const shares = clientOrganisationShares(counts);
  const share = (value: number | null, count: number) =>
    value === null
      ? html`<span aria-hidden="true">–</span><span class="visually-hidden">${s.noData}</span>`
      : s.share(formatPercent(value), count, counts.withResponses);
  const facts: [string, SafeHtml | string][] = [
    [s.responded, String(counts.withResponses)],
    [s.withPositive, share(shares.positive, counts.withPositive)],
    [s.withNegative, share(shares.negative, counts.withNegative)],
  ];
  return html`<h2>${s.title}</h2>
<p>${s.intro}</p>
<dl class="facts">${facts.map(([term, value]) => html`<dt>${term}</dt><dd>${value}</dd>`)}</dl>`;
}
