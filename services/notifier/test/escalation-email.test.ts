import type { EscalationMessage } from '@ambassador/db/escalations';
import { describe, expect, it } from 'vitest';
import { renderEscalationEmail } from '../src/templates/escalation-email.ts';

function delivery(overrides: { locale?: 'nl' | 'en'; group?: 'positive' | 'negative'; respondentName?: string } = {}): EscalationMessage {
  const { locale = 'nl', group = 'negative', respondentName = 'Jan Jansen' } = overrides;
  return {
    responseId: 'r1',
    dueAt: new Date('2026-12-01T09:00:00Z'),
    followedUp: false,
    recipient: { email: 'marieke@firm.example', name: 'Marieke de Vries', locale },
    accountManager: { name: 'Anton Bakker' },
    response: {
      group,
      respondentName,
      respondentEmail: 'jan@utrecht.example',
      satisfaction: group === 'negative' ? 'ontevreden' : 'meer_dan_tevreden',
      motivation: 'Te laat & <b>te duur</b>',
      wouldRecommend: group === 'positive',
      wantsMoreServices: false,
      submittedAt: new Date('2026-11-27T09:00:00Z'),
    },
    project: { name: 'Riolering Oost' },
    client: { name: 'Gemeente Utrecht' },
  };
}

const links = { responseUrl: 'https://ambassador.example/responses/r1', timeZone: 'Europe/Amsterdam' };

describe('the escalation e-mail', () => {
  it('tells the manager in Dutch which response has had no follow-up since when, and what to do', () => {
    const email = renderEscalationEmail(delivery(), links);
    expect(email.subject).toBe('[\u2212] Geen opvolging: Jan Jansen, Gemeente Utrecht');
    expect(email.text).toContain('de termijn liep af op 1 december 2026 om 10:00');
    expect(email.text).toContain('Vraag Anton Bakker wat er gebeurt, of bel Jan Jansen zelf.');
    expect(email.text).toContain(links.responseUrl);
    expect(email.html).toContain('Te laat &amp; &lt;b&gt;te duur&lt;/b&gt;');
  });

  it('marks a + response with + and writes English to an English manager', () => {
    const email = renderEscalationEmail(delivery({ locale: 'en', group: 'positive' }), links);
    expect(email.subject).toBe('[+] No follow-up: Jan Jansen, Gemeente Utrecht');
    expect(email.text).toContain('is in the + group: a positive ambassador');
  });

  it('keeps the subject to one line whatever the respondent is called', () => {
    const email = renderEscalationEmail(delivery({ respondentName: 'Jan\r\nBcc: x@evil.example' }), links);
    expect(email.subject).toBe('[\u2212] Geen opvolging: Jan Bcc: x@evil.example, Gemeente Utrecht');
  });
});
