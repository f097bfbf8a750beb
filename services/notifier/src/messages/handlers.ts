import { alertMessage } from './alert.ts';
import { digestMessage } from './digest.ts';
import { escalationMessage } from './escalation.ts';
import { eventMessage } from './event.ts';
import { invitationEmail, reminderEmail } from './invitation.ts';
import { loginLinkMessage } from './login-link.ts';
import type { MessageHandlers } from './message.ts';

/** Every kind of message the notifier sends, and its handler. */
export function messageHandlers({ timeZone }: { timeZone: string }): MessageHandlers {
  return {
    alert: alertMessage,
    invitation: invitationEmail,
    reminder: reminderEmail,
    login_link: loginLinkMessage,
    escalation: escalationMessage,
    digest: digestMessage(timeZone),
    event: eventMessage,
  };
}
