import type { DigestContent, DigestItem } from '@ambassador/db/digests';
import { describe, expect, it } from 'vitest';
import { renderDigestEmail } from '../src/templates/digest-email.ts';

function item(n: number, overrides: Partial<DigestItem> = {}): DigestItem {
  return {
    responseId: `r${n}`,
    group: 'positive',
    hotLead: false,
    respondentName: `Respondent ${n}`,
    clientName: 'Gemeente Utrecht',
    projectName: 'Riolering Oost',
    accountManagerName: 'Anton Bakker',
    submittedAt: new Date('2026-11-24T09:00:00Z'),
    followUpStatus: 'open',
    ...overrides,
  };
}

const period = { from: new Date('2026-11-22T23:00:00Z'), to: new Date('2026-11-29T23:00:00Z') };
const links = {
  responseUrl: (id: string) => `https://ambassador.example/responses/${id}`,
  registerUrl: 'https://ambassador.example/register',
  unsubscribeUrl: 'https://ambassador.example/digest/unsubscribe/mgr-1.0.signature',
};
const empty = { items: [], total: 0 };

function render(content: Partial<DigestContent>, locale: 'nl' | 'en' = 'nl') {
  return renderDigestEmail(
    { managerName: 'Marieke', locale, content: { newPositive: empty, newNegative: empty, openFollowUps: empty, ...content }, period, timeZone: 'Europe/Amsterdam' },
    links,
  );
}

describe('the digest e-mail', () => {
  it('counts every list in the subject, and cuts long lists off saying how many more there are', () => {
    const email = render({ openFollowUps: { items: Array.from({ length: 15 }, (_, n) => item(n)), total: 40 } });
    expect(email.subject).toBe('Weekoverzicht Ambassador: 0 nieuwe +, 0 nieuwe \u2212, 40 open');
    expect(email.text.match(/^- \[\+\] Respondent/gm)).toHaveLength(15);
    expect(email.text).toContain('… en nog 25 meer, in het register: https://ambassador.example/register');
    expect(email.html).toContain('… en nog 25 meer, in het register</a>');
    expect(email.text).toMatch(/Nieuwe positieve ambassadeurs \(\+\): 0\nGeen\.\n/);
  });

  it('says nothing about more when the whole list fits', () => {
    const email = render({ newNegative: { items: [item(1, { group: 'negative' })], total: 1 } });
    expect(email.text).not.toContain('meer, in het register');
  });

  it('escapes names in the HTML part and links each one to its response', () => {
    const email = render({ newPositive: { items: [item(1, { respondentName: '<script>x</script>', hotLead: true })], total: 1 } });
    expect(email.html).not.toContain('<script>x</script>');
    expect(email.html).toContain('&lt;script&gt;x&lt;/script&gt;, Gemeente Utrecht</a>');
    expect(email.html).toContain('href="https://ambassador.example/responses/r1"');
    expect(email.text).toContain('<script>x</script>, Gemeente Utrecht · project Riolering Oost · accountmanager Anton Bakker · hot lead');
  });

  it('writes English to an English manager, with the unsubscribe link in both parts', () => {
    const email = render({ openFollowUps: { items: [item(1, { group: 'negative', followUpStatus: 'in_progress' })], total: 1 } }, 'en');
    expect(email.subject).toBe('Ambassador weekly digest: 0 new +, 0 new \u2212, 1 open');
    expect(email.text).toContain('for Monday, 23 November 2026 to Sunday, 29 November 2026');
    expect(email.text).toContain('- [\u2212] Respondent 1, Gemeente Utrecht · project Riolering Oost · account manager Anton Bakker · in progress · answered 24 Nov 2026');
    expect(email.text).toContain(`No more weekly digests? Unsubscribe: ${links.unsubscribeUrl}`);
    expect(email.text).not.toContain('one click');
    expect(email.html).toContain(`href="${links.unsubscribeUrl}"`);
  });
});
