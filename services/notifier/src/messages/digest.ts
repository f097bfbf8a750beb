import { digestContent, findDigestMessage } from '@ambassador/db/digests';
import { digestPeriod } from '@ambassador/domain/calendar';
import { type MessageHandler, noFormFor } from './message.ts';
import { renderDigestEmail } from '../templates/digest-email.ts';

/** Items per list; the e-mail says how many more there are and links to the register. */
const LIST_LIMIT = 15;

/**
 * A manager's weekly digest. Its lists are read when it is sent: a follow-up closed since it
 * was recorded is no longer listed as open. A manager who opted out since gets nothing.
 */
export function digestMessage(timeZone: string): MessageHandler {
  return {
    async prepare(db, delivery) {
      const digest = delivery.digestId ? await findDigestMessage(db, delivery.digestId) : undefined;
      if (!digest) return undefined;
      if (digest.manager.digestOptOut) return { decision: { cancel: 'the manager opted out' }, logFields: { digestId: digest.id }, render: (channel) => noFormFor('digest', channel) };
      const period = digestPeriod(digest.weekStart, timeZone);
      const content = await digestContent(db, digest.manager.id, period, LIST_LIMIT);
      return {
        decision: { send: true },
        logFields: { digestId: digest.id },
        render(channel, { links }) {
          if (channel !== 'email') return noFormFor('digest', channel);
          const unsubscribeUrl = links.digestUnsubscribe(digest.manager.id, digest.manager.subscriptionVersion);
          const email = renderDigestEmail(
            { managerName: digest.manager.name, locale: digest.manager.locale, content, period, timeZone },
            { responseUrl: links.response, registerUrl: links.register(), unsubscribeUrl },
          );
          return { channel, message: { to: { name: digest.manager.name, address: digest.email }, ...email, unsubscribeUrl } };
        },
      };
    },
  };
}
