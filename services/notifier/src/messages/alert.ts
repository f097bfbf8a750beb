import { findAlertMessage } from '@ambassador/db/alerts';
import { type MessageHandler, noFormFor } from './message.ts';
import { renderAlertEmail } from '../templates/alert-email.ts';

/**
 * An alert: tells the account manager, or their manager, about a + or − response. Always
 * wanted: once recorded, an alert goes out.
 */
export const alertMessage: MessageHandler = {
  async prepare(db, delivery) {
    const alert = delivery.alertId ? await findAlertMessage(db, delivery.alertId) : undefined;
    if (!alert) return undefined;
    return {
      decision: { send: true },
      logFields: { alertId: alert.id, responseId: alert.response.id },
      startedAt: alert.response.submittedAt,
      render(channel, { links, timeZone }) {
        if (channel !== 'email') return noFormFor('alert', channel);
        const email = renderAlertEmail(alert, {
          responseUrl: links.response(alert.response.id),
          acknowledgeUrl: links.acknowledge(alert.id),
          timeZone,
        });
        return { channel, message: { to: { name: alert.recipient.name, address: alert.recipient.email }, ...email } };
      },
    };
  },
};
