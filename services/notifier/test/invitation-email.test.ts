import type { InvitationMessage } from '@ambassador/db/invitations';
import { satisfactions } from '@ambassador/domain/vocabulary';
import { createLinks } from '@ambassador/links/links';
import { TEST_MANAGEMENT_BASE_URL, TEST_PUBLIC_BASE_URL, TEST_SECRET_KEY } from '@ambassador/testing/clock';
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

const links = createLinks({ managementBaseUrl: TEST_MANAGEMENT_BASE_URL, publicBaseUrl: TEST_PUBLIC_BASE_URL, secretKey: TEST_SECRET_KEY });
const link = links.form('i1');
const answerLinks = { ontevreden: `${link}?satisfaction=ontevreden`, tevreden: `${link}?satisfaction=tevreden`, meer_dan_tevreden: `${link}?satisfaction=meer_dan_tevreden` };
const settings = { link, answerLinks, brandName: 'Ingenieursbureau Test', brandColor: '#1f5fad' };
const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]);

describe('the invitation e-mail', () => {
  it("says until when the link is valid, as the date in the firm's time zone", () => {
    const amsterdam = renderInvitationEmail(delivery('nl'), 'invitation', { ...settings, timeZone: 'Europe/Amsterdam' });
    expect(amsterdam.text).toContain('geldig tot 22 januari 2027.');
    const newYork = renderInvitationEmail(delivery('en'), 'reminder', { ...settings, timeZone: 'America/New_York' });
    expect(newYork.text).toContain('valid until 21 January 2027.');
    expect(newYork.html).toContain('valid until 21 January 2027.');
  });

  it('builds each answer link as the form link with ?satisfaction=<value>', () => {
    for (const value of satisfactions) expect(links.formWithAnswer('i1', value)).toBe(answerLinks[value]);
  });

  it.each([
    ['nl', 'invitation', ['Ontevreden', 'Tevreden', 'Meer dan tevreden'], 'Hoe tevreden bent u over onze dienstverlening?'],
    ['nl', 'reminder', ['Ontevreden', 'Tevreden', 'Meer dan tevreden'], 'Hoe tevreden bent u over onze dienstverlening?'],
    ['en', 'invitation', ['Dissatisfied', 'Satisfied', 'More than satisfied'], 'How satisfied are you with our services?'],
    ['en', 'reminder', ['Dissatisfied', 'Satisfied', 'More than satisfied'], 'How satisfied are you with our services?'],
  ] as const)('asks the first question (%s %s): three buttons in HTML and three links in text, one per answer', (locale, kind, labels, question) => {
    const email = renderInvitationEmail(delivery(locale), kind, { ...settings, timeZone: 'Europe/Amsterdam' });
    const ordered = satisfactions.map((value) => answerLinks[value]);

    expect(email.text).toContain(question);
    const textLines = email.text.split('\n');
    labels.forEach((label, index) => expect(textLines).toContain(`${label}: ${ordered[index]!}`));

    expect(email.html).toContain(question);
    // Each button a cell with a background colour (Outlook ignores a link's own background and padding).
    const buttons = [...email.html.matchAll(/<td [^>]*bgcolor="#1f5fad"[^>]*><a href="([^"]*)"[^>]*>([^<]*)<\/a><\/td>/g)].map((match) => [match[1], match[2]]);
    expect(buttons).toEqual(labels.map((label, index) => [ordered[index]!.replaceAll('&', '&amp;'), label]));
    expect(email.html).toMatch(/<table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0"/);
    // And the plain link to the form, without an answer.
    expect(hrefs(email.html)).toEqual([...ordered, link]);
  });
});
