import type { AlertMessage } from '@ambassador/db/alerts';
import { describe, expect, it } from 'vitest';
import { renderAlertSms } from '../src/templates/alert-sms.ts';
import { encodeSms, smsEncodingOf, smsSegments } from '../src/transports/sms-encoding.ts';

function alertTo(
  overrides: { role?: 'account_manager' | 'manager'; locale?: 'nl' | 'en'; client?: string } & Partial<AlertMessage['response']> = {},
): AlertMessage {
  const { role = 'account_manager', locale = 'nl', client = 'Gemeente Utrecht', ...response } = overrides;
  return {
    id: 'a1',
    role,
    recipient: { email: 'anton@firm.example', name: 'Anton Bakker', locale, phone: '+31612345678' },
    accountManager: { name: 'Anton Bakker' },
    response: {
      id: 'r1',
      respondentName: 'Jan Jansen',
      respondentEmail: 'jan@utrecht.example',
      satisfaction: 'ontevreden',
      motivation: 'Te laat.',
      wouldRecommend: false,
      wantsMoreServices: false,
      group: 'negative',
      submittedAt: new Date('2026-11-20T09:41:00Z'),
      ...response,
    },
    project: { id: 'P-1', name: 'Riolering Oost' },
    client: { name: client },
  };
}

const responseUrl = 'https://ambassador.example/r/AZPx4nxLeryN7wEjRWeJqw';
const positive = { group: 'positive', satisfaction: 'meer_dan_tevreden', wouldRecommend: true } as const;

describe('the alert SMS', () => {
  it('says in Dutch: the sign, who, which client, what to do and the short link, in one GSM-7 segment', () => {
    const text = renderAlertSms(alertTo(), { responseUrl });
    expect(text).toBe(`[-] Negatieve ambassadeur: Jan Jansen, Gemeente Utrecht. Bel binnen één werkdag. ${responseUrl}`);
    expect(smsEncodingOf(text)).toBe('gsm7');
    expect(smsSegments(text)).toBe(1);
  });

  it('speaks English to an English recipient, and asks for thanks on a +', () => {
    expect(renderAlertSms(alertTo({ locale: 'en', ...positive }), { responseUrl })).toBe(
      `[+] Positive ambassador: Jan Jansen, Gemeente Utrecht. Thank them personally and ask for an introduction or a reference. ${responseUrl}`,
    );
    expect(renderAlertSms(alertTo({ locale: 'en', ...positive, wantsMoreServices: true }), { responseUrl })).toMatch(/^\[\+\] Hot lead: Jan Jansen/);
    expect(renderAlertSms(alertTo({ locale: 'en' }), { responseUrl })).toContain('Call within one working day.');
  });

  it('tells the manager to see that the call is made, not to make it', () => {
    expect(renderAlertSms(alertTo({ role: 'manager' }), { responseUrl })).toContain('Zorg dat er binnen één werkdag gebeld wordt.');
  });

  it('cuts long names, the longer first, to stay within two segments, and keeps the whole link', () => {
    // Names of 200 characters each, as the API allows.
    const respondentName = `Johannes Wilhelmus Hendrikus Maria ${'van den Berg-Oosterhuis '.repeat(7)}`.slice(0, 200);
    const client = `Hoogheemraadschap van Delfland, ${'Schieland en de Krimpenerwaard '.repeat(6)}`.slice(0, 120);
    const text = renderAlertSms(alertTo({ respondentName, client }), { responseUrl });
    expect(smsSegments(text)).toBe(2);
    expect(text.endsWith(` Bel binnen één werkdag. ${responseUrl}`)).toBe(true);
    const [, respondent, shortenedClient] = /^\[-\] Negatieve ambassadeur: (.+\.\.\.), (.+\.\.\.)\. Bel/.exec(text) ?? [];
    // Both cut to about the same length, from their start.
    expect(respondentName.startsWith(respondent!.slice(0, -3))).toBe(true);
    expect(client.startsWith(shortenedClient!.slice(0, -3))).toBe(true);
    expect(Math.abs(respondent!.length - shortenedClient!.length)).toBeLessThanOrEqual(2);
    // No more was cut than needed: the two segments are (nearly) full.
    expect(text.length).toBeGreaterThan(300);
  });

  it('goes UCS-2 for a name outside the GSM alphabet, and still fits in two segments', () => {
    const short = renderAlertSms(alertTo({ respondentName: 'Paweł Nowak' }), { responseUrl });
    expect(smsEncodingOf(short)).toBe('ucs2');
    expect(smsSegments(short)).toBe(2);
    expect(short).toContain('Paweł Nowak');
    const long = renderAlertSms(alertTo({ respondentName: `Paweł ${'Wiśniewski-'.repeat(12)}`, client: 'Zakład Wodociągów i Kanalizacji' }), { responseUrl });
    expect(smsEncodingOf(long)).toBe('ucs2');
    expect(smsSegments(long)).toBe(2);
    expect(long).toContain(responseUrl);
    expect(long).toMatch(/^\[-\] Negatieve ambassadeur: Paweł Wiś.*\.\.\., Zakład .*\.\.\.\. Bel binnen één werkdag\. /);
  });
});

describe('SMS encoding', () => {
  it('keeps é (in the GSM alphabet) in GSM-7 and sends ł (not in it) as UCS-2', () => {
    expect(encodeSms('Bel binnen één werkdag')).toMatchObject({ encoding: 'gsm7', dataCoding: 0 });
    expect(encodeSms('Paweł')).toMatchObject({ encoding: 'ucs2', dataCoding: 8, bytes: Buffer.from([0, 0x50, 0, 0x61, 0, 0x77, 0, 0x65, 0x01, 0x42]) });
    // GSM-7 as SMPP carries it: one septet per octet; é is 0x05, € is ESC 0x65.
    expect(encodeSms('é€@').bytes).toEqual(Buffer.from([0x05, 0x1b, 0x65, 0x00]));
  });

  it('counts 160 GSM-7 characters as one segment and 153 to a segment beyond that', () => {
    expect(smsSegments('x'.repeat(160))).toBe(1);
    expect(smsSegments('x'.repeat(161))).toBe(2);
    expect(smsSegments('x'.repeat(306))).toBe(2);
    expect(smsSegments('x'.repeat(307))).toBe(3);
    // An extension character takes two septets, and is never split over two segments.
    expect(smsSegments('€'.repeat(80))).toBe(1);
    expect(smsSegments(`${'x'.repeat(152)}€${'x'.repeat(152)}`)).toBe(3);
  });

  it('counts 70 UCS-2 code units as one segment and 67 to a segment beyond that', () => {
    expect(smsSegments('ł'.repeat(70))).toBe(1);
    expect(smsSegments('ł'.repeat(71))).toBe(2);
    expect(smsSegments('ł'.repeat(134))).toBe(2);
    expect(smsSegments('ł'.repeat(135))).toBe(3);
    // A surrogate pair is two units that stay together.
    expect(smsSegments(`${'ł'.repeat(66)}😀${'ł'.repeat(66)}`)).toBe(3);
  });
});
