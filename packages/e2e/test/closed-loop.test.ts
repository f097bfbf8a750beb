import { buildManagement, Browser } from '@ambassador/management/test/management-app';
import { describe, expect, vi } from 'vitest';
import { authorized, test } from './pipeline.ts';

const negative = { satisfaction: 'ontevreden', wouldRecommend: false, wantsMoreServices: false, motivation: 'Opnieuw te laat.' } as const;

describe('the closed loop, from the alert e-mail to the API', () => {
  test('the account manager logs in from an e-mail, sees the − client by name, acknowledges from the alert, and the API shows it', async ({
    pipeline,
    smtp,
    database,
    redis,
    logger,
  }) => {
    const management = await buildManagement({ database, redis, logger }, { clock: pipeline.clock, adminEmails: [] });
    try {
      const { id } = await pipeline.submit(negative);
      await pipeline.settled(id!);
      const alert = smtp.receivedBy('anton@firm.example')[0]!;
      const acknowledge = /Ik pak dit op: http:\/\/management\.test(\/ack\/\S+)/.exec(alert.parsed.text ?? '')![1]!;
      const responseLink = /Bekijk de reactie: http:\/\/management\.test(\/responses\/\S+)/.exec(alert.parsed.text ?? '')![1]!;

      // The link in the e-mail opens a page; its button, no login needed, puts the follow-up in progress.
      const anonymous = new Browser(management.app);
      expect((await anonymous.get(acknowledge)).statusCode).toBe(200);
      expect((await anonymous.pressButton()).statusCode).toBe(303);
      const api = await pipeline.ingest.app.inject({ method: 'GET', url: `/api/v1/responses/${id!}`, headers: authorized });
      expect(api.json()).toMatchObject({ followUp: { status: 'in_progress', updatedAt: pipeline.clock.now.toISOString() } });

      // The login link travels by e-mail through the notifier, like every other message.
      const browser = new Browser(management.app);
      await browser.get('/login');
      expect((await browser.post('/login', { email: 'anton@firm.example' })).headers.location).toBe('/login/sent');
      const loginMail = await vi.waitFor(() => {
        const mail = smtp.receivedBy('anton@firm.example').find((candidate) => candidate.parsed.subject === 'Je inloglink voor Ambassador');
        expect(mail).toBeDefined();
        return mail!;
      });
      const loginLink = /http:\/\/management\.test(\/login\/[A-Za-z0-9_-]{43})/.exec(loginMail.parsed.text ?? '')![1]!;
      expect((await browser.get(loginLink)).body).toContain('<strong>anton@firm.example</strong>');
      expect((await browser.pressButton()).headers.location).toBe('/');

      const register = await browser.get('/register?group=negative');
      expect(register.body).toContain('Jan Jansen');
      expect(register.body).toMatch(/<td>In behandeling<\/td>/);
      const page = await browser.get(responseLink);
      expect(page.body).toContain('Opnieuw te laat.');
      expect(page.body).toContain('via de link in de e-mail');

      // An hour later (sessions last 12 hours).
      pipeline.clock.advanceDays(1 / 24);
      const recorded = await browser.post(`${responseLink}/follow-up`, { status: 'done', outcome: 'recovered', note: 'Gebeld, excuses, planning bijgesteld.' });
      expect(recorded.headers.location).toBe(`${responseLink}?saved=1`);
      const after = await pipeline.ingest.app.inject({ method: 'GET', url: `/api/v1/responses/${id!}`, headers: authorized });
      expect(after.json()).toMatchObject({ followUp: { status: 'done', updatedAt: pipeline.clock.now.toISOString() } });

      // The account manager's manager sees it too: that is why they were alerted.
      const manager = await logInThroughMail(management, smtp, 'marieke@firm.example');
      const managerPage = await manager.get(responseLink);
      expect(managerPage.statusCode).toBe(200);
      expect(managerPage.body).toContain('Gebeld, excuses, planning bijgesteld.');
    } finally {
      await management.close();
    }
  });
});

async function logInThroughMail(
  management: Awaited<ReturnType<typeof buildManagement>>,
  smtp: { receivedBy(address: string): { parsed: { subject?: string; text?: string } }[] },
  email: string,
): Promise<Browser> {
  const browser = new Browser(management.app);
  await browser.get('/login');
  await browser.post('/login', { email });
  const mail = await vi.waitFor(() => {
    const found = smtp.receivedBy(email).find((candidate) => candidate.parsed.subject === 'Je inloglink voor Ambassador');
    expect(found).toBeDefined();
    return found!;
  });
  await browser.get(/http:\/\/management\.test(\/login\/[A-Za-z0-9_-]{43})/.exec(mail.parsed.text ?? '')![1]!);
  await browser.pressButton();
  return browser;
}
