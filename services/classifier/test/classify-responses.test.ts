import type { Database } from '@ambassador/db/database';
import { test } from '@ambassador/testing/fixtures';
import { describe, expect } from 'vitest';
import { classifyResponses } from '../src/classify-responses.ts';

const NOW = new Date('2026-11-23T09:00:00Z');

async function seed(db: Database, { withManager = true }: { withManager?: boolean } = {}): Promise<void> {
  if (withManager) await db.insertInto('employees').values({ id: 'mgr', name: 'Marieke', email: 'marieke@firm.example' }).execute();
  await db
    .insertInto('employees')
    .values({ id: 'am', name: 'Anton', email: 'anton@firm.example', managerId: withManager ? 'mgr' : null })
    .execute();
  await db.insertInto('clients').values({ id: 'c', name: 'Gemeente Utrecht' }).execute();
  const contact = await db.insertInto('contacts').values({ name: 'Jan', email: 'jan@utrecht.example' }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('projects').values({ id: 'p', name: 'Riolering', clientId: 'c', contactId: contact.id, accountManagerId: 'am' }).execute();
}

async function respond(
  db: Database,
  satisfaction: 'ontevreden' | 'tevreden' | 'meer_dan_tevreden',
  wouldRecommend: boolean,
  email = `r${Math.random()}@utrecht.example`,
): Promise<string> {
  const row = await db
    .insertInto('responses')
    .values({ projectId: 'p', respondentName: 'Jan', respondentEmail: email, satisfaction, wouldRecommend, wantsMoreServices: false })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

describe('classifying responses', () => {
  test('alerts no deactivated manager: someone who left gets no alerts as a manager', async ({ database: { db } }) => {
    await seed(db);
    await db.updateTable('employees').set({ active: false, deactivatedAt: NOW }).where('id', '=', 'mgr').execute();
    const id = await respond(db, 'ontevreden', false);
    await classifyResponses(db, [id], NOW);
    expect(await db.selectFrom('alerts').select(['role', 'employeeId']).execute()).toEqual([{ role: 'account_manager', employeeId: 'am' }]);
  });

  test('records group, rule version and one alert per recipient for a positive response', async ({ database: { db } }) => {
    await seed(db);
    const id = await respond(db, 'meer_dan_tevreden', true);
    const { records, deliveries } = await classifyResponses(db, [id], NOW);
    expect(records).toEqual([expect.objectContaining({ responseId: id, group: 'positive', ruleVersion: 1 })]);

    const response = await db.selectFrom('responses').select(['group', 'ruleVersion', 'classifiedAt']).where('id', '=', id).executeTakeFirstOrThrow();
    expect(response).toEqual({ group: 'positive', ruleVersion: 1, classifiedAt: NOW });
    const alerts = await db.selectFrom('alerts').select(['role', 'employeeId', 'email']).orderBy('role').execute();
    expect(alerts).toEqual([
      { role: 'account_manager', employeeId: 'am', email: 'anton@firm.example' },
      { role: 'manager', employeeId: 'mgr', email: 'marieke@firm.example' },
    ]);
    // Each alert's e-mail is stored with it, pending, and handed back for queueing.
    const emails = await db
      .selectFrom('deliveries')
      .innerJoin('alerts', 'alerts.id', 'deliveries.alertId')
      .select(['deliveries.id', 'deliveries.kind', 'deliveries.channel', 'deliveries.dueAt', 'deliveries.status', 'alerts.role'])
      .orderBy('alerts.role')
      .execute();
    expect(emails.map(({ role, kind, channel, status, dueAt }) => ({ role, kind, channel, status, dueAt }))).toEqual([
      { role: 'account_manager', kind: 'alert', channel: 'email', status: 'pending', dueAt: NOW },
      { role: 'manager', kind: 'alert', channel: 'email', status: 'pending', dueAt: NOW },
    ]);
    expect(deliveries.map((delivery) => delivery.id).sort()).toEqual(emails.map((email) => email.id).sort());
  });

  test('stores an SMS beside the e-mail for a recipient who asked for SMS alerts, in the same transaction', async ({ database: { db } }) => {
    await seed(db);
    await db.updateTable('employees').set({ phone: '+31612345678', alertChannels: ['email', 'sms'] }).where('id', '=', 'am').execute();
    // The manager did not ask for SMS: e-mail only.
    const id = await respond(db, 'ontevreden', false);
    const { deliveries } = await classifyResponses(db, [id], NOW);

    const stored = await db
      .selectFrom('deliveries')
      .innerJoin('alerts', 'alerts.id', 'deliveries.alertId')
      .select(['deliveries.id', 'deliveries.channel', 'deliveries.status', 'alerts.role'])
      .orderBy('alerts.role')
      .orderBy('deliveries.channel')
      .execute();
    expect(stored.map(({ role, channel, status }) => ({ role, channel, status }))).toEqual([
      { role: 'account_manager', channel: 'email', status: 'pending' },
      { role: 'account_manager', channel: 'sms', status: 'pending' },
      { role: 'manager', channel: 'email', status: 'pending' },
    ]);
    // Handed back for queueing, each on the queue of its channel.
    expect(deliveries.map(({ id, channel }) => ({ id, channel })).sort((a, b) => a.id.localeCompare(b.id))).toEqual(
      stored.map(({ id, channel }) => ({ id, channel })).sort((a, b) => a.id.localeCompare(b.id)),
    );
  });

  test('records a neutral group and no alerts', async ({ database: { db } }) => {
    await seed(db);
    const id = await respond(db, 'tevreden', true);
    await classifyResponses(db, [id], NOW);
    expect(await db.selectFrom('responses').select('group').executeTakeFirstOrThrow()).toEqual({ group: 'neutral' });
    expect(await db.selectFrom('alerts').select('id').execute()).toEqual([]);
  });

  test('alerts only the account manager of a negative response when there is no manager', async ({ database: { db } }) => {
    await seed(db, { withManager: false });
    const id = await respond(db, 'ontevreden', true);
    await classifyResponses(db, [id], NOW);
    expect(await db.selectFrom('alerts').select('role').execute()).toEqual([{ role: 'account_manager' }]);
  });

  test('changes nothing when run again for the same response', async ({ database: { db } }) => {
    await seed(db);
    const id = await respond(db, 'ontevreden', false);
    await classifyResponses(db, [id], NOW);
    const before = await db.selectFrom('responses').selectAll().executeTakeFirstOrThrow();

    expect(await classifyResponses(db, [id], NOW)).toEqual({ records: [], deliveries: [] });
    expect(await db.selectFrom('responses').selectAll().executeTakeFirstOrThrow()).toEqual(before);
    expect(await db.selectFrom('alerts').select('id').execute()).toHaveLength(2);
  });

  test('classifies a batch in one go, each by its own answers', async ({ database: { db } }) => {
    await seed(db);
    const ids = [
      await respond(db, 'meer_dan_tevreden', true),
      await respond(db, 'meer_dan_tevreden', false),
      await respond(db, 'ontevreden', true),
    ];
    const { records } = await classifyResponses(db, ids, NOW);
    expect(Object.fromEntries(records.map((record) => [record.responseId, record.group]))).toEqual({
      [ids[0]!]: 'positive',
      [ids[1]!]: 'neutral',
      [ids[2]!]: 'negative',
    });
    expect(await db.selectFrom('alerts').select('id').execute()).toHaveLength(4);
  });

  test('lets two concurrent runs over the same responses produce one set of alerts', async ({ database: { db } }) => {
    await seed(db);
    const ids = await Promise.all(Array.from({ length: 10 }, () => respond(db, 'ontevreden', true)));
    const [first, second] = await Promise.all([classifyResponses(db, ids, NOW), classifyResponses(db, ids, NOW)]);
    expect(first.records.length + second.records.length).toBe(10);
    expect(await db.selectFrom('alerts').select('id').execute()).toHaveLength(20);
  });
});
