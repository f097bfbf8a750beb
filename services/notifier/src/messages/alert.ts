import { findAlertMessage } from '@ambassador/db/alerts';
import { type MessageHandler, noFormFor } from './message.ts';
import { renderAlertEmail } from '../templates/alert-email.ts';
import { renderAlertSms } from '../templates/alert-sms.ts';

/**
 * An alert: tells the account manager, or their manager, about a + or − response, by e-mail and
 * by SMS to those who asked for it. Always wanted: once recorded, an alert goes out; only an SMS
 * to someone whose phone number was removed since has nowhere to go.
 */
export const alertMessage: MessageHandler = {
  async prepare(db, delivery) {
    const alert = delivery.alertId ? await findAlertMessage(db, delivery.alertId) : undefined;
    if (!alert) return undefined;
    const phone = alert.recipient.phone;
    return {
      decision: delivery.channel === 'sms' && phone === null ? { cancel: 'the recipient has no phone number any more' } : { send: true },
      logFields: { alertId: alert.id, responseId: alert.response.id },
      startedAt: alert.response.submittedAt,
      render(channel, { links, timeZone }) {
        switch (channel) {
          case 'email': {
            const email = renderAlertEmail(alert, {
              responseUrl: links.response(alert.response.id),
              acknowledgeUrl: links.acknowledge(alert.id),
              timeZone,
            });
            return { channel, message: { to: { name: alert.recipient.name, address: alert.recipient.email }, ...email } };
          }
          case 'sms':
            if (phone === null) return noFormFor('alert', channel);
            return { channel, message: { to: phone, text: renderAlertSms(alert, { responseUrl: links.shortResponse(alert.response.id) }) } };
          default:
            return noFormFor('alert', channel);
        }
      },
    };
  },
};
