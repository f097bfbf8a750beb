import type { Database } from './database.ts';
import type { AuditAction, AuditActorType } from './schema.ts';

export type { AuditAction } from './schema.ts';

/**
 * The audit trail: who saw and changed what, in the management module and through the API.
 * An event names its actor, the action and the id of the row it concerns, and nothing else:
 * the row's own data stays in its own table, where retention and erasure reach it.
 *
 * Who owns the transaction: the caller (a route, a scheduled task). A function here that
 * changes rows takes a `Transaction` and opens none; the caller opens one, calls it, and
 * records the audit event in the same transaction, so a change and its event commit together
 * or not at all. Events that record no change of ours (a page viewed, an export, a logout)
 * are written on their own.
 */

export type AuditActor =
  /** An integrator, by the short fingerprint of its API key (never the key). */
  | { type: 'api_key'; apiKeyId: string }
  /** A management user, by the address they logged in with (or the alert recipient of an e-mail link). */
  | { type: 'user'; email: string }
  | { type: 'system' };

export interface NewAuditEvent {
  at: Date;
  actor: AuditActor;
  action: AuditAction;
  /** The id of the response, project, employee or erasure the action was about. */
  subjectId?: string;
}

function actorColumns(actor: AuditActor): { actorType: AuditActorType; actor: string } {
  switch (actor.type) {
    case 'api_key':
      return { actorType: 'api_key', actor: actor.apiKeyId };
    case 'user':
      return { actorType: 'user', actor: actor.email };
    case 'system':
      return { actorType: 'system', actor: 'system' };
  }
}

export type ApiKeyActor = Extract<AuditActor, { type: 'api_key' }>;

/** The actor of an API request; `apiKeyId` is set on every route behind the API key check. */
export function apiKeyActor(apiKeyId: string | undefined): ApiKeyActor {
  if (!apiKeyId) throw new Error('no API key id: route is not behind the API key check');
  return { type: 'api_key', apiKeyId };
}

/** Records one event: pass the transaction of the change it records, where there is one (see above). */
export async function recordAuditEvent(db: Database, event: NewAuditEvent): Promise<void> {
  await db
    .insertInto('auditEvents')
    .values({ occurredAt: event.at, ...actorColumns(event.actor), action: event.action, subjectId: event.subjectId ?? null })
    .execute();
}

/** Records many events at once (an import's rows), in the transaction of the changes they record. */
export async function recordAuditEvents(db: Database, events: readonly NewAuditEvent[]): Promise<void> {
  // Five parameters a row; PostgreSQL takes at most 65,535 in one statement.
  for (let start = 0; start < events.length; start += 10_000) {
    await db
      .insertInto('auditEvents')
      .values(events.slice(start, start + 10_000).map((event) => ({ occurredAt: event.at, ...actorColumns(event.actor), action: event.action, subjectId: event.subjectId ?? null })))
      .execute();
  }
}

export interface AuditEvent {
  id: string;
  occurredAt: Date;
  actorType: AuditActorType;
  actor: string;
  action: AuditAction;
  subjectId: string | null;
}

export interface AuditFilter {
  /** Exactly this actor: an address, an API key id, or `system`. */
  actor?: string;
  /** Exactly this subject id. */
  subjectId?: string;
  /** Only events older than this one (the next page). */
  beforeId?: string;
}

/** Events newest first (in the order they were recorded), at most `limit`. */
export async function findAuditEvents(db: Database, filter: AuditFilter, limit: number): Promise<AuditEvent[]> {
  let query = db.selectFrom('auditEvents').select(['id', 'occurredAt', 'actorType', 'actor', 'action', 'subjectId']);
  if (filter.actor !== undefined) query = query.where('actor', '=', filter.actor);
  if (filter.subjectId !== undefined) query = query.where('subjectId', '=', filter.subjectId);
  if (filter.beforeId !== undefined) query = query.where('id', '<', filter.beforeId);
  return query.orderBy('id', 'desc').limit(limit).execute();
}
