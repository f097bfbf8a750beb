import { benchConfig } from './config.ts';
import { hammer } from './load.ts';
import { json, type LatencyFigures, measureLatency, until } from './phases.ts';
import { PROJECTS } from './seed.ts';
import type { BenchSystem } from './system.ts';

/**
 * The phases of the live path added for issue 10: how fast the classifier takes what ingest
 * queued, and alerts behind a burst of neutral responses (e-mails per second: deliveries.ts).
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
