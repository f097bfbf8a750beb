import { startTestSmtpServer, type TestSmtpServer } from '@ambassador/testing/smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, type Mailer } from '../src/transports/email.ts';

describe('the mailer', () => {
  let smtp: TestSmtpServer;
  let mailer: Mailer;
  beforeAll(async () => {
    smtp = await startTestSmtpServer();
    mailer = createMailer({ smtpUrl: smtp.url, requireTls: false, from: 'Ambassador <noreply@ambassador.test>', poolSize: 1 });
  });
  afterAll(async () => {
    mailer.close();
    await smtp.close();
  });

  it('writes names, subject and both parts so that a mail reader gets back exactly what was rendered', async () => {
    const text = `Hallo Zoë,\n\nEén regel met = en een punt:\n.\nEn een lange regel: ${'woord '.repeat(40)}\n−  spaties aan het eind   \nLaatste regel`;
    const html = `<p>Zoë &amp; co: <a href="https://example.test/r/abc?x=1&amp;y=2">bekijk</a></p>\n<p>${'lang '.repeat(60)}</p>`;
    const subject = `[\u2212] Negatieve ambassadeur: "Zoë" O'Brien, Bakker & Zonen. Bel binnen één werkdag ${'lang '.repeat(10)}`;
    const accepted = await mailer.send(
      {
        from: { name: 'Ingenieursbureau "De Brug", Utrecht', address: 'noreply@ambassador.test' },
        to: { name: 'Zoë de Vries-Ångström', address: 'zoe@bücher.example' },
        replyTo: { name: 'Anton Bakker', address: 'anton@firm.example' },
        subject,
        text,
        html,
        unsubscribeUrl: 'https://manage.example.test/digest/unsubscribe?token=abc',
      },
      { id: '0195e6a0-0000-7000-8000-000000000001', kind: 'login_link' },
    );
    expect(accepted.reply).toMatch(/^250/u);
    const [mail] = smtp.received;
    // The domain goes out as punycode; smtp-server reports the envelope's decoded.
    expect(mail!.envelope).toEqual({ from: 'noreply@ambassador.test', to: ['zoe@bücher.example'] });
    expect(mail!.raw.toString('latin1')).toContain('<zoe@xn--bcher-kva.example>');
    const parsed = mail!.parsed;
    expect(parsed.from).toEqual({ name: 'Ingenieursbureau "De Brug", Utrecht', address: 'noreply@ambassador.test' });
    expect(parsed.to).toEqual([{ name: 'Zoë de Vries-Ångström', address: 'zoe@xn--bcher-kva.example' }]);
    expect(parsed.replyTo).toEqual([{ name: 'Anton Bakker', address: 'anton@firm.example' }]);
    expect(parsed.subject).toBe(subject);
    expect(parsed.messageId).toBe('<login-link-0195e6a0-0000-7000-8000-000000000001@ambassador.test>');
    // postal-mime keeps the line break before a part's boundary (it does so with MailComposer's too).
    expect(parsed.text).toBe(`${text}\n`);
    expect(parsed.html).toBe(`${html}\n`);
    const header = (key: string) => parsed.headers.find((line) => line.key === key)?.value;
    expect(header('auto-submitted')).toBe('auto-generated');
    expect(header('list-unsubscribe')).toBe('<https://manage.example.test/digest/unsubscribe?token=abc>');
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(new Date(parsed.date!).getTime()).toBeGreaterThan(Date.now() - 60_000);
    // Every line within the 998 characters SMTP allows, and within 78 as RFC 5322 asks.
    expect(Math.max(...mail!.raw.toString('latin1').split('\r\n').map((line) => line.length))).toBeLessThanOrEqual(78);
  });

  it('writes the configured sender when the message names none, no Reply-To, and no header smuggled in a subject or name', async () => {
    await mailer.send(
      { to: { name: 'Anton\r\nBcc: mallory@evil.example', address: 'anton@firm.example' }, subject: 'Inloggen\r\nBcc: mallory@evil.example', text: 'Hallo', html: '<p>Hallo</p>' },
      { id: '0195e6a0-0000-7000-8000-000000000002', kind: 'alert' },
    );
    const mail = smtp.received.at(-1)!;
    expect(mail.parsed.from).toEqual({ name: 'Ambassador', address: 'noreply@ambassador.test' });
    expect(mail.parsed.replyTo).toBeUndefined();
    expect(mail.parsed.headers.some((line) => line.key === 'list-unsubscribe' || line.key === 'bcc')).toBe(false);
    expect(mail.envelope.to).toEqual(['anton@firm.example']);
  });
});
