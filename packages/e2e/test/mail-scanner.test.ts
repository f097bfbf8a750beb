import { Browser, buildManagement } from '@ambassador/management/test/management-app';
import { TEST_MANAGEMENT_BASE_URL, TEST_PUBLIC_BASE_URL } from '@ambassador/testing/clock';
import type { ReceivedMail } from '@ambassador/testing/smtp-server';
import { snapshotOf } from '@ambassador/testing/snapshot';
import { describe, expect, vi } from 'vitest';
import { authorized, deliveriesDrained, runTasksAt, test } from './pipeline.ts';

/**
 * Corporate mail gateways (Safe Links, Mimecast, Proofpoint) open every link of every message
 * with GET and HEAD the moment it arrives. This test makes the system send every kind of
 * e-mail it sends, opens every link in them as such a gateway does, and checks that nothing
 * stored changed; then it presses each page's button and checks that the person gets what
 * the link is for.
 */

const KINDS = ['invitation', 'reminder', 'alert', 'login', 'escalation', 'digest'] as const;
type Kind = (typeof KINDS)[number];

function kindOf(mail: ReceivedMail): Kind {
  const kind = /^<([a-z]+)-/.exec(mail.parsed.messageId ?? '')?.[1];
  if (!KINDS.includes(kind as Kind)) throw new Error(`a message of unknown kind: ${mail.parsed.messageId ?? '(no Message-ID)'}`);
  return kind as Kind;
}

const entities: Record<string, string> = { '&amp;': '&', '&quot;': '"', '&#39;': "'", '&lt;': '<', '&gt;': '>' };

/** Every http(s) link of a message: in its text part, its HTML part and its List-Unsubscribe header. */
function linksOf(mail: ReceivedMail): string[] {
  const inText = (mail.parsed.text ?? '').match(/https?:\/\/[^\s<>"]+/g) ?? [];
  const inHtml = [...(mail.parsed.html ?? '').matchAll(/href="([^"]*)"/g)].map((match) => match[1]!.replace(/&[a-z0-9#]+;/g, (entity) => entities[entity] ?? entity));
  const inHeader = (mail.parsed.headers.find((header) => header.key === 'list-unsubscribe')?.value ?? '').match(/https?:\/\/[^>]+/g) ?? [];
  return [...inText, ...inHtml, ...inHeader];
}

describe('a mail scanner', () => {
  test('opens every link of every e-mail the system sends (GET and HEAD) without changing anything; the buttons still do what the links are for', async ({
    pipeline,
    smtp,
    database,
    redis,
    logger,
  }) => {
    const { db } = database;
    const management = await buildManagement({ database, redis, logger }, { clock: pipeline.clock, adminEmails: [] });
    try {
      // Marieke reads English; Anton and the client Dutch.
      await pipeline.ingest.app.inject({
        method: 'PUT',
        url: '/api/v1/employees/mgr-1',
        headers: authorized,
        payload: { name: 'Marieke de Vries', email: 'marieke@firm.example', locale: 'en' },
      });

      // Monday 23 November: the project closes (invitation), and a − response comes in through the API (two alerts).
      const closed = await pipeline.ingest.app.inject({ method: 'POST', url: '/api/v1/projects/P-100/close', headers: authorized });
      const invitationId = closed.json<{ invitation: { id: string } }>().invitation.id;
      const { id: responseId } = await pipeline.submit({
        satisfaction: 'ontevreden',
        wouldRecommend: false,
        wantsMoreServices: false,
        motivation: 'Te laat opgeleverd.',
        respondent: { name: 'Piet Pieters', email: 'piet@utrecht.example' },
      });
      await pipeline.settled(responseId!);
      // Wednesday: nobody followed it up within two working days (escalation to Marieke).
      await runTasksAt(pipeline, '2026-11-25T09:00:00Z');
      // Monday 30 November, 08:00 in Amsterdam: Marieke's weekly digest.
      await runTasksAt(pipeline, '2026-11-30T07:00:00Z');
      // 10:00: the reminder to the client is due (the test lets the delayed job go now).
      pipeline.clock.now = new Date('2026-11-30T09:00:00Z');
      const reminderDelivery = await database.db
        .selectFrom('deliveries')
        .select('id')
        .where('invitationId', '=', invitationId)
        .where('kind', '=', 'reminder')
        .executeTakeFirstOrThrow();
      const reminder = await vi.waitFor(async () => {
        const job = await pipeline.classifier.producer.queue('deliver-email').getJob(`delivery-${reminderDelivery.id}`);
        expect(job).toBeDefined();
        return job!;
      });
      await reminder.promote();
      // Anton asks for a login link.
      const asking = new Browser(management.app);
      await asking.get('/login');
      await asking.post('/login', { email: 'anton@firm.example' });

      await vi.waitFor(() => expect(smtp.received).toHaveLength(7), { timeout: 10_000 });
      await deliveriesDrained(pipeline);
      const mails = smtp.received;
      expect(mails.map(kindOf).sort()).toEqual(['alert', 'alert', 'digest', 'escalation', 'invitation', 'login', 'reminder']);

      // Every link, of every message, each once.
      const links = [...new Set(mails.flatMap(linksOf))];
      const byKind = (kind: Kind) => mails.filter((mail) => kindOf(mail) === kind).flatMap(linksOf);
      for (const kind of KINDS) expect(byKind(kind).length, kind).toBeGreaterThan(0);
      for (const link of links) expect(link.startsWith(`${TEST_PUBLIC_BASE_URL}/`) || link.startsWith(`${TEST_MANAGEMENT_BASE_URL}/`), link).toBe(true);
      const serviceOf = (link: string) => (link.startsWith(TEST_PUBLIC_BASE_URL) ? pipeline.ingest.app : management.app);
      const pathOf = (link: string) => {
        const url = new URL(link);
        return `${url.pathname}${url.search}`;
      };
      const linkTo = (prefix: string) => links.filter((link) => pathOf(link).startsWith(prefix));
      expect(linkTo('/ack/')).toHaveLength(2);
      expect(linkTo('/login/')).toHaveLength(1);
      expect(linkTo('/digest/unsubscribe/')).toHaveLength(1);
      // The form, and the same form with each answer to the first question (the buttons in the invitation and the reminder).
      expect(linkTo('/s/').map((link) => new URL(link).search).sort()).toEqual(['', '?satisfaction=meer_dan_tevreden', '?satisfaction=ontevreden', '?satisfaction=tevreden']);

      // The scanner: GET and HEAD of each, no cookies, as fast as it can.
      const before = await snapshotOf(db);
      for (const link of links) {
        for (const method of ['GET', 'HEAD'] as const) {
          const answer = await serviceOf(link).inject({ method, url: pathOf(link) });
          expect(answer.statusCode, `${method} ${link}`).toBeLessThan(400);
        }
      }
      expect(await snapshotOf(db)).toEqual(before);

      // The people: each presses the button of the page their link opens (a same-origin POST).
      const press = async (link: string, who: Browser = new Browser(management.app)) => {
        expect((await who.get(pathOf(link))).statusCode, link).toBe(200);
        const pressed = await who.pressButton();
        expect(pressed.statusCode, link).toBe(303);
        return pressed;
      };
      const ackOf = (address: string) => {
        const alert = mails.find((mail) => kindOf(mail) === 'alert' && mail.envelope.to.includes(address));
        return linksOf(alert!).find((link) => pathOf(link).startsWith('/ack/'))!;
      };

      await press(ackOf('anton@firm.example'));
      expect(await db.selectFrom('followUpSteps').select(['status', 'authorEmail', 'channel']).execute()).toEqual([
        { status: 'in_progress', authorEmail: 'anton@firm.example', channel: 'email' },
      ]);
      await press(ackOf('marieke@firm.example'));
      expect(await db.selectFrom('alerts').select('acknowledgedAt').where('acknowledgedAt', 'is', null).execute()).toEqual([]);
      expect(await db.selectFrom('followUpSteps').select('id').execute()).toHaveLength(1);

      const anton = new Browser(management.app);
      expect((await press(linkTo('/login/')[0]!, anton)).headers.location).toBe('/');
      expect((await anton.get('/register?group=negative')).body).toContain('Piet Pieters');

      await press(linkTo('/digest/unsubscribe/')[0]!);
      expect(await db.selectFrom('employees').select('id').where('digestOptOut', '=', true).execute()).toEqual([{ id: 'mgr-1' }]);

      // The client's link opens the form, as it did; answering it is the form's own submit (invitations.test.ts).
      for (const link of linkTo('/s/')) {
        const form = (await pipeline.ingest.app.inject({ method: 'GET', url: pathOf(link) })).body;
        expect(form).toContain('name="satisfaction"');
        const chosen = new URL(link).searchParams.get('satisfaction');
        if (chosen) expect(form).toContain(`value="${chosen}" required checked`);
      }
    } finally {
      await management.close();
    }
  });
});
