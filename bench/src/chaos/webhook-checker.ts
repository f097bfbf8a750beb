import type { ChaosSystem } from './system.ts';

/**
 * A kill this long before an event's first arrival still explains a second one: the notifier
 * wrote the request, was killed, and the receiver read the request from its socket and answered
 * 204 into a closed connection afterwards (SMTP has no such window: acceptance is an answer the
 * client must read). The soak's receiver answers at once; the notifier waits 1 s at most.
 */
const KILL_BEFORE_ARRIVAL_MS = 1000;

/** What the CRM's webhook receiver got, per stored response of the soak. */
export interface WebhookVerdict {
  /** Responses whose `response.classified` event never reached the receiver with a 2xx. */
  lost: number;
  /** Extra 2xx arrivals of an event (the same webhook-id again). */
  duplicated: number;
  /** Extra arrivals not explained by a notifier kill between the first and the last. */
  unexplainedDuplicates: number;
  /** Arrivals that are not what was due: another id than the event's, another type, a wrong response. */
  unexpected: number;
  /** Events about no response of this soak. */
  strays: number;
  /** Requests the receiver refused (500) or answered too late: each was retried. */
  refusedAttempts: number;
  problems: { responseId: string; problem: string }[];
}

/**
 * Every response of the soak is due one `response.classified` event at the CRM's webhook (it
 * wants every group): compares the events stored with the requests the receiver answered 2xx.
 */
export async function checkWebhook(system: ChaosSystem, responseIds: readonly string[]): Promise<WebhookVerdict> {
  const events = await system.db.selectFrom('events').select(['id', 'responseId', 'type']).where('type', '=', 'response.classified').execute();
  const eventOf = new Map(events.map((event) => [event.responseId, event.id]));
  const notifierKills = system.kills.filter((kill) => kill.service === 'notifier').map((kill) => kill.at);
  const accepted = system.webhook.accepted().map((request) => {
    const body = JSON.parse(request.body) as { type?: unknown; data?: { responseId?: unknown } };
    return { id: String(request.headers['webhook-id']), type: body.type, responseId: body.data?.responseId, at: request.at.getTime() };
  });
  const soak = new Set(responseIds);
  const verdict: WebhookVerdict = {
    lost: 0,
    duplicated: 0,
    unexplainedDuplicates: 0,
    unexpected: 0,
    strays: accepted.filter((arrival) => typeof arrival.responseId !== 'string' || !soak.has(arrival.responseId)).length,
    refusedAttempts: system.webhook.received.length - accepted.length,
    problems: [],
  };
  const startedAt = Date.now() - performance.now();
  for (const responseId of responseIds) {
    const arrived = accepted.filter((arrival) => arrival.responseId === responseId);
    const eventId = eventOf.get(responseId);
    if (arrived.length === 0) {
      verdict.lost += 1;
      verdict.problems.push({ responseId, problem: eventId ? 'event never arrived' : 'no event recorded' });
      continue;
    }
    const wrong = arrived.filter((arrival) => arrival.id !== eventId || arrival.type !== 'response.classified');
    if (wrong.length > 0) {
      verdict.unexpected += wrong.length;
      verdict.problems.push({ responseId, problem: 'arrived under another id or type' });
    }
    const [first] = arrived;
    const last = arrived.at(-1);
    if (first && last && arrived.length > 1) {
      verdict.duplicated += arrived.length - 1;
      // Kills are on the soak's performance clock; arrivals on the wall clock.
      const killsBetween = notifierKills.filter((at) => at + startedAt > first.at - KILL_BEFORE_ARRIVAL_MS && at + startedAt < last.at).length;
      const unexplained = Math.max(0, arrived.length - 1 - killsBetween);
      verdict.unexplainedDuplicates += unexplained;
      if (unexplained > 0) {
        const times = arrived.map((arrival) => new Date(arrival.at).toISOString()).join(', ');
        const kills = notifierKills.map((at) => new Date(at + startedAt).toISOString()).join(', ');
        verdict.problems.push({ responseId, problem: `${unexplained} duplicate(s) without a notifier kill: arrived ${times}; notifier killed ${kills || 'never'}` });
      }
    }
  }
  return verdict;
}
