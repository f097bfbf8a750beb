import type { Transaction } from 'kysely';
import { anonymiseContacts } from './anonymisation.ts';
import type { ApiKeyActor } from './audit.ts';
import type { QueuedDelivery } from './deliveries.ts';
import type { DB } from './schema.ts';

export interface ErasureCounts {
  contactsDeleted: number;
  contactsAnonymised: number;
  responsesDeleted: number;
  alertsDeleted: number;
  followUpStepsDeleted: number;
  escalationsDeleted: number;
  invitationsDeleted: number;
}

export interface Erasure {
  id: string;
  counts: ErasureCounts;
  /** The rows that went, so that their queued jobs can be removed too. */
  removed: { responseIds: string[]; deliveries: QueuedDelivery[] };
}

/**
 * Erases a client contact or respondent, by address, in the caller's transaction (which
 * records the audit event, naming the erasure's id, with it): every response they
 * gave with its alerts, follow-up steps, escalation and the events about it (with their bodies,
 * by cascade); their invitations; and their contact
 * row, which is deleted, or anonymised in place while projects still name it (see the
 * migration that added erasures). Records that an erasure happened, by which API key and how
 * much went, never the address. Finding nothing is an erasure of nothing: the same answer,
 * so the call tells no one whether the address was known.
 *
 * Employees are not touched: the integrator manages them through the API. Rows already
 * anonymised by retention are no longer anyone's and stay.
 */
export async function eraseContact(trx: Transaction<DB>, email: string, { now, actor }: { now: Date; actor: ApiKeyActor }): Promise<Erasure> {
  // Alerts first, then responses: the order in which the "I am on it" link locks them, so
  // the two cannot deadlock. A classification in progress is waited for; one that starts
  // later finds the responses gone.
  await trx
    .selectFrom('alerts')
    .innerJoin('responses', 'responses.id', 'alerts.responseId')
    .select('alerts.id')
    .where('responses.respondentEmail', '=', email)
    .where('responses.anonymisedAt', 'is', null)
    .forUpdate('alerts')
    .execute();
  const responseIds = (
    await trx
      .selectFrom('responses')
      .select('id')
      .where('respondentEmail', '=', email)
      .where('anonymisedAt', 'is', null)
      .forUpdate()
      .execute()
  ).map((row) => row.id);

  // The messages about what goes (they go with it, by cascade), so that their jobs can go too.
  const deliveries: QueuedDelivery[] = [];
  let alertIds: string[] = [];
  let followUpStepsDeleted = 0;
  let escalationsDeleted = 0;
  if (responseIds.length > 0) {
    deliveries.push(
      ...(await trx
        .selectFrom('deliveries')
        .leftJoin('alerts', 'alerts.id', 'deliveries.alertId')
        .leftJoin('events', 'events.id', 'deliveries.eventId')
        .select(['deliveries.id', 'deliveries.kind', 'deliveries.channel', 'deliveries.dueAt'])
        .where((eb) =>
          eb.or([eb('alerts.responseId', 'in', responseIds), eb('deliveries.escalationId', 'in', responseIds), eb('events.responseId', 'in', responseIds)]),
        )
        .execute()),
    );
    // These would cascade; deleting them here counts them and names the alerts whose jobs must go.
    alertIds = (await trx.deleteFrom('alerts').where('responseId', 'in', responseIds).returning('id').execute()).map((row) => row.id);
    followUpStepsDeleted = Number((await trx.deleteFrom('followUpSteps').where('responseId', 'in', responseIds).executeTakeFirst()).numDeletedRows);
    escalationsDeleted = Number((await trx.deleteFrom('escalations').where('responseId', 'in', responseIds).executeTakeFirst()).numDeletedRows);
    await trx.deleteFrom('responses').where('id', 'in', responseIds).execute();
  }

  let invitationIds: string[] = [];
  let contactsDeleted = 0;
  let contactsAnonymised = 0;
  const contact = await trx
    .selectFrom('contacts')
    .select('id')
    .where('email', '=', email)
    .where('anonymisedAt', 'is', null)
    .forUpdate()
    .executeTakeFirst();
  if (contact) {
    deliveries.push(
      ...(await trx
        .selectFrom('deliveries')
        .innerJoin('invitations', 'invitations.id', 'deliveries.invitationId')
        .select(['deliveries.id', 'deliveries.kind', 'deliveries.channel', 'deliveries.dueAt'])
        .where('invitations.contactId', '=', contact.id)
        .execute()),
    );
    invitationIds = (await trx.deleteFrom('invitations').where('contactId', '=', contact.id).returning('id').execute()).map((row) => row.id);
    const namedByAProject = await trx.selectFrom('projects').select('id').where('contactId', '=', contact.id).limit(1).executeTakeFirst();
    if (namedByAProject) {
      contactsAnonymised = await anonymiseContacts(trx, [contact.id], now);
    } else {
      contactsDeleted = Number((await trx.deleteFrom('contacts').where('id', '=', contact.id).executeTakeFirst()).numDeletedRows);
    }
  }

  const counts: ErasureCounts = {
    contactsDeleted,
    contactsAnonymised,
    responsesDeleted: responseIds.length,
    alertsDeleted: alertIds.length,
    followUpStepsDeleted,
    escalationsDeleted,
    invitationsDeleted: invitationIds.length,
  };
  const { id } = await trx
    .insertInto('erasures')
    .values({ erasedAt: now, apiKeyId: actor.apiKeyId, ...counts })
    .returning('id')
    .executeTakeFirstOrThrow();
  return { id, counts, removed: { responseIds, deliveries } };
}
