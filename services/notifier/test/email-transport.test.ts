import { startTestSmtpServer } from '@ambassador/testing/smtp-server';
import { describe, expect, test } from 'vitest';
import { createMailer } from '../src/transports/email.ts';

const text = [
  'Hallo Jörg,',
  '',
  `Een lange regel van meer dan zesenzeventig tekens, met = tekens, ‘aanhalingstekens’ en een − teken: ${'x'.repeat(120)}`,
  'Een regel met spaties aan het eind   ',
  '.',
  '.Een punt vooraan',
].join('\n');
const html = `<!doctype html><p style="color:#b42318">Één &amp; twee — ${'<b>vet</b> '.repeat(30)}</p>`;

describe('the e-mail transport', () => {
  test('sends a message whose headers, names and both parts arrive exactly as given', async () => {
    const smtp = await startTestSmtpServer();
    const mailer = createMailer({ smtpUrl: smtp.url, requireTls: false, from: 'Ambassador <noreply@firm.example>', poolSize: 1 });
    try {
      await mailer.send(
        {
          to: { name: "Jörg van 't Hoff", address: 'jorg@bücher.example' },
          replyTo: { name: 'Marieke "de baas" Jansen', address: 'marieke@firm.example' },
          subject: `[\u2212] Negatieve ambassadeur: Zoë Ñúñez, Gemeente Utrecht. Bel binnen één werkdag, ook als dit onderwerp lang is\r\nBcc: someone@evil.example`,
          text,
          html,
          unsubscribeUrl: 'https://firm.example/unsubscribe/abc',
        },
        { id: '0b9f8d0e-0000-4000-8000-000000000001', kind: 'alert' },
      );
      const [mail] = smtp.received;
      // The server may show an internationalised domain either way.
      expect(mail?.envelope.from).toBe('noreply@firm.example');
      expect(['jorg@xn--bcher-kva.example', 'jorg@bücher.example']).toContain(mail?.envelope.to[0]);
      const parsed = mail!.parsed;
      expect(parsed.from).toEqual({ name: 'Ambassador', address: 'noreply@firm.example' });
      expect(parsed.to).toEqual([{ name: "Jörg van 't Hoff", address: 'jorg@xn--bcher-kva.example' }]);
      expect(parsed.replyTo).toEqual([{ name: 'Marieke "de baas" Jansen', address: 'marieke@firm.example' }]);
      // One line, whatever the subject held: no header can be smuggled in.
      expect(parsed.subject).toBe(
        '[\u2212] Negatieve ambassadeur: Zoë Ñúñez, Gemeente Utrecht. Bel binnen één werkdag, ook als dit onderwerp lang is Bcc: someone@evil.example',
      );
      expect(parsed.headers.some((header) => header.key === 'bcc')).toBe(false);
      expect(parsed.messageId).toBe('<alert-0b9f8d0e-0000-4000-8000-000000000001@firm.example>');
      // (The parser ends each part with the line break before the next boundary.)
      expect(parsed.text).toBe(`${text}\n`);
      expect(parsed.html?.trimEnd()).toBe(html);
      const headers = Object.fromEntries(parsed.headers.map((header) => [header.key, header.value]));
      expect(headers).toMatchObject({
        'auto-submitted': 'auto-generated',
        'list-unsubscribe': '<https://firm.example/unsubscribe/abc>',
        'list-unsubscribe-post': 'List-Unsubscribe=One-Click',
        'mime-version': '1.0',
      });
      expect(Number.isNaN(Date.parse(headers.date ?? ''))).toBe(false);
      // Every line within SMTP's limit, and nothing but ASCII on the wire.
      const raw = mail!.raw.toString('latin1');
      expect(raw.split('\r\n').every((line) => line.length <= 78)).toBe(true);
      expect(mail!.raw.every((byte) => byte === 0x09 || byte === 0x0a || byte === 0x0d || (byte >= 0x20 && byte <= 0x7e))).toBe(true);
    } finally {
      mailer.close();
      await smtp.close();
    }
  });
});
