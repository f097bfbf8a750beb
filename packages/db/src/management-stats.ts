import { netPromoterScore } from '@ambassador/domain/net-promoter';
import type { Group } from '@ambassador/domain/vocabulary';
import { type RawBuilder, sql } from 'kysely';
import type { Database } from './database.ts';
import { answered, invitationSent } from './invitations.ts';
import { projectsWithin, type Scope } from './scope.ts';
import { npsCountColumns } from './stats.ts';

/**
 * The management statistics, within a viewer's scope: invitations sent and answered, and
 * responses per group, per month, per account manager and per division. The queries only
 * count; `statsFigures` turns counts into the response rate, the group shares and the
 * ambassador score, so the arithmetic is tested without a database.
 *
 * Invitations are counted as `pipelineStats` counts them for the API: those whose e-mail went
 * out, in the month they were created, answered when their contact answered for the project.
 * Responses count in the month they were submitted. Months and period ends are calendar
 * days in the firm's time zone.
 */

/** Calendar days in `timeZone`, both ends included (YYYY-MM-DD). */
export interface StatsPeriod {
  from: string;
  to: string;
  timeZone: string;
}

export interface StatsCounts {
  invitationsSent: number;
  invitationsAnswered: number;
  /** Of the answered invitations, those answered from a form opened with an answer button in the e-mail. */
  invitationsAnsweredInEmail: number;
  positive: number;
  neutral: number;
  negative: number;
  /** Submitted but not classified yet: counted, never in a share. */
  unclassified: number;
  /** Responses with a 0–10 score: 9–10, 7–8 and 0–6. */
  promoters: number;
  passives: number;
  detractors: number;
}

export interface StatsFigures {
  /** Answered ÷ sent invitations, 0 to 1; null when none went out. */
  responseRate: number | null;
  classified: number;
  /** Percentage of the classified responses in each group; null when none is classified. */
  shares: Record<Group, number> | null;
  /** % positive − % negative of the classified responses, −100 to 100; null when none is classified. */
  ambassadorScore: number | null;
  /** Responses with a score (promoters, passives and detractors). */
  scored: number;
  /** % promoters − % detractors, a whole number rounded half away from zero; null when no response has a score. */
  nps: number | null;
}

export interface MonthStats {
  /** YYYY-MM in the firm's time zone. */
  month: string;
  counts: StatsCounts;
}

export interface AccountManagerStats {
  accountManagerId: string;
  name: string;
  division: string | null;
  counts: StatsCounts;
}

export interface DivisionStats {
  /** null: account managers without a division. */
  division: string | null;
  counts: StatsCounts;
}

export const noCounts: StatsCounts = {
  invitationsSent: 0,
  invitationsAnswered: 0,
  invitationsAnsweredInEmail: 0,
  positive: 0,
  neutral: 0,
  negative: 0,
  unclassified: 0,
  promoters: 0,
  passives: 0,
  detractors: 0,
};

export function addCounts(a: StatsCounts, b: StatsCounts): StatsCounts {
  const sum = { ...noCounts };
  for (const key of Object.keys(noCounts) as (keyof StatsCounts)[]) sum[key] = a[key] + b[key];
  return sum;
}

/** Exact figures; rounding is left to whoever shows them. */
export function statsFigures(counts: StatsCounts): StatsFigures {
  const classified = counts.positive + counts.neutral + counts.negative;
  const responseRate = counts.invitationsSent === 0 ? null : counts.invitationsAnswered / counts.invitationsSent;
  const scored = counts.promoters + counts.passives + counts.detractors;
  const nps = netPromoterScore(counts);
  if (classified === 0) return { responseRate, classified, shares: null, ambassadorScore: null, scored, nps };
  const share = (count: number) => (count / classified) * 100;
  return {
    responseRate,
    classified,
    scored,
    nps,
    shares: { positive: share(counts.positive), neutral: share(counts.neutral), negative: share(counts.negative) },
    // From the counts rather than from the two shares, so that no floating-point residue remains (2 of 4 minus 1 of 4 is exactly 25).
    ambassadorScore: ((counts.positive - counts.negative) / classified) * 100,
  };
}

function monthParts(date: string): [number, number] {
  return [Number(date.slice(0, 4)), Number(date.slice(5, 7))];
}

function monthKey(year: number, month: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

/** Every month (YYYY-MM) the period touches, oldest first. */
export function monthsOf({ from, to }: Pick<StatsPeriod, 'from' | 'to'>): string[] {
  const months: string[] = [];
  let [year, month] = monthParts(from);
  const last = monthKey(...monthParts(to));
  for (let key = monthKey(year, month); key <= last; key = monthKey(year, month)) {
    months.push(key);
    [year, month] = month === 12 ? [year + 1, 1] : [year, month + 1];
  }
  return months;
}

/** The default period: the current month and the eleven before it, up to and including `today`. */
export function lastTwelveMonths(today: string): Pick<StatsPeriod, 'from' | 'to'> {
  const [year, month] = monthParts(today);
  const [fromYear, fromMonth] = month === 12 ? [year, 1] : [year - 1, month + 1];
  return { from: `${monthKey(fromYear, fromMonth)}-01`, to: today };
}

type Source = 'invitations' | 'responses';

const momentOf = {
  invitations: 'invitations.createdAt',
  responses: 'responses.submittedAt',
} as const;

/**
 * "The row's moment falls within the period": from midnight at the start of `from` to
 * midnight after `to`, in the firm's time zone. PostgreSQL knows the zone's daylight saving
 * time, so a month of 743 hours in October is counted right.
 */
export function within(source: Source, { from, to, timeZone }: StatsPeriod): RawBuilder<boolean> {
  const moment = sql.ref(momentOf[source]);
  return sql<boolean>`(${moment} >= (${from}::date)::timestamp AT TIME ZONE ${timeZone} AND ${moment} < (${to}::date + 1)::timestamp AT TIME ZONE ${timeZone})`;
}

/** What the counts are grouped by: an expression over the joined rows, one per source. */
type Bucket = (source: Source) => RawBuilder<string | null>;

interface BucketCounts {
  bucket: string | null;
  counts: StatsCounts;
}

/**
 * Invitations and responses within the period and the scope, counted per bucket. Both
 * queries join `projects`, the table the scope is a condition on.
 */
async function countsPerBucket(db: Database, scope: Scope, period: StatsPeriod, bucket: Bucket): Promise<BucketCounts[]> {
  // GROUP BY the output name, not the expression: the expression carries the time zone as a
  // parameter, and PostgreSQL does not see two parameters as the same expression.
  const nps = npsCountColumns();
  const [invitations, responses] = await Promise.all([
    db
      .selectFrom('invitations')
      .innerJoin('projects', 'projects.id', 'invitations.projectId')
      .innerJoin('contacts', 'contacts.id', 'invitations.contactId')
      .innerJoin('employees as accountManager', 'accountManager.id', 'projects.accountManagerId')
      .select((eb) => [
        bucket('invitations').as('bucket'),
        eb.fn.countAll<string>().as('sent'),
        eb.fn.count<string>(sql`CASE WHEN ${answered(eb)} THEN 1 END`).as('answered'),
        eb.fn.count<string>(sql`CASE WHEN ${answered(eb, { startedInEmail: true })} THEN 1 END`).as('answeredInEmail'),
      ])
      .where(invitationSent)
      .where(within('invitations', period))
      .where(projectsWithin(scope))
      .groupBy(sql`bucket`)
      .execute(),
    db
      .selectFrom('responses')
      .innerJoin('projects', 'projects.id', 'responses.projectId')
      .innerJoin('employees as accountManager', 'accountManager.id', 'projects.accountManagerId')
      .select((eb) => [
        bucket('responses').as('bucket'),
        eb.fn.count<string>(sql`CASE WHEN ${sql.ref('responses.group')} = 'positive' THEN 1 END`).as('positive'),
        eb.fn.count<string>(sql`CASE WHEN ${sql.ref('responses.group')} = 'neutral' THEN 1 END`).as('neutral'),
        eb.fn.count<string>(sql`CASE WHEN ${sql.ref('responses.group')} = 'negative' THEN 1 END`).as('negative'),
        eb.fn.count<string>(sql`CASE WHEN ${sql.ref('responses.group')} IS NULL THEN 1 END`).as('unclassified'),
        nps.promoters.as('promoters'),
        nps.passives.as('passives'),
        nps.detractors.as('detractors'),
      ])
      .where(within('responses', period))
      .where(projectsWithin(scope))
      .groupBy(sql`bucket`)
      .execute(),
  ]);
  const merged = new Map<string | null, StatsCounts>();
  const add = (key: string | null, counts: Partial<StatsCounts>) =>
    merged.set(key, addCounts(merged.get(key) ?? noCounts, { ...noCounts, ...counts }));
  for (const row of invitations) {
    add(row.bucket, {
      invitationsSent: Number(row.sent),
      invitationsAnswered: Number(row.answered),
      invitationsAnsweredInEmail: Number(row.answeredInEmail),
    });
  }
  for (const row of responses) {
    add(row.bucket, {
      positive: Number(row.positive),
      neutral: Number(row.neutral),
      negative: Number(row.negative),
      unclassified: Number(row.unclassified),
      promoters: Number(row.promoters),
      passives: Number(row.passives),
      detractors: Number(row.detractors),
    });
  }
  return [...merged].map(([key, counts]) => ({ bucket: key, counts }));
}

/** Every month of the period, oldest first; a month without invitations or responses has zeros. */
export async function statsPerMonth(db: Database, scope: Scope, period: StatsPeriod): Promise<MonthStats[]> {
  const rows = await countsPerBucket(
    db,
    scope,
    period,
    (source) => sql<string>`to_char(${sql.ref(momentOf[source])} AT TIME ZONE ${period.timeZone}, 'YYYY-MM')`,
  );
  const byMonth = new Map(rows.map((row) => [row.bucket, row.counts]));
  return monthsOf(period).map((month) => ({ month, counts: byMonth.get(month) ?? noCounts }));
}

/** The account managers with invitations or responses in the period, by name. */
export async function statsPerAccountManager(db: Database, scope: Scope, period: StatsPeriod): Promise<AccountManagerStats[]> {
  const rows = await countsPerBucket(db, scope, period, () => sql<string>`${sql.ref('projects.accountManagerId')}`);
  const ids = rows.flatMap((row) => (row.bucket === null ? [] : [row.bucket]));
  if (ids.length === 0) return [];
  const people = await db
    .selectFrom('employees as accountManager')
    .innerJoin('projects', 'projects.accountManagerId', 'accountManager.id')
    .select(['accountManager.id', 'accountManager.name', 'accountManager.division'])
    .distinct()
    .where('accountManager.id', 'in', ids)
    .where(projectsWithin(scope))
    .execute();
  const countsOf = new Map(rows.map((row) => [row.bucket, row.counts]));
  return people
    .map((person) => ({ accountManagerId: person.id, name: person.name, division: person.division, counts: countsOf.get(person.id) ?? noCounts }))
    .sort((a, b) => a.name.localeCompare(b.name) || a.accountManagerId.localeCompare(b.accountManagerId));
}

/**
 * The divisions of the account managers with invitations or responses in the period, by
 * name, those without a division last. An account manager's division is the one they have now.
 */
export async function statsPerDivision(db: Database, scope: Scope, period: StatsPeriod): Promise<DivisionStats[]> {
  const rows = await countsPerBucket(db, scope, period, () => sql<string | null>`${sql.ref('accountManager.division')}`);
  return rows
    .map((row) => ({ division: row.bucket, counts: row.counts }))
    .sort((a, b) => Number(a.division === null) - Number(b.division === null) || (a.division ?? '').localeCompare(b.division ?? ''));
}
