import type { Database } from '@ambassador/db/database';
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
  { name, wantsMoreServices = false, motivation = null, submittedAt = new Date('2026-11-20T10:00:00Z') }: {
    name?: string;
    wantsMoreServices?: boolean;
    motivation?: string | null;
    submittedAt?: Date;
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
