import type { AlertMessage } from '@ambassador/db/alerts';
import { describe, expect, it } from 'vitest';
import { renderAlertEmail } from '../src/templates/alert-email.ts';

function delivery(overrides: { role?: 'account_manager' | 'manager'; locale?: 'nl' | 'en' } & Partial<AlertMessage['response']> = {}): AlertMessage {
  const { role = 'account_manager', locale = 'nl', ...response } = overrides;
  return {
    id: 'a1',
    role,
    recipient: { email: 'anton@firm.example', name: 'Anton Bakker', locale, phone: null },
    accountManager: { name: 'Anton Bakker' },
    response: {
      id: 'r1',
      respondentName: 'Jan Jansen',
      respondentEmail: 'jan@utrecht.example',
      satisfaction: 'meer_dan_tevreden',
      motivation: 'Snel en vakkundig.',
      wouldRecommend: true,
      wantsMoreServices: false,
      group: 'positive',
      submittedAt: new Date('2026-11-20T09:41:00Z'),
      ...response,
    },
    project: { id: 'P-1', name: 'Riolering Oost' },
    client: { name: 'Gemeente Utrecht' },
  };
}

const links = {
  responseUrl: 'https://ambassador.example/responses/r1',
  acknowledgeUrl: 'https://ambassador.example/ack/a1.signature',
  timeZone: 'Europe/Amsterdam',
};

describe('the alert e-mail', () => {
  it('says in Dutch who answered, about what, what they said and what to do next', () => {
    const email = renderAlertEmail(delivery(), links);
    expect(email.subject).toBe('[+] Positieve ambassadeur: Jan Jansen, Gemeente Utrecht');
    for (const part of [email.text, email.html]) {
      expect(part).toContain('Jan Jansen');
      expect(part).toContain('jan@utrecht.example');
      expect(part).toContain('Gemeente Utrecht');
      expect(part).toContain('Riolering Oost');
      expect(part).toContain('meer dan tevreden');
      expect(part).toContain('Snel en vakkundig.');
      expect(part).toContain('introductie');
      expect(part).toContain('https://ambassador.example/responses/r1');
      expect(part).toContain('https://ambassador.example/ack/a1.signature');
      expect(part).toContain('Ik pak dit op');
    }
    expect(email.text).toContain('Beveelt ons aan: ja');
    expect(email.text).toContain('Wil meer van onze diensten: nee');
    expect(email.text).toContain('20 november 2026 om 10:41');
    // The link opens a page with a button (mail scanners open every link): the e-mail says so.
    expect(email.text).toContain('(De link opent een pagina waarop je met één knop de opvolging op "in behandeling" zet; je hoeft niet in te loggen.)');
    expect(email.html).toContain('De link opent een pagina waarop je met één knop');
  });

  it('marks a hot lead in the subject and the body', () => {
    const email = renderAlertEmail(delivery({ wantsMoreServices: true }), links);
    expect(email.subject).toMatch(/^\[\+\] Hot lead: Jan Jansen/);
    expect(email.text).toContain('Hot lead: wil meer van onze diensten.');
    expect(email.html).toContain('Hot lead');
  });

  it('asks for a call within one working day on a negative response, in English for an English recipient', () => {
    const email = renderAlertEmail(
      delivery({ locale: 'en', group: 'negative', satisfaction: 'ontevreden', wouldRecommend: false }),
      links,
    );
    expect(email.subject).toBe('[\u2212] Negative ambassador: Jan Jansen, Gemeente Utrecht. Call within one working day');
    expect(email.text).toContain('Call Jan Jansen within one working day');
    expect(email.text).toContain('Satisfaction: dissatisfied');
    expect(email.text).toContain('Would recommend us: no');
  });

  it("tells the manager why they receive it", () => {
    const email = renderAlertEmail(delivery({ role: 'manager' }), links);
    expect(email.text).toContain('leidinggevende van Anton Bakker');
    expect(renderAlertEmail(delivery(), links).text).not.toContain('leidinggevende');
  });

  it('escapes every user-supplied string in the HTML part', () => {
    const email = renderAlertEmail(
      delivery({ respondentName: '<img src=x onerror=alert(1)>', motivation: '<script>alert("x")</script> & "quotes"' }),
      links,
    );
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<img src=x');
    expect(email.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;quotes&quot;');
  });

  it("writes when the client answered as the clocks in the firm's time zone showed it", () => {
    // 23:41 UTC is past midnight in Amsterdam, and early evening in New York.
    const lateAnswer = delivery({ submittedAt: new Date('2026-11-20T23:41:00Z') });
    expect(renderAlertEmail(lateAnswer, links).text).toContain('Ingevuld op: 21 november 2026 om 00:41');
    expect(renderAlertEmail(lateAnswer, { ...links, timeZone: 'America/New_York' }).text).toContain('Ingevuld op: 20 november 2026 om 18:41');
  });

  it('keeps the subject to one line whatever the names contain', () => {
    const email = renderAlertEmail(delivery({ respondentName: 'Jan\r\nBcc: victim@example.com' }), links);
    expect(email.subject).not.toMatch(/[\r\n]/);
    expect(email.subject).toBe('[+] Positieve ambassadeur: Jan Bcc: victim@example.com, Gemeente Utrecht');
  });
});
