import type { Group } from '@ambassador/domain/vocabulary';
import { ANONYMISED_DOMAIN } from './anonymisation.ts';
import type { Database } from './database.ts';
import { answered, invitationSent } from './invitations.ts';
import { type RegisterRow, streamRegisterRows } from './register.ts';
import { projectsWithin, type Scope } from './scope.ts';

/**
 * One client organisation as a viewer may see it: the projects within their scope, the
 * people there who answered (by name, each with their answers over time and their current
 * group), the + and − answers whose follow-up is not done, and how many invitations were
 * answered. Everything is limited to the projects within the scope; a viewer who may see
 * none of the client's projects gets nothing (undefined), as for a client that does not exist.
 */

export interface ClientProject {
  id: string;
  name: string;
  accountManagerName: string;
  closedAt: Date | null;
  /** When the invitation was made, once its e-mail went out; null when there is none (yet). */
  invitedAt: Date | null;
  /** Whether the project's contact answered that invitation. */
  invitationAnswered: boolean;
}

/** Someone at the client who answered, by the address they answered from. */
export interface ClientContact {
  name: string;
  email: string;
  /** The group of their latest answer. */
  currentGroup: Group;
  /** Oldest first. */
  answers: RegisterRow[];
}

export interface ClientAccount {
  id: string;
  name: string;
  projects: ClientProject[];
  /** Those whose latest answer is +, then −, then 0; by name within a group. */
  contacts: ClientContact[];
  /** Answers that retention anonymised: they no longer say whose they were. */
  anonymisedAnswers: number;
  /** + and − answers whose follow-up is open or in progress, oldest first. */
  openFollowUps: RegisterRow[];
  invitations: { sent: number; answered: number };
}

const contactOrder: readonly Group[] = ['positive', 'negative', 'neutral'];

/** The answers by the address they came from; each person named as in their latest answer. */
export function contactsOf(answers: readonly RegisterRow[]): ClientContact[] {
  const oldestFirst = answers.toSorted((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime() || a.responseId.localeCompare(b.responseId));
  const byEmail = new Map<string, ClientContact>();
  for (const answer of oldestFirst) {
    const earlier = byEmail.get(answer.respondentEmail)?.answers ?? [];
    byEmail.set(answer.respondentEmail, { name: answer.respondentName, email: answer.respondentEmail, currentGroup: answer.group, answers: [...earlier, answer] });
  }
  return [...byEmail.values()].sort(
    (a, b) =>
      contactOrder.indexOf(a.currentGroup) - contactOrder.indexOf(b.currentGroup) || a.name.localeCompare(b.name) || a.email.localeCompare(b.email),
  );
}

export async function findClientAccount(db: Database, scope: Scope, clientId: string): Promise<ClientAccount | undefined> {
  const client = await db.selectFrom('clients').select(['id', 'name']).where('id', '=', clientId).executeTakeFirst();
  if (!client) return undefined;
  const projects = await db
    .selectFrom('projects')
    .innerJoin('employees as accountManager', 'accountManager.id', 'projects.accountManagerId')
    .leftJoin('invitations', (join) => join.onRef('invitations.projectId', '=', 'projects.id').on(invitationSent))
    .leftJoin('contacts', 'contacts.id', 'invitations.contactId')
    .select((eb) => [
      'projects.id',
      'projects.name',
      'accountManager.name as accountManagerName',
      'projects.closedAt',
      'invitations.createdAt as invitedAt',
      answered(eb).as('invitationAnswered'),
    ])
    .where('projects.clientId', '=', clientId)
    .where(projectsWithin(scope))
    .orderBy('projects.createdAt', 'desc')
    .orderBy('projects.id')
    .execute();
  if (projects.length === 0 && scope.kind !== 'all') return undefined;

  const answers: RegisterRow[] = [];
  for await (const row of streamRegisterRows(db, scope, contactOrder, { clientId })) answers.push(row);
  const anonymised = (answer: RegisterRow) => answer.respondentEmail.endsWith(`@${ANONYMISED_DOMAIN}`);
  const invited = projects.filter((project) => project.invitedAt !== null);
  return {
    ...client,
    projects,
    contacts: contactsOf(answers.filter((answer) => !anonymised(answer))),
    anonymisedAnswers: answers.filter(anonymised).length,
    openFollowUps: answers
      .filter((answer) => answer.group !== 'neutral' && answer.followUpStatus !== 'done')
      .sort((a, b) => a.submittedAt.getTime() - b.submittedAt.getTime()),
    invitations: { sent: invited.length, answered: invited.filter((project) => project.invitationAnswered).length },
  };
}
