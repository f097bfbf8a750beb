import type { DestinationKind, EventType } from '@ambassador/domain/vocabulary';
import { type AuditActor, recordAuditEvent } from './audit.ts';
import type { Database } from './database.ts';
import type { DeliveryStatus } from './deliveries.ts';
import type { DestinationDisabledCause } from './schema.ts';

/** The firm's shared destinations: a webhook, a Teams or a Slack channel (see the migration that added them). */

/** A destination as the API answers it: never its secret. */
export interface Destination {
  id: string;
  kind: DestinationKind;
  url: string;
  events: EventType[];
  division: string | null;
  active: boolean;
  disabledAt: Date | null;
  disabledReason: string | null;
  createdAt: Date;
  updatedAt: Date;
}

const destinationColumns = ['id', 'kind', 'url', 'events', 'division', 'active', 'disabledAt', 'disabledReason', 'createdAt', 'updatedAt'] as const;

function destinationOf(row: Omit<Destination, 'events'> & { events: string[] }): Destination {
  return { ...row, events: row.events as EventType[] };
}

export interface DestinationSettings {
  kind: DestinationKind;
  url: string;
  events: EventType[];
  division: string | null;
}

/**
 * Creates or updates a destination. A webhook keeps its secret; one that becomes a webhook gets
 * `newSecret`, returned (this once) as `secret`. A destination that its receiver's 410 Gone
 * disabled is enabled again; one an admin disabled stays disabled.
 */
export async function upsertDestination(
  db: Database,
  id: string,
  settings: DestinationSettings,
  { now, newSecret }: { now: Date; newSecret: string },
): Promise<{ destination: Destination; created: boolean; secret?: string }> {
  const before = await db.selectFrom('destinations').select(['secret', 'disabledCause']).where('id', '=', id).forUpdate().executeTakeFirst();
  const secret = settings.kind === 'webhook' ? (before?.secret ?? newSecret) : null;
  const enable = before?.disabledCause === 'gone' ? { active: true, disabledAt: null, disabledCause: null, disabledReason: null } : {};
  const row = await db
    .insertInto('destinations')
    .values({ id, ...settings, secret, createdAt: now, updatedAt: now })
    .onConflict((conflict) => conflict.column('id').doUpdateSet({ ...settings, secret, updatedAt: now, ...enable }))
    .returning(destinationColumns)
    .executeTakeFirstOrThrow();
  const issued = secret !== null && secret !== before?.secret;
  return { destination: destinationOf(row), created: before === undefined, ...(issued ? { secret } : {}) };
}

export async function listDestinations(db: Database): Promise<Destination[]> {
  return (await db.selectFrom('destinations').select(destinationColumns).orderBy('id').execute()).map(destinationOf);
}

export async function findDestination(db: Database, id: string): Promise<Destination | undefined> {
  const row = await db.selectFrom('destinations').select(destinationColumns).where('id', '=', id).executeTakeFirst();
  return row ? destinationOf(row) : undefined;
}

/** Deletes a destination with its delivery log; false when there was none. */
export async function deleteDestination(db: Database, id: string): Promise<boolean> {
  const deleted = await db.deleteFrom('destinations').where('id', '=', id).executeTakeFirst();
  return deleted.numDeletedRows > 0n;
}

/** Gives a webhook a new secret (the old one stops signing at once); false when it is no webhook. */
export async function rotateDestinationSecret(db: Database, id: string, { secret, now }: { secret: string; now: Date }): Promise<boolean> {
  const updated = await db
    .updateTable('destinations')
    .set({ secret, updatedAt: now })
    .where('id', '=', id)
    .where('kind', '=', 'webhook')
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}

/** Stops a destination's events: by its receiver's 410 Gone or by an admin. An inactive one is left as it is. */
export async function disableDestination(
  db: Database,
  id: string,
  { cause, reason, now }: { cause: DestinationDisabledCause; reason: string; now: Date },
): Promise<boolean> {
  const updated = await db
    .updateTable('destinations')
    .set({ active: false, disabledAt: now, disabledCause: cause, disabledReason: reason.slice(0, 1000), updatedAt: now })
    .where('id', '=', id)
    .where('active', '=', true)
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}

/** Lets a disabled destination get events again (an admin's decision). */
export async function enableDestination(db: Database, id: string, now: Date): Promise<boolean> {
  const updated = await db
    .updateTable('destinations')
    .set({ active: true, disabledAt: null, disabledCause: null, disabledReason: null, updatedAt: now })
    .where('id', '=', id)
    .where('active', '=', false)
    .executeTakeFirst();
  return updated.numUpdatedRows > 0n;
}

/** The webhook secret of a destination, for the page that shows it once after it was made. */
export async function destinationSecret(db: Database, id: string): Promise<string | undefined> {
  const row = await db.selectFrom('destinations').select('secret').where('id', '=', id).executeTakeFirst();
  return row?.secret ?? undefined;
}

/** One line of a destination's delivery log. */
export interface DestinationDelivery {
  id: string;
  eventId: string;
  event: EventType | 'destination.test';
  responseId: string | null;
  /** Attempts made so far. */
  attempt: number;
  status: DeliveryStatus;
  /** The HTTP status the receiver last answered with; null when it did not answer. */
  statusCode: number | null;
  lastError: string | null;
  /** When it was sent, failed, or (still pending) queued. */
  at: Date;
}

/** A destination's deliveries, newest first. */
export async function findDestinationDeliveries(db: Database, destinationId: string, { limit }: { limit: number }): Promise<DestinationDelivery[]> {
  const rows = await db
    .selectFrom('deliveries')
    .innerJoin('events', 'events.id', 'deliveries.eventId')
    .select((eb) => [
      'deliveries.id',
      'events.id as eventId',
      'events.type as event',
      'events.responseId',
      'deliveries.attempts as attempt',
      'deliveries.status',
      'deliveries.peerStatus as statusCode',
      'deliveries.lastError',
      eb.fn.coalesce('deliveries.sentAt', 'deliveries.failedAt', 'deliveries.createdAt').as('at'),
    ])
    .where('deliveries.destinationId', '=', destinationId)
    .orderBy('deliveries.createdAt', 'desc')
    .orderBy('deliveries.id', 'desc')
    .limit(limit)
    .execute();
  return rows;
}

/** Who changes a destination, and when: each change is one transaction with its audit event. */
export interface DestinationChange {
  now: Date;
  actor: AuditActor;
}

/** `upsertDestination` with its audit event, as the API's PUT and the management module's form save it. */
export async function saveDestination(
  db: Database,
  id: string,
  settings: DestinationSettings,
  { now, actor, newSecret }: DestinationChange & { newSecret: string },
): Promise<{ destination: Destination; created: boolean; secret?: string }> {
  return db.transaction().execute(async (trx) => {
    const saved = await upsertDestination(trx, id, settings, { now, newSecret });
    await recordAuditEvent(trx, { at: now, actor, action: 'destination.upserted', subjectId: id });
    return saved;
  });
}

/** Runs one change of a destination with its audit event, when the change happened (returned true). */
async function audited(db: Database, id: string, action: 'destination.deleted' | 'destination.secret_rotated' | 'destination.disabled' | 'destination.enabled', { now, actor }: DestinationChange, change: (trx: Database) => Promise<boolean>): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    const changed = await change(trx);
    if (changed) await recordAuditEvent(trx, { at: now, actor, action, subjectId: id });
    return changed;
  });
}

export const removeDestination = (db: Database, id: string, change: DestinationChange) =>
  audited(db, id, 'destination.deleted', change, (trx) => deleteDestination(trx, id));

export const rotateSecret = (db: Database, id: string, secret: string, change: DestinationChange) =>
  audited(db, id, 'destination.secret_rotated', change, (trx) => rotateDestinationSecret(trx, id, { secret, now: change.now }));

export const disableDestinationByAdmin = (db: Database, id: string, reason: string, change: DestinationChange) =>
  audited(db, id, 'destination.disabled', change, (trx) => disableDestination(trx, id, { cause: 'admin', reason, now: change.now }));

export const enableDestinationByAdmin = (db: Database, id: string, change: DestinationChange) =>
  audited(db, id, 'destination.enabled', change, (trx) => enableDestination(trx, id, change.now));
