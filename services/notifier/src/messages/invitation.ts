import { findInvitationMessage, type InvitationMessage } from '@ambassador/db/invitations';
import { type Satisfaction, satisfactions } from '@ambassador/domain/vocabulary';
import type { Decision, MessageHandler } from './message.ts';
import { noFormFor } from './message.ts';
import { type InvitationMessageKind, renderInvitationEmail } from '../templates/invitation-email.ts';

/** How long a reminder waits when the invitation itself has not gone out yet (its own job is retrying). */
const REMINDER_WAIT_MS = 60_000;

/** Whether the reminder is still wanted: not once the contact answered or the link expired. */
function reminderDecision(invitation: InvitationMessage, now: Date): Decision {
  if (invitation.answered) return { cancel: 'answered' };
  if (invitation.expiresAt <= now) return { cancel: 'the link expired' };
  if (invitation.invitationStatus === 'failed' || invitation.invitationStatus === 'cancelled') return { cancel: 'the invitation e-mail failed' };
  if (invitation.invitationStatus !== 'sent' && invitation.invitationStatus !== 'delivered') return { later: new Date(now.getTime() + REMINDER_WAIT_MS) };
  return { send: true };
}

/** The firm's name as the sender, on the configured sender address. */
function fromAddress(mailFrom: string, brandName: string): { name: string; address: string } {
  const address = /<([^>]+)>\s*$/u.exec(mailFrom)?.[1] ?? mailFrom.trim();
  return { name: brandName, address };
}

/**
 * The invitation to a client contact, or its one reminder: from the firm, replies going to the
 * account manager, with the personal link to the form.
 */
function invitationMessage(kind: InvitationMessageKind): MessageHandler {
  return {
    async prepare(db, delivery, now) {
      const invitation = delivery.invitationId ? await findInvitationMessage(db, delivery.invitationId) : undefined;
      if (!invitation) return undefined;
      return {
        decision: kind === 'reminder' ? reminderDecision(invitation, now) : { send: true },
        logFields: { invitationId: invitation.id },
        render(channel, { links, brand, mailFrom, timeZone }) {
          if (channel !== 'email') return noFormFor(kind, channel);
          const answerLinks = Object.fromEntries(satisfactions.map((value) => [value, links.formWithAnswer(invitation.id, value)])) as Record<Satisfaction, string>;
          const email = renderInvitationEmail(invitation, kind, {
            link: links.form(invitation.id),
            answerLinks,
            brandName: brand.name,
            brandColor: brand.accent,
            timeZone,
          });
          return {
            channel,
            message: {
              from: fromAddress(mailFrom, brand.name),
              to: { name: invitation.contact.name, address: invitation.contact.email },
              replyTo: { name: invitation.accountManager.name, address: invitation.accountManager.email },
              ...email,
            },
          };
        },
      };
    },
  };
}

export const invitationEmail = invitationMessage('invitation');
export const reminderEmail = invitationMessage('reminder');
