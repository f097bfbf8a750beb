import { runScheduler } from '@ambassador/scheduler/test/scheduler';
import type { Database } from '@ambassador/db/database';
import { addFollowUpStep } from '@ambassador/db/follow-ups';
import { Browser, buildManagement } from '@ambassador/management/test/management-app';
import { testLinks } from '@ambassador/notifier/test/notifier';
import type { ReceivedMail, TestSmtpServer } from '@ambassador/testing/smtp-server';
import { describe, expect, vi } from 'vitest';
import { type Answer, authorized, deliveriesDrained, deliveriesOf, type Pipeline, runTasksAt, test } from './pipeline.ts';

/**
 * The firm of these tests (the pipeline seeds Marieke ← Anton with project P-100):
 *   Dirk ← Marieke ← Anton (P-100, Gemeente Utrecht) and Bea (P-101, Waterschap Rivierenland)
 *   Olga ← Xavier (P-300, Buitenstaander BV): another tree
 * Digests are due from Monday 08:00 in Amsterdam and report on the calendar week before.
 */
async function seedTeams(pipeline: Pipeline): Promise<void> {
  const put = async (url: string, payload: object) => {
    const response = await pipeline.ingest.app.inject({ method: 'PUT', url, headers: authorized, payload });
    expect(response.statusCode, url).toBe(200);
  };
  await put('/api/v1/employees/dir', { name: 'Dirk Directeur', email: 'dirk@firm.example' });
  await put('/api/v1/employees/mgr-1', { name: 'Marieke de Vries', email: 'marieke@firm.example', managerId: 'dir' });
  await put('/api/v1/employees/am-2', { name: 'Bea Bos', email: 'bea@firm.example', managerId: 'mgr-1' });
  await put('/api/v1/employees/olga', { name: 'Olga Overkant', email: 'olga@firm.example', locale: 'en' });
  await put('/api/v1/employees/xavier', { name: 'Xavier Xander', email: 'xavier@firm.example', managerId: 'olga' });
  const project = (name: string, clientId: string, clientName: string, accountManagerId: string) => ({
    name,
    client: { id: clientId, name: clientName },
    contact: { name: `Contact ${clientName}`, email: `contact@${clientId}.example` },
    accountManagerId,
  });
  await put('/api/v1/projects/P-101', project('Dijkversterking', 'waterschap', 'Waterschap Rivierenland', 'am-2'));
  await put('/api/v1/projects/P-300', project('Loods', 'buiten', 'Buitenstaander BV', 'xavier'));
}

function by(name: string, projectId: string, answer: Omit<Answer, 'respondent' | 'projectId'>): Answer {
  return { ...answer, projectId, respondent: { name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@client.example` } };
}
const positive = { satisfaction: 'meer_dan_tevreden', wouldRecommend: true, wantsMoreServices: false } as const;
const negative = { satisfaction: 'ontevreden', wouldRecommend: false, wantsMoreServices: false } as const;
const neutral = { satisfaction: 'tevreden', wouldRecommend: true, wantsMoreServices: false } as const;

async function answer(pipeline: Pipeline, given: Answer): Promise<string> {
  const { status, id } = await pipeline.submit(given);
  expect(status).toBe(202);
  await pipeline.settled(id!);
  return id!;
}

async function step(db: Database, pipeline: Pipeline, responseId: string, status: 'in_progress' | 'done'): Promise<void> {
  await addFollowUpStep(db, {
    responseId,
    status,
    outcome: null,
    note: null,
    authorEmail: 'anton@firm.example',
    channel: 'web',
    createdAt: pipeline.clock.read(),
  });
}

function digestMails(smtp: TestSmtpServer, address?: string): ReceivedMail[] {
  return (address ? smtp.receivedBy(address) : smtp.received).filter((mail) => mail.parsed.messageId?.startsWith('<digest-'));
}

const MONDAY_07_59 = '2026-11-30T06:59:00Z';
const MONDAY_08_00 = '2026-11-30T07:00:00Z';
const NEXT_MONDAY_08_00 = '2026-12-07T07:00:00Z';

/** Last week (before the week of 23 November) and the week itself, as the digest of 30 November sees them. */
async function answerTwoWeeks(db: Database, pipeline: Pipeline): Promise<void> {
  pipeline.clock.now = new Date('2026-11-18T09:00:00Z');
  const handled = await answer(pipeline, by('Oud Afgehandeld', 'P-100', negative));
  const inHand = await answer(pipeline, by('Oud Lopend', 'P-101', positive));
  await step(db, pipeline, handled, 'done');
  await step(db, pipeline, inHand, 'in_progress');

  pipeline.clock.now = new Date('2026-11-24T09:00:00Z');
  await answer(pipeline, by('Piet Positief', 'P-100', { ...positive, wantsMoreServices: true }));
  await answer(pipeline, by('Nel Negatief', 'P-101', negative));
  await answer(pipeline, by('Nico Neutraal', 'P-100', neutral));
  await answer(pipeline, by('Otto Buiten', 'P-300', positive));
}

describe('the weekly digest', () => {
  test('goes to each manager from Monday 08:00 with the new + and − and the open follow-ups of their whole tree, by name', async ({
    pipeline,
    smtp,
    database: { db },
  }) => {
    await seedTeams(pipeline);
    await answerTwoWeeks(db, pipeline);

    await runTasksAt(pipeline, MONDAY_07_59);
    expect(await db.selectFrom('digests').select('managerId').execute()).toEqual([]);

    await runTasksAt(pipeline, MONDAY_08_00);
    await vi.waitFor(() => expect(digestMails(smtp)).toHaveLength(3));
    expect(digestMails(smtp).map((mail) => mail.envelope.to[0]).sort()).toEqual(['dirk@firm.example', 'marieke@firm.example', 'olga@firm.example']);

    // Marieke: Anton and Bea report to her. Dirk: the same people, one level further down.
    for (const address of ['marieke@firm.example', 'dirk@firm.example']) {
      const [mail] = digestMails(smtp, address);
      const text = mail!.parsed.text ?? '';
      expect(mail!.parsed.subject).toBe('Weekoverzicht Ambassador: 1 nieuwe +, 1 nieuwe \u2212, 3 open');
      expect(text).toContain('over maandag 23 november 2026 tot en met zondag 29 november 2026');
      expect(text).toMatch(/Nieuwe positieve ambassadeurs \(\+\): 1\n- Piet Positief, Gemeente Utrecht · project Riolering Oost · accountmanager Anton Bakker · hot lead\n/);
      expect(text).toMatch(/Nieuwe negatieve ambassadeurs \(\u2212\): 1\n- Nel Negatief, Waterschap Rivierenland · project Dijkversterking · accountmanager Bea Bos\n/);
      const open = text.slice(text.indexOf('Opvolging nog open: 3'));
      expect(open).toMatch(/- \[\+\] Oud Lopend, Waterschap Rivierenland · .* · in behandeling · beantwoord op 18 nov 2026/);
      expect(open).toContain('- [+] Piet Positief');
      expect(open).toContain('- [\u2212] Nel Negatief');
      for (const outside of ['Oud Afgehandeld', 'Nico Neutraal', 'Otto Buiten']) expect(text).not.toContain(outside);
      expect(mail!.parsed.html).toContain('Piet Positief, Gemeente Utrecht</a>');
    }
    const [toOlga] = digestMails(smtp, 'olga@firm.example');
    expect(toOlga!.parsed.subject).toBe('Ambassador weekly digest: 1 new +, 0 new \u2212, 1 open');
    expect(toOlga!.parsed.text).toContain('Otto Buiten, Buitenstaander BV');
    expect(toOlga!.parsed.text).not.toContain('Piet Positief');

    const [toMarieke] = digestMails(smtp, 'marieke@firm.example');
    const digest = await db.selectFrom('digests').select('id').where('managerId', '=', 'mgr-1').executeTakeFirstOrThrow();
    // The SMTP server has it before the notifier records the 250: wait for the record.
    const delivery = await vi.waitFor(async () => {
      const found = (await deliveriesOf(db, 'digest')).find((candidate) => candidate.digestId === digest.id);
      expect(found?.status).toBe('sent');
      return found;
    });
    expect(toMarieke!.parsed.messageId).toBe(`<digest-${delivery!.id}@ambassador.test>`);
    const listUnsubscribe = toMarieke!.parsed.headers.find((header) => header.key === 'list-unsubscribe')?.value;
    expect(listUnsubscribe).toBe(`<${testLinks.digestUnsubscribe('mgr-1', 0)}>`);
    // RFC 8058: the mail provider's unsubscribe button POSTs; a GET of the link only shows a page.
    expect(toMarieke!.parsed.headers.find((header) => header.key === 'list-unsubscribe-post')?.value).toBe('List-Unsubscribe=One-Click');
    expect(toMarieke!.parsed.text).toContain(testLinks.digestUnsubscribe('mgr-1', 0));
    // Nobody without reports gets one.
    expect(digestMails(smtp, 'anton@firm.example')).toEqual([]);
  });

  test('is sent once per manager and week, however many runs and schedulers, and again the next week', async ({
    pipeline,
    smtp,
    database,
    redis,
    logger,
  }) => {
    await answer(pipeline, by('Nel Negatief', 'P-100', negative));
    const secondScheduler = await runScheduler({ database, redis, logger }, { clock: pipeline.clock });
    try {
      pipeline.clock.now = new Date(MONDAY_08_00);
      const runs = await Promise.all([pipeline.scheduler.runNow(), secondScheduler.runNow()]);
      // One recorded it; the other found it recorded, or the task running in the first (and ran nothing).
      expect(runs.map((result) => result.digestsRecorded ?? 0).sort()).toEqual([0, 1]);
      for (let run = 0; run < 3; run += 1) await pipeline.scheduler.runNow();
      await runTasksAt(pipeline, '2026-12-03T15:00:00Z');
      const [delivery] = await deliveriesOf(database.db, 'digest');
      await pipeline.classifier.producer.enqueueDeliveries([{ ...delivery!, dueAt: pipeline.clock.read() }], pipeline.clock.read());
      await deliveriesDrained(pipeline);
      expect(digestMails(smtp, 'marieke@firm.example')).toHaveLength(1);
      expect(await database.db.selectFrom('digests').select('managerId').execute()).toEqual([{ managerId: 'mgr-1' }]);
      expect(await deliveriesOf(database.db, 'digest')).toMatchObject([{ status: 'sent', attempts: 1 }]);

      // The next week the response is still without follow-up: a second digest, listing it as open only.
      await runTasksAt(pipeline, NEXT_MONDAY_08_00);
      await vi.waitFor(() => expect(digestMails(smtp, 'marieke@firm.example')).toHaveLength(2));
      expect(digestMails(smtp, 'marieke@firm.example')[1]!.parsed.subject).toBe('Weekoverzicht Ambassador: 0 nieuwe +, 0 nieuwe \u2212, 1 open');
    } finally {
      await secondScheduler.close();
    }
  });

  test('is not sent for a week with nothing new and nothing open', async ({ pipeline, smtp, database: { db } }) => {
    pipeline.clock.now = new Date('2026-11-24T09:00:00Z');
    await answer(pipeline, by('Nico Neutraal', 'P-100', neutral));
    const handled = await answer(pipeline, by('Piet Positief', 'P-100', positive));
    await step(db, pipeline, handled, 'done');
    // The only + response of the week is new, so that week's digest is still due ...
    await runTasksAt(pipeline, MONDAY_08_00);
    await vi.waitFor(() => expect(digestMails(smtp)).toHaveLength(1));
    // ... but the week after has nothing new and nothing open.
    await runTasksAt(pipeline, NEXT_MONDAY_08_00);
    expect(await db.selectFrom('digests').select('weekStart').execute()).toHaveLength(1);
  });

  test('stops after the manager presses the button of the unsubscribe link in it; opening it or a tampered link changes nothing', async ({
    pipeline,
    smtp,
    database,
    redis,
    logger,
  }) => {
    await seedTeams(pipeline);
    await answer(pipeline, by('Nel Negatief', 'P-101', negative));
    await runTasksAt(pipeline, MONDAY_08_00);
    await vi.waitFor(() => expect(digestMails(smtp)).toHaveLength(2));
    const link = /http:\/\/management\.test(\/digest\/unsubscribe\/\S+)/.exec(digestMails(smtp, 'marieke@firm.example')[0]!.parsed.text ?? '')![1]!;

    const management = await buildManagement({ database, redis, logger }, { clock: pipeline.clock });
    try {
      const tampered = `${link.slice(0, -1)}${link.endsWith('A') ? 'B' : 'A'}`;
      expect((await management.app.inject({ method: 'GET', url: tampered })).statusCode).toBe(404);
      const forDirk = link.replace('/mgr-1.', '/dir.');
      expect((await management.app.inject({ method: 'GET', url: forDirk })).statusCode).toBe(404);
      expect(await optedOut(database.db)).toEqual([]);

      const browser = new Browser(management.app);
      const page = await browser.get(link);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain('Wil je het wekelijkse overzicht niet meer ontvangen op <strong>marieke@firm.example</strong>?');
      expect(await optedOut(database.db)).toEqual([]);
      const pressed = await browser.pressButton();
      expect((await browser.get(pressed.headers.location!)).body).toContain('Je ontvangt het wekelijkse overzicht niet meer.');
      expect(await optedOut(database.db)).toEqual(['mgr-1']);
    } finally {
      await management.close();
    }

    await runTasksAt(pipeline, NEXT_MONDAY_08_00);
    await vi.waitFor(() => expect(digestMails(smtp, 'dirk@firm.example')).toHaveLength(2));
    await deliveriesDrained(pipeline);
    expect(digestMails(smtp, 'marieke@firm.example')).toHaveLength(1);
  });

  test('stops and starts again through the API; a PUT that leaves the field out keeps the opt-out', async ({ pipeline, smtp }) => {
    const putMarieke = (extra: object) =>
      pipeline.ingest.app.inject({
        method: 'PUT',
        url: '/api/v1/employees/mgr-1',
        headers: authorized,
        payload: { name: 'Marieke de Vries', email: 'marieke@firm.example', ...extra },
      });
    await answer(pipeline, by('Nel Negatief', 'P-100', negative));
    expect((await putMarieke({ digestOptOut: true })).json()).toMatchObject({ digestOptOut: true });

    await runTasksAt(pipeline, MONDAY_08_00);
    // A nightly CRM sync that does not know the field.
    expect((await putMarieke({})).json()).toMatchObject({ digestOptOut: true });
    await runTasksAt(pipeline, NEXT_MONDAY_08_00);
    await deliveriesDrained(pipeline);
    expect(digestMails(smtp)).toEqual([]);

    expect((await putMarieke({ digestOptOut: false })).json()).toMatchObject({ digestOptOut: false });
    await runTasksAt(pipeline, '2026-12-14T07:00:00Z');
    await vi.waitFor(() => expect(digestMails(smtp, 'marieke@firm.example')).toHaveLength(1));
  });

  test('is withdrawn when the manager opts out between recording and sending', async ({ pipeline, smtp, database: { db } }) => {
    await answer(pipeline, by('Nel Negatief', 'P-100', negative));
    await pipeline.notifier!.pause();
    await runTasksAt(pipeline, MONDAY_08_00);
    expect(await deliveriesOf(db, 'digest')).toMatchObject([{ status: 'pending' }]);
    await db.updateTable('employees').set({ digestOptOut: true }).where('id', '=', 'mgr-1').execute();
    await pipeline.notifier!.resume();
    await deliveriesDrained(pipeline);
    expect(await deliveriesOf(db, 'digest')).toMatchObject([{ status: 'cancelled', lastError: 'the manager opted out' }]);
    expect(digestMails(smtp)).toEqual([]);
  });

  test('queues again a digest that is recorded but whose job Redis lost', async ({ pipeline, smtp, database: { db } }) => {
    await answer(pipeline, by('Nel Negatief', 'P-100', negative));
    await pipeline.notifier!.pause();
    await runTasksAt(pipeline, MONDAY_08_00);
    await pipeline.classifier.producer.queue('deliver-email').obliterate({ force: true });
    await pipeline.notifier!.resume();

    // The digest, and the escalation of the response that fell due in the same run.
    expect((await pipeline.scheduler.runNow()).messagesQueued).toBe(2);
    await vi.waitFor(() => expect(digestMails(smtp)).toHaveLength(1));
    await vi.waitFor(async () => expect(await deliveriesOf(db, 'digest')).toMatchObject([{ status: 'sent' }]));
    await deliveriesDrained(pipeline);
    expect((await pipeline.scheduler.runNow()).messagesQueued).toBe(0);
  });
});

async function optedOut(db: Database): Promise<string[]> {
  const rows = await db.selectFrom('employees').select('id').where('digestOptOut', '=', true).orderBy('id').execute();
  return rows.map((row) => row.id);
}
