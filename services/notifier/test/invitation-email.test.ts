import type { InvitationMessage } from '@ambassador/db/invitations';
import { describe, expect, it } from 'vitest';
import { renderInvitationEmail } from '../src/templates/invitation-email.ts';

function delivery(locale: 'nl' | 'en'): InvitationMessage {
  return {
    id: 'i1',
    invitationStatus: 'sent',
    // Late in the evening in Amsterdam, still afternoon in New York.
    expiresAt: new Date('2027-01-21T23:30:00Z'),
    answered: false,
    contact: { name: 'Jan Jansen', email: 'jan@utrecht.example', locale },
    project: { name: 'Riolering Oost' },
    client: { name: 'Gemeente Utrecht' },
    accountManager: { name: 'Anton Bakker', email: 'anton@firm.example' },
  };
}

const settings = { link: 'https://ambassador.example/s/token', brandName: 'Ingenieursbureau Test', brandColor: '#1f5fad' };

describe('the invitation e-mail', () => {
  it("says until when the link is valid, as the date in the firm's time zone", () => {
    const amsterdam = renderInvitationEmail(delivery('nl'), 'invitation', { ...settings, timeZone: 'Europe/Amsterdam' });
    expect(amsterdam.text).toContain('geldig tot 22 januari 2027.');
    const newYork = renderInvitationEmail(delivery('en'), 'reminder', { ...settings, timeZone: 'America/New_York' });
    expect(newYork.text).toContain('valid until 21 January 2027.');
    expect(newYork.html).toContain('valid until 21 January 2027.');
  });
});
