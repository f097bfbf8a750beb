import type { Destination, DestinationDelivery } from '@ambassador/db/destinations';
import { destinationKinds, eventTypes, type Locale } from '@ambassador/domain/vocabulary';
import { html, type SafeHtml } from '@ambassador/html/template';
import { managementRoutes, pathTo } from '@ambassador/links/links';
import { destinationMessages } from './destination-messages.ts';
import { formatDateTime } from './layout.ts';

export type DestinationField = 'id' | 'kind' | 'url' | 'events' | 'division';
export type DestinationErrors = Partial<Record<DestinationField, string>>;

/** What the form shows: empty, or what was typed when it came back with errors. */
export interface DestinationForm {
  id: string;
  kind: string;
  url: string;
  events: string[];
  division: string;
}

export const emptyDestinationForm: DestinationForm = { id: '', kind: 'webhook', url: '', events: [...eventTypes], division: '' };

/** The path of one destination's page, and of the actions on it. */
export function destinationPath(id: string, action?: string): string {
  const path = pathTo(managementRoutes.destination, { id });
  return action ? `${path}/${action}` : path;
}

function stateOf(destination: Destination, locale: Locale, timeZone: string): SafeHtml {
  const m = destinationMessages[locale];
  if (destination.active) return html`${m.active}`;
  return html`<span class="status failed">${m.disabled}</span>${
    destination.disabledAt ? html`<br><span class="muted">${m.disabledSince(formatDateTime(destination.disabledAt, locale, timeZone), destination.disabledReason ?? '')}</span>` : ''
  }`;
}

function errorSummary(locale: Locale, errors: DestinationErrors): SafeHtml | string {
  const listed = (Object.entries(errors) as [DestinationField, string][]).map(
    ([field, message]) => html`<li><a href="#${field === 'events' ? 'event-response.classified' : `destination-${field}`}">${message}</a></li>`,
  );
  return listed.length > 0 ? html`<div class="error-summary" role="alert" tabindex="-1"><h2>${destinationMessages[locale].errorSummary}</h2><ul>${listed}</ul></div>` : '';
}

/** The list of destinations, and the form that adds (or, by its name, changes) one. */
export function destinationsPage(
  locale: Locale,
  destinations: readonly Destination[],
  { csrfToken, form, errors = {}, timeZone }: { csrfToken: string; form: DestinationForm; errors?: DestinationErrors; timeZone: string },
): SafeHtml {
  const m = destinationMessages[locale];
  const c = m.create;
  const errorAt = (field: DestinationField) => (errors[field] ? html`<p class="error" id="destination-${field}-error">${errors[field]}</p>` : '');
  const invalid = (field: DestinationField, hint: boolean) =>
    errors[field]
      ? html` aria-invalid="true" aria-describedby="${hint ? `destination-${field}-hint ` : ''}destination-${field}-error"`
      : hint
        ? html` aria-describedby="destination-${field}-hint"`
        : '';
  const rows = destinations.map(
    (destination) => html`<tr><td><a href="${destinationPath(destination.id)}">${destination.id}</a></td><td>${m.kinds[destination.kind]}</td><td>${destination.url}</td><td>${destination.events
      .map((event) => m.events[event])
      .join(', ')}</td><td>${destination.division ?? m.allDivisions}</td><td>${stateOf(destination, locale, timeZone)}</td></tr>`,
  );
  return html`<h1>${m.title}</h1>
<p class="lead">${m.intro}</p>
${errorSummary(locale, errors)}
${
  destinations.length === 0
    ? html`<p>${m.none}</p>`
    : html`<div class="table-wrap"><table><caption>${m.caption(destinations.length)}</caption>
<thead><tr><th scope="col">${m.columns.id}</th><th scope="col">${m.columns.kind}</th><th scope="col">${m.columns.url}</th><th scope="col">${m.columns.events}</th><th scope="col">${m.columns.division}</th><th scope="col">${m.columns.state}</th></tr></thead>
<tbody>${rows}</tbody></table></div>`
}
<div class="panel">
<h2>${c.title}</h2>
<form method="post" action="${managementRoutes.destinations}" novalidate>
<input type="hidden" name="_csrf" value="${csrfToken}">
<label for="destination-id">${c.id}</label>
<p class="hint" id="destination-id-hint">${c.idHint}</p>
<input id="destination-id" name="id" value="${form.id}" autocomplete="off"${invalid('id', true)}>
${errorAt('id')}
<label for="destination-kind">${c.kind}</label>
<select id="destination-kind" name="kind"${invalid('kind', false)}>${destinationKinds.map(
    (kind) => html`<option value="${kind}"${form.kind === kind ? html` selected` : ''}>${m.kinds[kind]}</option>`,
  )}</select>
${errorAt('kind')}
<label for="destination-url">${c.url}</label>
<p class="hint" id="destination-url-hint">${c.urlHint}</p>
<input id="destination-url" name="url" type="url" value="${form.url}" autocomplete="off" size="60"${invalid('url', true)}>
${errorAt('url')}
<fieldset>
<legend>${c.events}</legend>
<p class="hint">${c.eventsHint}</p>
${eventTypes.map(
  (event) =>
    html`<p class="check"><input type="checkbox" id="event-${event}" name="events" value="${event}"${form.events.includes(event) ? html` checked` : ''}${
      errors.events ? html` aria-invalid="true" aria-describedby="destination-events-error"` : ''
    }><label for="event-${event}">${m.events[event]}</label></p>`,
)}
${errorAt('events')}
</fieldset>
<label for="destination-division">${c.division}</label>
<p class="hint" id="destination-division-hint">${c.divisionHint}</p>
<input id="destination-division" name="division" value="${form.division}" autocomplete="off"${invalid('division', true)}>
${errorAt('division')}
<p><button class="primary" type="submit">${c.save}</button></p>
</form>
</div>`;
}

/** A webhook's secret, shown once: after it was created, or a new one made. */
export function secretPage(locale: Locale, id: string, secret: string): SafeHtml {
  const m = destinationMessages[locale].secret;
  return html`<h1>${m.title}</h1>
<p class="notice" role="status">${m.text}</p>
<div class="panel">
<label for="secret">${m.label}</label>
<input id="secret" value="${secret}" readonly size="60" autocomplete="off" spellcheck="false">
</div>
<p><a href="${destinationPath(id)}">${m.back}</a></p>`;
}

/** One destination: its settings and state, what can be done with it, and its delivery log. */
export function destinationPage(
  locale: Locale,
  destination: Destination,
  log: readonly DestinationDelivery[],
  { csrfToken, notice, timeZone }: { csrfToken: string; notice?: string; timeZone: string },
): SafeHtml {
  const m = destinationMessages[locale];
  const s = m.show;
  const when = (moment: Date) => formatDateTime(moment, locale, timeZone);
  const button = (action: string, label: string, extra: SafeHtml | string = '') =>
    html`<form method="post" action="${destinationPath(destination.id, action)}"><input type="hidden" name="_csrf" value="${csrfToken}"><button type="submit"${extra}>${label}</button></form>`;
  const rows = log.map(
    (delivery) => html`<tr><td>${when(delivery.at)}</td><td>${m.events[delivery.event]}</td><td>${
      delivery.responseId ? html`<a href="${pathTo(managementRoutes.response, { id: delivery.responseId })}">${s.openResponse}</a>` : ''
    }</td><td>${delivery.attempt}</td><td><span class="status ${delivery.status}">${m.statuses[delivery.status]}</span></td><td>${delivery.statusCode ?? ''}</td><td>${
      delivery.status === 'sent' ? '' : (delivery.lastError ?? '')
    }</td><td>${button(`deliveries/${delivery.id}/redeliver`, s.redeliver, html` aria-label="${s.redeliverLabel(when(delivery.at))}"`)}</td></tr>`,
  );
  return html`<h1>${destination.id}</h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
<dl class="facts">
<dt>${m.columns.kind}</dt><dd>${m.kinds[destination.kind]}</dd>
<dt>${m.columns.url}</dt><dd>${destination.url}</dd>
<dt>${m.columns.events}</dt><dd>${destination.events.map((event) => m.events[event]).join(', ')}</dd>
<dt>${m.columns.division}</dt><dd>${destination.division ?? m.allDivisions}</dd>
<dt>${s.state}</dt><dd>${stateOf(destination, locale, timeZone)}</dd>
<dt>${s.created}</dt><dd>${when(destination.createdAt)}</dd>
</dl>
<div class="actions">
${button('test', s.test)}
${destination.active ? button('disable', s.disable) : button('enable', s.enable)}
${destination.kind === 'webhook' ? html`${button('rotate-secret', s.rotate, html` aria-describedby="rotate-hint"`)}<p class="hint" id="rotate-hint">${s.rotateHint}</p>` : ''}
${button('delete', s.delete)}
</div>
<h2>${s.log}</h2>
${
  log.length === 0
    ? html`<p>${s.logEmpty}</p>`
    : html`<div class="table-wrap"><table><caption>${s.logCaption}</caption>
<thead><tr><th scope="col">${s.logColumns.at}</th><th scope="col">${s.logColumns.event}</th><th scope="col">${s.logColumns.response}</th><th scope="col">${s.logColumns.attempt}</th><th scope="col">${s.logColumns.status}</th><th scope="col">${s.logColumns.code}</th><th scope="col">${s.logColumns.detail}</th><th scope="col">${s.logColumns.action}</th></tr></thead>
<tbody>${rows}</tbody></table></div>`
}`;
}
