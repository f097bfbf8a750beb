import { describe, expect } from 'vitest';
import { authorized, test } from './pipeline.ts';

describe('a response, from the API to the alert e-mails', () => {
  test('alerts the account manager and their manager, once each, about a positive ambassador', async ({ pipeline, smtp }) => {
    const { id } = await pipeline.submit({
      satisfaction: 'meer_dan_tevreden',
      wouldRecommend: true,
      wantsMoreServices: true,
      motivation: 'Uitstekend projectmanagement <b>echt</b>.',
    });
    const state = await pipeline.settled(id!);

    expect(state.group).toBe('positive');
    const sentByEmail = { channel: 'email', status: 'sent', sentAt: expect.any(String) as unknown, deliveredAt: null };
    expect(state.alerts).toEqual([
      { role: 'account_manager', email: 'anton@firm.example', status: 'sent', sentAt: expect.any(String) as unknown, deliveries: [sentByEmail] },
      { role: 'manager', email: 'marieke@firm.example', status: 'sent', sentAt: expect.any(String) as unknown, deliveries: [sentByEmail] },
    ]);
    expect(smtp.received).toHaveLength(2);

    const [toAccountManager] = smtp.receivedBy('anton@firm.example');
    const [toManager] = smtp.receivedBy('marieke@firm.example');
    for (const mail of [toAccountManager!, toManager!]) {
      expect(mail.parsed.subject).toBe('[+] Hot lead: Jan Jansen, Gemeente Utrecht');
      expect(mail.parsed.from).toMatchObject({ address: 'noreply@ambassador.test' });
      expect(mail.parsed.messageId).toMatch(/^<alert-[0-9a-f-]{36}@ambassador\.test>$/);
      expect(mail.parsed.text).toContain('Jan Jansen <jan.jansen@utrecht.example>');
      expect(mail.parsed.text).toContain('Riolering Oost');
      expect(mail.parsed.text).toContain('Tevredenheid: meer dan tevreden');
      expect(mail.parsed.text).toContain('Uitstekend projectmanagement <b>echt</b>.');
      expect(mail.parsed.html).toContain('Uitstekend projectmanagement &lt;b&gt;echt&lt;/b&gt;.');
      expect(mail.parsed.text).toContain(`http://management.test/responses/${id!}`);
      expect(mail.parsed.text).toMatch(/Ik pak dit op: http:\/\/management\.test\/ack\/[0-9a-f-]{36}\.[A-Za-z0-9_-]{43}/);
    }
    expect(toAccountManager!.parsed.to).toEqual([{ name: 'Anton Bakker', address: 'anton@firm.example' }]);
    expect(toManager!.parsed.text).toContain('leidinggevende van Anton Bakker');
    expect(toAccountManager!.parsed.messageId).not.toBe(toManager!.parsed.messageId);
  });

  test('alerts only the account manager about a negative ambassador when they have no manager', async ({ pipeline, smtp }) => {
    const put = (url: string, payload: object) => pipeline.ingest.app.inject({ method: 'PUT', url, headers: authorized, payload });
    await put('/api/v1/employees/solo', { name: 'Sanne Solo', email: 'sanne@firm.example', locale: 'en' });
    await put('/api/v1/projects/P-200', {
      name: 'Kademuur',
      client: { id: 'havenbedrijf', name: 'Havenbedrijf' },
      contact: { name: 'Kees Kade', email: 'kees@haven.example' },
      accountManagerId: 'solo',
    });
    const { id } = await pipeline.submit({ projectId: 'P-200', satisfaction: 'ontevreden', wouldRecommend: false, wantsMoreServices: false });
    const state = await pipeline.settled(id!);

    expect(state.group).toBe('negative');
    expect(state.alerts.map((alert) => alert.role)).toEqual(['account_manager']);
    expect(smtp.received).toHaveLength(1);
    const [mail] = smtp.receivedBy('sanne@firm.example');
    expect(mail!.parsed.subject).toBe('[\u2212] Negative ambassador: Kees Kade, Havenbedrijf. Call within one working day');
    expect(mail!.parsed.text).toContain('Call Kees Kade within one working day');
  });

  test('sends no e-mail at all about a neutral response', async ({ pipeline, smtp }) => {
    const { id } = await pipeline.submit({ satisfaction: 'tevreden', wouldRecommend: true, wantsMoreServices: true });
    const state = await pipeline.settled(id!);

    expect(state).toMatchObject({ group: 'neutral', alerts: [] });
    // Classified with no alert rows, and nothing left on the e-mail queue that could still send one.
    const counts = await pipeline.classifier.producer.queue('deliver-email').getJobCounts('waiting', 'active', 'delayed', 'prioritized');
    expect(Object.values(counts).every((count) => count === 0)).toBe(true);
    expect(smtp.attempts).toEqual([]);
  });

  test('classifies more than satisfied without a recommendation as neutral, with no e-mail', async ({ pipeline, smtp }) => {
    const { id } = await pipeline.submit({ satisfaction: 'meer_dan_tevreden', wouldRecommend: false, wantsMoreServices: true });
    expect(await pipeline.settled(id!)).toMatchObject({ group: 'neutral', alerts: [] });
    expect(smtp.attempts).toEqual([]);
  });
});
