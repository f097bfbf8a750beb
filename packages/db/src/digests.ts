import type { DigestPeriod, DigestWeek } from '@ambassador/domain/calendar';
import type { FollowUpStatus, Locale } from '@ambassador/domain/vocabulary';
import { sql, type Transaction } from 'kysely';
import type { Database } from './database.ts';
import type { QueuedDelivery } from './deliveries.ts';
import type { DB } from './schema.ts';
import { projectsWithin } from './scope.ts';

/**
 * The weekly digest: one e-mail per manager per week (unique on manager and week) with the
 * new + and − responses of their whole reporting tree in the week before, and every + or −
 * response of that tree whose follow-up is still open.
 */

// Whether a response's follow-up is still open: no step yet, or its latest step is not `done`.
// Raw SQL, so it names the `responses` table of the query it is used in.
const followUpOpen = sql<boolean>`coalesce(
  (SELECT s.status FROM follow_up_steps s WHERE s.response_id = responses.id ORDER BY s.created_at DESC LIMIT 1),
  'open'
) <> 'done'`;

/**
 * Records this week's digest for every manager who is due one: an employee with at least
 * one report, not opted out, whose reporting tree has something to report (a new + or −
 * in the period, or a + or − from before its end whose follow-up is open). A week with
 * nothing to say sends nothing. `ON CONFLICT DO NOTHING` on (manager, week) keeps it to one
 * per manager and week, however many schedulers run. Each digest's e-mail is stored with it;
 * returns the e-mails stored now, for queueing.
 */
export async function recordDueDigests(db: Database, week: DigestWeek, now: Date): Promise<QueuedDelivery[]> {
  const result = await sql<QueuedDelivery>`
    WITH RECURSIVE tree (manager_id, member_id) AS (
      SELECT manager.id, manager.id FROM employees manager
      WHERE NOT manager.digest_opt_out AND manager.active
        AND EXISTS (SELECT 1 FROM employees report WHERE report.manager_id = manager.id)
        AND NOT EXISTS (SELECT 1 FROM digests d WHERE d.manager_id = manager.id AND d.week_start = ${week.weekStart}::date)
      UNION
      SELECT tree.manager_id, e.id FROM employees e JOIN tree ON e.manager_id = tree.member_id
    ),
    digest AS (
    INSERT INTO digests (manager_id, email, week_start, created_at)
    SELECT manager.id, manager.email, ${week.weekStart}::date, ${now}::timestamptz
    FROM employees manager
    WHERE manager.id IN (
      SELECT tree.manager_id FROM tree
      JOIN projects ON projects.account_manager_id = tree.member_id
      JOIN responses ON responses.project_id = projects.id
      WHERE responses."group" IN ('positive', 'negative')
        AND responses.classified_at < ${week.period.to}::timestamptz
        AND (responses.classified_at >= ${week.period.from}::timestamptz OR ${followUpOpen})
    )
    ON CONFLICT (manager_id, week_start) DO NOTHING
    RETURNING id
    )
    INSERT INTO deliveries (kind, channel, digest_id, created_at, due_at)
    SELECT 'digest', 'email', id, ${now}::timestamptz, ${now}::timestamptz FROM digest
    RETURNING id, kind, channel, due_at
  `.execute(db);
  return result.rows;
}

export interface DigestMessage {
  id: string;
  weekStart: string;
  email: string;
  /** `subscriptionVersion` signs the digest's unsubscribe link (it changes with every opt-out or opt-in). */
  manager: { id: string; name: string; locale: Locale; digestOptOut: boolean; subscriptionVersion: number };
}

/** A digest and its manager. */
export async function findDigestMessage(db: Database, digestId: string): Promise<DigestMessage | undefined> {
  const row = await db
    .selectFrom('digests')
    .innerJoin('employees as manager', 'manager.id', 'digests.managerId')
    .select([
      'digests.id',
      // As text: a `date` read into a JS Date would shift with the process's time zone.
      sql<string>`to_char(digests.week_start, 'YYYY-MM-DD')`.as('weekStart'),
      'digests.email',
      'manager.id as managerId',
      'manager.name as managerName',
      'manager.locale as managerLocale',
      'manager.digestOptOut',
      'manager.digestSubscriptionVersion',
    ])
    .where('digests.id', '=', digestId)
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    id: row.id,
    weekStart: row.weekStart,
    email: row.email,
    manager: {
      id: row.managerId,
      name: row.managerName,
      locale: row.managerLocale,
      digestOptOut: row.digestOptOut,
      subscriptionVersion: row.digestSubscriptionVersion,
    },
  };
}

export interface DigestItem {
  responseId: string;
  group: 'positive' | 'negative';
  hotLead: boolean;
  respondentName: string;
  clientName: string;
  projectName: string;
  accountManagerName: string;
  submittedAt: Date;
  followUpStatus: FollowUpStatus;
}

/** The first items of a list, and how many there are in all. */
export interface DigestList {
  items: DigestItem[];
  total: number;
}

export interface DigestContent {
  newPositive: DigestList;
  newNegative: DigestList;
  openFollowUps: DigestList;
}

/** The manager and everyone who reports to them, directly or indirectly. */
async function reportingTreeOf(db: Database | Transaction<DB>, managerId: string): Promise<string[]> {
  // UNION (not UNION ALL) drops rows already seen, so even a circular reporting line ends.
  const tree = await sql<{ id: string }>`
    WITH RECURSIVE tree (id) AS (
      SELECT id FROM employees WHERE id = ${managerId}
      UNION
      SELECT e.id FROM employees e JOIN tree ON e.manager_id = tree.id
    )
    SELECT id FROM tree
  `.execute(db);
  return tree.rows.map((row) => row.id);
}

/** What a manager's digest lists: each list capped at `limit` items, with its full count. */
export async function digestContent(
  db: Database | Transaction<DB>,
  managerId: string,
  period: DigestPeriod,
  limit: number,
): Promise<DigestContent> {
  const accountManagerIds = await reportingTreeOf(db, managerId);
  const responsesOfTree = () =>
    db
      .selectFrom('responses')
      .innerJoin('projects', 'projects.id', 'responses.projectId')
      .innerJoin('clients', 'clients.id', 'projects.clientId')
      .innerJoin('employees as accountManager', 'accountManager.id', 'projects.accountManagerId')
      .where(projectsWithin({ kind: 'team', accountManagerIds }))
      .where('responses.group', 'in', ['positive', 'negative'])
      .where('responses.classifiedAt', '<', period.to)
      .select((eb) => [
        'responses.id as responseId',
        'responses.group',
        'responses.wantsMoreServices',
        'responses.respondentName',
        'clients.name as clientName',
        'projects.name as projectName',
        'accountManager.name as accountManagerName',
        'responses.submittedAt',
        eb
          .selectFrom('followUpSteps')
          .select('followUpSteps.status')
          .whereRef('followUpSteps.responseId', '=', 'responses.id')
          .orderBy('followUpSteps.createdAt', 'desc')
          .limit(1)
          .as('followUpStatus'),
        eb.fn.countAll<string>().over().as('total'),
      ])
      .$narrowType<{ group: 'positive' | 'negative' }>()
      .limit(limit);

  const newPositive = await responsesOfTree()
    .where('responses.group', '=', 'positive')
    .where('responses.classifiedAt', '>=', period.from)
    .orderBy('responses.wantsMoreServices', 'desc')
    .orderBy('responses.classifiedAt')
    .orderBy('responses.id')
    .execute();
  const newNegative = await responsesOfTree()
    .where('responses.group', '=', 'negative')
    .where('responses.classifiedAt', '>=', period.from)
    .orderBy('responses.classifiedAt')
    .orderBy('responses.id')
    .execute();
  // Oldest first: the longer a follow-up has been open, the more it needs the manager.
  const openFollowUps = await responsesOfTree().where(followUpOpen).orderBy('responses.classifiedAt').orderBy('responses.id').execute();

  const list = (rows: typeof newPositive): DigestList => ({
    items: rows.map((row) => ({
      responseId: row.responseId,
      group: row.group,
      hotLead: row.group === 'positive' && row.wantsMoreServices,
      respondentName: row.respondentName,
      clientName: row.clientName,
      projectName: row.projectName,
      accountManagerName: row.accountManagerName,
      submittedAt: row.submittedAt,
      followUpStatus: row.followUpStatus ?? 'open',
    })),
    total: Number(rows[0]?.total ?? 0),
  });
  return { newPositive: list(newPositive), newNegative: list(newNegative), openFollowUps: list(openFollowUps) };
}

export interface DigestSubscription {
  email: string;
  locale: Locale;
  optedOut: boolean;
  /** Bumped by every change of the opt-out (a trigger in the database). */
  version: number;
}

/** An employee's digest subscription, as their unsubscribe link sees it. */
export async function findDigestSubscription(db: Database, employeeId: string): Promise<DigestSubscription | undefined> {
  return db
    .selectFrom('employees')
    .select(['email', 'locale', 'digestOptOut as optedOut', 'digestSubscriptionVersion as version'])
    .where('id', '=', employeeId)
    .executeTakeFirst();
}

/**
 * Stops the weekly digest for an employee (the link in the digest), if their subscription is
 * still the one the link was made for. Undefined when it is not (or the employee is unknown).
 */
export async function optOutOfDigest(db: Database, employeeId: string, subscriptionVersion: number): Promise<{ locale: Locale; email: string } | undefined> {
  return db
    .updateTable('employees')
    .set({ digestOptOut: true, updatedAt: sql<Date>`now()` })
    .where('id', '=', employeeId)
    .where('digestSubscriptionVersion', '=', subscriptionVersion)
    .where('digestOptOut', '=', false)
    .returning(['locale', 'email'])
    .executeTakeFirst();
}
