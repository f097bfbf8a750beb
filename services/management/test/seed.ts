import { randomBytes } from 'node:crypto';
import type { Database } from '@ambassador/db/database';
import { DAY_MS } from '@ambassador/domain/calendar';
import type { Group } from '@ambassador/domain/vocabulary';

/**
 * A small firm for management tests:
 *   director (Dirk) ← manager (Marieke) ← account managers Anna and Bram
 *   director (Dirk) ← account manager Carla
 *   Xander, an account manager outside Dirk's line
 * Each account manager has one client and project; `respond` adds classified responses.
 */
export async function seedFirm(db: Database): Promise<void> {
  const people = [
    { id: 'dirk', name: 'Dirk Directeur', email: 'dirk@firm.example', managerId: null, division: null },
    { id: 'marieke', name: 'Marieke Manager', email: 'marieke@firm.example', managerId: 'dirk', division: 'Water' },
    { id: 'anna', name: 'Anna Accountmanager', email: 'anna@firm.example', managerId: 'marieke', division: 'Water' },
    { id: 'bram', name: 'Bram Accountmanager', email: 'bram@firm.example', managerId: 'marieke', division: 'Water' },
    { id: 'carla', name: 'Carla Accountmanager', email: 'carla@firm.example', managerId: 'dirk', division: 'Bouw' },
    { id: 'xander', name: 'Xander Elders', email: 'xander@firm.example', managerId: null, division: 'Bouw' },
  ];
  for (const person of people) await db.insertInto('employees').values(person).execute();
  for (const person of people.filter((p) => ['anna', 'bram', 'carla', 'xander'].includes(p.id))) {
    await db.insertInto('clients').values({ id: `client-${person.id}`, name: `Klant van ${person.name.split(' ')[0]!}` }).execute();
    const contact = await db
      .insertInto('contacts')
      .values({ name: `Contact ${person.id}`, email: `contact-${person.id}@client.example` })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('projects')
      .values({ id: `project-${person.id}`, name: `Project ${person.id}`, clientId: `client-${person.id}`, contactId: contact.id, accountManagerId: person.id })
      .execute();
  }
}

let counter = 0;

/** A classified response for an account manager's project; returns its id. */
export async function respond(
  db: Database,
  accountManagerId: string,
  group: Group,
  { name, wantsMoreServices = false, motivation = null, submittedAt = new Date('2026-11-20T10:00:00Z'), recommendScore = null }: {
    name?: string;
    wantsMoreServices?: boolean;
    motivation?: string | null;
    submittedAt?: Date;
    /** The 0–10 score, when the response has one. */
    recommendScore?: number | null;
  } = {},
): Promise<string> {
  counter += 1;
  const satisfaction = group === 'positive' ? 'meer_dan_tevreden' : group === 'negative' ? 'ontevreden' : 'tevreden';
  const row = await db
    .insertInto('responses')
    .values({
      projectId: `project-${accountManagerId}`,
      respondentName: name ?? `Respondent ${counter}`,
      respondentEmail: `respondent${counter}@client.example`,
      satisfaction,
      motivation,
      wouldRecommend: group !== 'negative',
      recommendScore,
      wantsMoreServices,
      submittedAt,
      group,
      ruleVersion: 1,
      classifiedAt: submittedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

let invitationCounter = 0;

/**
 * An invitation for a new project of the account manager (one invitation per project), and,
 * when `answer` is given, the contact's classified response an hour later.
 */
export async function invite(
  db: Database,
  accountManagerId: string,
  {
    createdAt,
    answer,
    emailStatus = 'sent',
    recommendScore = null,
    startedInEmail = false,
  }: {
    createdAt: Date;
    answer?: Group;
    emailStatus?: 'sent' | 'pending' | 'failed';
    /** The answer's 0–10 score, and whether it began with an answer button in the e-mail. */
    recommendScore?: number | null;
    startedInEmail?: boolean;
  },
): Promise<void> {
  invitationCounter += 1;
  const projectId = `project-${accountManagerId}-${invitationCounter}`;
  const email = `invited${invitationCounter}@client.example`;
  const contact = await db.insertInto('contacts').values({ name: `Invited ${invitationCounter}`, email }).returning('id').executeTakeFirstOrThrow();
  await db
    .insertInto('projects')
    .values({ id: projectId, name: `Project ${projectId}`, clientId: `client-${accountManagerId}`, contactId: contact.id, accountManagerId })
    .execute();
  const invitation = await db
    .insertInto('invitations')
    .values({
      projectId,
      clientId: `client-${accountManagerId}`,
      contactId: contact.id,
      tokenHash: randomBytes(32),
      createdAt,
      expiresAt: new Date(createdAt.getTime() + 60 * DAY_MS),
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('deliveries')
    .values({
      kind: 'invitation',
      channel: 'email',
      invitationId: invitation.id,
      status: emailStatus,
      createdAt,
      dueAt: createdAt,
      sentAt: emailStatus === 'sent' ? createdAt : null,
      failedAt: emailStatus === 'failed' ? createdAt : null,
    })
    .execute();
  if (!answer) return;
  const submittedAt = new Date(createdAt.getTime() + 3600_000);
  await db
    .insertInto('responses')
    .values({
      projectId,
      respondentName: `Invited ${invitationCounter}`,
      respondentEmail: email,
      satisfaction: answer === 'positive' ? 'meer_dan_tevreden' : answer === 'negative' ? 'ontevreden' : 'tevreden',
      wouldRecommend: answer !== 'negative',
      recommendScore,
      wantsMoreServices: false,
      startedInEmail,
      submittedAt,
      group: answer,
      ruleVersion: 1,
      classifiedAt: submittedAt,
    })
    .execute();
}
