import { findLoginLinkMessage } from '@ambassador/db/login';
import { type MessageHandler, noFormFor } from './message.ts';
import { renderLoginEmail } from '../templates/login-email.ts';

/** A one-time link into the management module; not sent any more once it was used or expired. */
export const loginLinkMessage: MessageHandler = {
  async prepare(db, delivery, now) {
    const link = delivery.loginLinkId ? await findLoginLinkMessage(db, delivery.loginLinkId) : undefined;
    if (!link) return undefined;
    return {
      decision: link.usedAt ? { cancel: 'the link was used' } : link.expiresAt <= now ? { cancel: 'the link expired' } : { send: true },
      logFields: { loginLinkId: link.id },
      render(channel, { links }) {
        if (channel !== 'email') return noFormFor('login_link', channel);
        const email = renderLoginEmail({ name: link.name, locale: link.locale ?? 'nl', link: links.login(link.id) });
        return { channel, message: { to: { name: link.name ?? '', address: link.email }, ...email } };
      },
    };
  },
};
