import { findEscalationMessage } from '@ambassador/db/escalations';
import { type MessageHandler, noFormFor } from './message.ts';
import { renderEscalationEmail } from '../templates/escalation-email.ts';

/**
 * The one e-mail to a manager about a + or − response that had no follow-up step within its
 * deadline; withdrawn when a step came in after it was recorded.
 */
export const escalationMessage: MessageHandler = {
  async prepare(db, delivery) {
    const escalation = delivery.escalationId ? await findEscalationMessage(db, delivery.escalationId) : undefined;
    if (!escalation) return undefined;
    return {
      decision: escalation.followedUp ? { cancel: 'a follow-up step came in first' } : { send: true },
      logFields: { responseId: escalation.responseId },
      render(channel, { links, timeZone }) {
        if (channel !== 'email') return noFormFor('escalation', channel);
        const email = renderEscalationEmail(escalation, { responseUrl: links.response(escalation.responseId), timeZone });
        return { channel, message: { to: { name: escalation.recipient.name, address: escalation.recipient.email }, ...email } };
      },
    };
  },
};
