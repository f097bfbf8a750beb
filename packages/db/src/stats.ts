import { type NpsCounts, npsFigures, PASSIVE_FROM, PROMOTER_FROM } from '@ambassador/domain/net-promoter';
import { type RawBuilder, sql } from 'kysely';
import type { Database } from './database.ts';
import { answered, invitationSent } from './invitations.ts';

export interface PipelineStats {
  invitations: { sent: number; answered: number; responseRate: number | null };
  responses: { total: number; positive: number; neutral: number; negative: number; unclassified: number; hotLeads: number };
  /** Of the responses submitted in the period that have a score; `score` null when none has. */
  nps: NpsCounts & { score: number | null };
}

/** Counts of promoters, passives and detractors among the rows in scope, as SQL (for any grouping). */
export function npsCountColumns(): { promoters: RawBuilder<string>; passives: RawBuilder<string>; detractors: RawBuilder<string> } {
  return {
    promoters: sql<string>`count(*) FILTER (WHERE recommend_score >= ${PROMOTER_FROM})`,
    passives: sql<string>`count(*) FILTER (WHERE recommend_score >= ${PASSIVE_FROM} AND recommend_score < ${PROMOTER_FROM})`,
    detractors: sql<string>`count(*) FILTER (WHERE recommend_score < ${PASSIVE_FROM})`,
  };
}

/** The NPS figures of counted rows (counts come back from PostgreSQL as strings). */
export function npsOf(row: { promoters: string | number; passives: string | number; detractors: string | number }): PipelineStats['nps'] {
  return npsFigures({ promoters: Number(row.promoters), passives: Number(row.passives), detractors: Number(row.detractors) });
}

/**
 * Invitations created in [from, to) whose e-mail went out, how many of them were answered;
 * and the responses submitted in [from, to) by group.
 */
export async function pipelineStats(db: Database, from: Date, to: Date): Promise<PipelineStats> {
  const invitations = await db
    .selectFrom('invitations')
    .innerJoin('contacts', 'contacts.id', 'invitations.contactId')
    .select((eb) => [
      eb.fn.countAll<string>().as('sent'),
      eb.fn.count<string>(sql`CASE WHEN ${answered(eb)} THEN 1 END`).as('answered'),
    ])
    .where(invitationSent)
    .where('invitations.createdAt', '>=', from)
    .where('invitations.createdAt', '<', to)
    .executeTakeFirstOrThrow();
  const nps = npsCountColumns();
  const responses = await db
    .selectFrom('responses')
    .select((eb) => [
      eb.fn.countAll<string>().as('total'),
      eb.fn.count<string>(sql`CASE WHEN "group" = 'positive' THEN 1 END`).as('positive'),
      eb.fn.count<string>(sql`CASE WHEN "group" = 'neutral' THEN 1 END`).as('neutral'),
      eb.fn.count<string>(sql`CASE WHEN "group" = 'negative' THEN 1 END`).as('negative'),
      eb.fn.count<string>(sql`CASE WHEN "group" IS NULL THEN 1 END`).as('unclassified'),
      eb.fn.count<string>(sql`CASE WHEN "group" = 'positive' AND wants_more_services THEN 1 END`).as('hotLeads'),
      nps.promoters.as('promoters'),
      nps.passives.as('passives'),
      nps.detractors.as('detractors'),
    ])
    .where('submittedAt', '>=', from)
    .where('submittedAt', '<', to)
    .executeTakeFirstOrThrow();
  const sent = Number(invitations.sent);
  const answeredCount = Number(invitations.answered);
  return {
    invitations: { sent, answered: answeredCount, responseRate: sent === 0 ? null : Math.round((answeredCount / sent) * 1000) / 1000 },
    responses: {
      total: Number(responses.total),
      positive: Number(responses.positive),
      neutral: Number(responses.neutral),
      negative: Number(responses.negative),
      unclassified: Number(responses.unclassified),
      hotLeads: Number(responses.hotLeads),
    },
    nps: npsOf(responses),
  };
}
