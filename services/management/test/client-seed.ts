import { randomBytes } from 'node:crypto';
import type { Database } from '@ambassador/db/database';
import { DAY_MS } from '@ambassador/domain/calendar';
import type { FollowUpStatus, Group } from '@ambassador/domain/vocabulary';
import { seedFirm } from './seed.ts';

/** Projects, invitations and answers of client organisations, for the client page and its statistics. */

const satisfactionOf = { positive: 'meer_dan_tevreden', neutral: 'tevreden', negative: 'ontevreden' } as const;

export interface NewProject {
  id: string;
  clientId: string;
  accountManagerId: string;
  contact: { name: string; email: string };
  /** An invitation whose e-mail went out (`sent`) or is still waiting (`pending`); none by default. */
  invited?: { at: Date; email: 'sent' | 'pending' };
  closedAt?: Date;
}

export async function addProject(db: Database, project: NewProject): Promise<void> {
  // One contact row per address: a second project of the same person names the same contact.
  const contact = await db
    .insertInto('contacts')
    .values(project.contact)
    .onConflict((conflict) => conflict.column('email').doUpdateSet({ name: project.contact.name }))
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('projects')
    .values({
      id: project.id,
      name: `Project ${project.id}`,
      clientId: project.clientId,
      contactId: contact.id,
      accountManagerId: project.accountManagerId,
      closedAt: project.closedAt ?? project.invited?.at ?? null,
    })
    .execute();
  if (!project.invited) return;
  const { at, email } = project.invited;
  const invitation = await db
    .insertInto('invitations')
    .values({ projectId: project.id, clientId: project.clientId, contactId: contact.id, tokenHash: randomBytes(32), createdAt: at, expiresAt: new Date(at.getTime() + 60 * DAY_MS) })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('deliveries')
    .values({ kind: 'invitation', channel: 'email', invitationId: invitation.id, status: email, createdAt: at, dueAt: at, sentAt: email === 'sent' ? at : null })
    .execute();
}

/** A classified answer (or, with `group: null`, one not classified yet) for a project; returns its id. */
export async function addAnswer(
  db: Database,
  projectId: string,
  respondent: { name: string; email: string },
  { group, submittedAt, wantsMoreServices = false, followUp }: { group: Group | null; submittedAt: Date; wantsMoreServices?: boolean; followUp?: FollowUpStatus },
): Promise<string> {
  const row = await db
    .insertInto('responses')
    .values({
      projectId,
      respondentName: respondent.name,
      respondentEmail: respondent.email,
      satisfaction: satisfactionOf[group ?? 'neutral'],
      wouldRecommend: group !== 'negative',
      wantsMoreServices,
      submittedAt,
      group,
      ruleVersion: group ? 1 : null,
      classifiedAt: group ? submittedAt : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  if (followUp) {
    await db
      .insertInto('followUpSteps')
      .values({ responseId: row.id, status: followUp, authorEmail: 'anna@firm.example', channel: 'web', createdAt: new Date(submittedAt.getTime() + DAY_MS) })
      .execute();
  }
  return row.id;
}

export const ELS = { name: 'Els Ambassadeur', email: 'els@gedeeld.example' };
export const FRED = { name: 'Fred Foetsie', email: 'fred@gedeeld.example' };
export const GIJS = { name: 'Gijs Gewoon', email: 'gijs@gedeeld.example' };
export const HANNA = { name: 'Hanna Hoera', email: 'hanna@gedeeld.example' };

export const october = (day: number) => new Date(Date.UTC(2026, 9, day, 10));
export const november = (day: number) => new Date(Date.UTC(2026, 10, day, 10));

/**
 * The firm of seed.ts, and "Gemeente Gedeeld" (`client-shared`), a client of four account
 * managers:
 *
 * | project  | account manager | invitation          | answers                                             |
 * |----------|-----------------|---------------------|-----------------------------------------------------|
 * | anna-1   | anna            | sent 1 Oct, answered | Els + 10 Nov, hot lead (follow-up open)             |
 * | anna-2   | anna            | none                | Els − 5 Oct (follow-up done)                        |
 * | bram-1   | bram            | sent 1 Nov, answered | Fred − 12 Nov (in progress)                         |
 * | bram-2   | bram            | sent 2 Nov          | –                                                   |
 * | carla-1  | carla           | sent 3 Nov, answered | Gijs 0 14 Nov                                       |
 * | carla-2  | carla           | e-mail pending      | –                                                   |
 * | xander-1 | xander          | none                | Hanna + 15 Nov (follow-up done)                     |
 *
 * Returns the ids of the answers.
 */
export async function seedSharedClient(db: Database): Promise<Record<'elsNegative' | 'elsPositive' | 'fred' | 'gijs' | 'hanna', string>> {
  await seedFirm(db);
  await db.insertInto('clients').values({ id: 'client-shared', name: 'Gemeente Gedeeld' }).execute();
  const project = (id: string, accountManagerId: string, contact: { name: string; email: string }, invited?: NewProject['invited']) =>
    addProject(db, { id: `shared-${id}`, clientId: 'client-shared', accountManagerId, contact, ...(invited ? { invited } : {}) });
  await project('anna-1', 'anna', ELS, { at: october(1), email: 'sent' });
  await project('anna-2', 'anna', ELS);
  await project('bram-1', 'bram', FRED, { at: november(1), email: 'sent' });
  await project('bram-2', 'bram', { name: 'Iris Inkoop', email: 'iris@gedeeld.example' }, { at: november(2), email: 'sent' });
  await project('carla-1', 'carla', GIJS, { at: november(3), email: 'sent' });
  await project('carla-2', 'carla', { name: 'Jan Later', email: 'jan@gedeeld.example' }, { at: november(4), email: 'pending' });
  await project('xander-1', 'xander', HANNA);
  return {
    elsNegative: await addAnswer(db, 'shared-anna-2', ELS, { group: 'negative', submittedAt: october(5), followUp: 'done' }),
    elsPositive: await addAnswer(db, 'shared-anna-1', ELS, { group: 'positive', submittedAt: november(10), wantsMoreServices: true }),
    fred: await addAnswer(db, 'shared-bram-1', FRED, { group: 'negative', submittedAt: november(12), followUp: 'in_progress' }),
    gijs: await addAnswer(db, 'shared-carla-1', GIJS, { group: 'neutral', submittedAt: november(14) }),
    hanna: await addAnswer(db, 'shared-xander-1', HANNA, { group: 'positive', submittedAt: november(15), followUp: 'done' }),
  };
}
