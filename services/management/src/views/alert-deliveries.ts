import type { AlertState } from '@ambassador/db/alerts';
import type { ResponseEventDelivery } from '@ambassador/db/events';
import { managementRoutes, pathTo } from '@ambassador/links/links';
import { destinationMessages } from './destination-messages.ts';
import type { Locale } from '@ambassador/domain/vocabulary';
import { html, type SafeHtml } from '@ambassador/html/template';
import { formatDateTime } from './layout.ts';
import { messages } from './messages.ts';

/**
 * Every message of every alert of a response: one row per channel it went over (e-mail, SMS),
 * with its status, when it was sent and delivered, and why it failed or is being retried.
 */
export function alertDeliveriesTable(alerts: readonly AlertState[], locale: Locale, timeZone: string): SafeHtml {
  const m = messages[locale];
  const r = m.response;
  const when = (moment: Date | null) => (moment ? formatDateTime(moment, locale, timeZone) : '');
  const rows = alerts.flatMap((alert) => {
    const span = Math.max(alert.deliveries.length, 1);
    const alertCells = (first: boolean) =>
      first ? html`<td rowspan="${span}">${m.alertRoles[alert.role]}</td><td rowspan="${span}">${alert.email}</td>` : '';
    const acknowledged = (first: boolean) => (first ? html`<td rowspan="${span}">${when(alert.acknowledgedAt)}</td>` : '');
    if (alert.deliveries.length === 0) return [html`<tr>${alertCells(true)}<td></td><td></td><td></td><td></td><td></td>${acknowledged(true)}</tr>`];
    return alert.deliveries.map((delivery, index) => {
      const failed = delivery.status === 'failed';
      // Why it failed, or why the last attempt did while it is retried.
      const detail =
        failed || (delivery.status === 'pending' && delivery.lastError)
          ? html`${failed ? html`${when(delivery.failedAt)}: ` : html`${r.attempts(delivery.attempts)}: `}${delivery.lastError ?? ''}`
          : '';
      return html`<tr>${alertCells(index === 0)}<td>${m.channels[delivery.channel]}</td><td><span class="status ${delivery.status}">${
        m.deliveryStatuses[delivery.status]
      }</span></td><td>${when(delivery.sentAt)}</td><td>${when(delivery.deliveredAt)}</td><td>${detail}</td>${acknowledged(index === 0)}</tr>`;
    });
  });
  return html`<div class="table-wrap"><table>
<thead><tr><th scope="col">${r.role}</th><th scope="col">${r.recipient}</th><th scope="col">${r.channel}</th><th scope="col">${r.status}</th><th scope="col">${r.sentAt}</th><th scope="col">${r.deliveredAt}</th><th scope="col">${r.detail}</th><th scope="col">${r.acknowledged}</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}

/**
 * The events about a response that went to the firm's destinations (a webhook, Teams, Slack):
 * one row per event and destination, with its status. The destination links to its delivery
 * log, which admins can open.
 */
export function destinationDeliveriesTable(deliveries: readonly ResponseEventDelivery[], locale: Locale, timeZone: string, { linkToLog }: { linkToLog: boolean }): SafeHtml {
  const m = messages[locale];
  const r = m.response;
  const when = (moment: Date | null) => (moment ? formatDateTime(moment, locale, timeZone) : '');
  const rows = deliveries.map((delivery) => {
    const detail = delivery.status === 'failed' || (delivery.status === 'pending' && delivery.lastError) ? html`${r.attempts(delivery.attempts)}: ${delivery.lastError ?? ''}` : '';
    const name = linkToLog ? html`<a href="${pathTo(managementRoutes.destination, { id: delivery.destinationId })}">${delivery.destinationId}</a>` : html`${delivery.destinationId}`;
    return html`<tr><td>${name}</td><td>${m.channels[delivery.channel]}</td><td>${destinationMessages[locale].events[delivery.event]}</td><td><span class="status ${delivery.status}">${
      m.deliveryStatuses[delivery.status]
    }</span></td><td>${when(delivery.sentAt)}</td><td>${detail}</td></tr>`;
  });
  return html`<div class="table-wrap"><table>
<thead><tr><th scope="col">${r.destination}</th><th scope="col">${r.channel}</th><th scope="col">${r.event}</th><th scope="col">${r.status}</th><th scope="col">${r.sentAt}</th><th scope="col">${r.detail}</th></tr></thead>
<tbody>${rows}</tbody></table></div>`;
}
