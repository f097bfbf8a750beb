import { benchConfig } from './config.ts';
import { hammer } from './load.ts';
import { alertMessagesOf, json, type LatencyFigures, measureLatency, submitNegative, until } from './phases.ts';
import { PROJECTS } from './seed.ts';
import type { BenchSystem } from './system.ts';

/**
 * The phases of the live path added for issue 10: how fast the classifier takes what ingest
 * queued, alerts behind a burst of neutral responses, and e-mails per second.
 */

async function unclassifiedResponses(system: BenchSystem): Promise<number> {
  const row = await system.db
    .selectFrom('responses')
    .select((eb) => eb.fn.countAll<string>().as('count'))
    .where('classifiedAt', 'is', null)
    .executeTakeFirstOrThrow();
  return Number(row.count);
}

export interface ClassificationFigures {
  responses: number;
  seconds: number;
  perSecond: number;
  cpuMsPerResponse: number;
}

/**
 * Live classification: the classify jobs ingest queued during a throughput run (as many as it
 * stored, in its group-commit batches), taken by a classifier started afterwards. Timed from the
 * first response it classified to the last.
 */
export async function measureLiveClassification(system: BenchSystem): Promise<ClassificationFigures> {
  const responses = await unclassifiedResponses(system);
  await system.startService('classifier');
  const cpuAtStart = system.cpuMs('classifier');
  await until(async () => (await unclassifiedResponses(system)) === 0, 600_000, 'the live classification');
  const done = Date.now();
  const cpu = system.cpuMs('classifier') - cpuAtStart;
  const first = await system.db.selectFrom('responses').select((eb) => eb.fn.min('classifiedAt').as('first')).executeTakeFirstOrThrow();
  const seconds = (done - new Date(first.first ?? done).getTime()) / 1000;
  return { responses, seconds, perSecond: responses / seconds, cpuMsPerResponse: cpu / responses };
}

export interface BurstFigures {
  /** Neutral responses stored by the 6-second burst. */
  burstStored: number;
  burstPerSecond: number;
  latency: LatencyFigures;
}

/**
 * Alerts behind a burst: 6 seconds of neutral responses at full speed (about as many as the
 * classifier can take in that time, queued ahead of what follows), then, 1 second after the
 * burst ended, − responses at 50/s, timed from submit to alert e-mail.
 */
export async function measureBurst(system: BenchSystem, seconds = benchConfig.latencySeconds): Promise<BurstFigures> {
  const burstSeconds = 6;
  const burst = hammer({
    url: `${system.ingestUrl}/api/v1/responses`,
    method: 'POST',
    headers: json,
    body: JSON.stringify({
      projectId: PROJECTS[1],
      satisfaction: 'tevreden',
      wouldRecommend: true,
      wantsMoreServices: false,
      respondent: { name: 'Bench Burst', email: 'burst[<id>]@bench.example' },
    }),
    uniqueIds: true,
    seconds: burstSeconds,
  });
  await new Promise((resolve) => setTimeout(resolve, (burstSeconds + 1) * 1000));
  const latency = await measureLatency(system, 50, seconds);
  const load = await burst;
  return { burstStored: load.ok, burstPerSecond: load.okPerSecond, latency };
}

export interface NotifierFigures {
  emails: number;
  perSecond: number;
  cpuMsPerEmail: number;
}

/**
 * E-mails per second the notifier sends to the SMTP sink: alerts stored and queued while it is
 * stopped, then sent by a notifier started afterwards; timed by the sink, from the first
 * message it accepted to the last.
 */
export async function measureNotifier(system: BenchSystem, responses = 2000): Promise<NotifierFigures> {
  await system.stopService('notifier');
  const tag = Date.now().toString(36);
  const ids: string[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: 32 }, async () => {
      while (next < responses) {
        const index = next;
        next += 1;
        ids.push(await submitNegative(system, index, `mail-${tag}-${index}@bench.example`));
      }
    }),
  );
  const pendingOf = () => alertMessagesOf(system, ids, 'pending');
  await until(async () => (await pendingOf()) === ids.length * 2, 120_000, 'the alerts to be stored');
  await system.startService('notifier');
  const cpuAtStart = system.cpuMs('notifier');
  await until(async () => (await pendingOf()) === 0, 300_000, 'the notifier to send them');
  const cpu = system.cpuMs('notifier') - cpuAtStart;
  const deliveries = await system.db
    .selectFrom('alerts')
    .innerJoin('deliveries', 'deliveries.alertId', 'alerts.id')
    .select('deliveries.id')
    .where('alerts.responseId', 'in', ids)
    .execute();
  const accepted = deliveries.map((delivery) => system.acceptedAt.get(`<alert-${delivery.id}@bench.example>`) ?? Number.NaN).sort((a, b) => a - b);
  const first = accepted[0] ?? Number.NaN;
  const last = accepted.at(-1) ?? Number.NaN;
  return { emails: accepted.length, perSecond: ((accepted.length - 1) * 1000) / (last - first), cpuMsPerEmail: cpu / accepted.length };
}
