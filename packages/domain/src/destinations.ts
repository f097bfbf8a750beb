import { UnprocessableError } from './errors.ts';
import type { DestinationKind, EventType, Group } from './vocabulary.ts';

/**
 * Which events a destination gets. A webhook (a CRM) gets every classified response and every
 * follow-up step by default; a Teams or Slack channel is told of alerts only: the classification
 * of a + or − response.
 */
export function destinationEvents(kind: DestinationKind, asked: readonly EventType[] | undefined): EventType[] {
  if (kind === 'webhook') return asked ? [...asked] : ['response.classified', 'follow_up.recorded'];
  if (asked && asked.some((type) => type !== 'response.classified')) {
    throw new UnprocessableError(`a ${kind} destination is told of alerts only: events must be ["response.classified"]`, 'events');
  }
  return ['response.classified'];
}

/** What a destination would be told about a response. */
export interface EventOccurrence {
  type: EventType;
  group: Group;
  /** The division of the response's account manager. */
  division: string | null;
}

/** Whether a destination that asked for these events, limited to this division (or none), gets an event. */
export function destinationWants(
  destination: { kind: DestinationKind; events: readonly string[]; division: string | null },
  event: EventOccurrence,
): boolean {
  if (!destination.events.includes(event.type)) return false;
  if (destination.division !== null && destination.division !== event.division) return false;
  // Chat channels are told of alerts: nothing about a neutral response.
  return destination.kind === 'webhook' || event.group !== 'neutral';
}

/** A new webhook signing secret, from 24 to 32 random bytes: `whsec_` and their base64. */
export function webhookSecret(randomBytes: Uint8Array): string {
  if (randomBytes.length < 24 || randomBytes.length > 32) throw new Error('a webhook secret is 24 to 32 random bytes');
  return `whsec_${Buffer.from(randomBytes).toString('base64')}`;
}
