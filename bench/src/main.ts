import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { measureDeliveries, measureWebhookDeliveries } from './deliveries.ts';
import { measureBacklog, measureFormPage, measureLatency, measureSmtpFloor, measureThroughput, settle } from './phases.ts';
import { benchConfig } from './config.ts';
import { seedFirm } from './seed.ts';
import { BenchSystem } from './system.ts';

/**
 * pnpm bench: every figure next to a baseline measured in the same run on the same machine,
 * because absolute numbers drift on shared machines. Prints a table; writes JSON to
 * bench/results/.
 */

const resultsDirectory = fileURLToPath(new URL('../results/', import.meta.url));

function say(message: string): void {
  process.stdout.write(`${message}\n`);
}

/** The resident memory of a Node process that does nothing: the runtime's own floor. */
function idleNodeRss(): number {
  const output = execFileSync(process.execPath, ['-e', 'setTimeout(() => process.stdout.write(String(process.memoryUsage().rss)), 200)']);
  return Number(output.toString()) / 1024 / 1024;
}

const round = (value: number, digits = 0) => Number(value.toFixed(digits));

const system = await BenchSystem.start();
try {
  say(`bench: ${os.cpus().length} cores, ${round(os.totalmem() / 2 ** 30, 1)} GiB, node ${process.version}`);
  await system.startService('ingest');
  await seedFirm(system);

  say('1/5 ingest throughput …');
  const throughput = await measureThroughput(system);

  say('2/5 submit → alert latency at 50/s and 200/s …');
  await system.startService('classifier');
  await system.startService('scheduler');
  await system.startService('notifier');
  // The throughput run left its responses queued: let them go through first.
  await settle(system);
  const smtpFloor = await measureSmtpFloor(system);
  // The classifier and the notifier have not run an alert yet: their code is still cold
  // (V8 optimises what runs often). A few seconds at 50/s, not counted, warm them up, so
  // that the figures are the steady state and not the first seconds after a start.
  await measureLatency(system, 50, benchConfig.warmupSeconds);
  await settle(system);
  const latency50 = await measureLatency(system, 50);
  const latency200 = await measureLatency(system, 200);
  system.notePeakRss();
  await system.stopService('notifier');

  say('4/5 deliveries per second, per channel …');
  const deliveries = [
    await measureDeliveries(system, 'email', benchConfig.deliveryResponses),
    await measureDeliveries(system, 'sms', benchConfig.deliveryResponses),
    await measureWebhookDeliveries(system, benchConfig.webhooks),
  ];
  await system.stopService('scheduler');
  await system.stopService('classifier');

  say('3/5 backlog drain …');
  const backlog = await measureBacklog(system);

  say('5/5 form page …');
  const form = await measureFormPage(system);
  system.notePeakRss();

  const nodeFloor = idleNodeRss();
  const memory = Object.fromEntries([...system.peakRss].map(([name, mib]) => [name, round(mib)]));
  const results = {
    date: new Date().toISOString(),
    machine: { cores: os.cpus().length, model: os.cpus()[0]?.model ?? 'unknown', memoryGiB: round(os.totalmem() / 2 ** 30, 1), node: process.version },
    throughput: {
      responsesPerSecond: round(throughput.responses.okPerSecond),
      healthzPerSecond: round(throughput.healthz.okPerSecond),
      ratio: round(throughput.ratio, 3),
      target: 0.35,
      accepted: throughput.responses.ok,
      stored: throughput.stored,
      refused: throughput.responses.non2xx,
      errors: throughput.responses.errors,
    },
    latency: {
      smtpFloorMs: { p50: round(smtpFloor.p50, 1), p99: round(smtpFloor.p99, 1) },
      at50: { p50: round(latency50.p50), p95: round(latency50.p95), p99: round(latency50.p99), max: round(latency50.max), alerts: latency50.alerts },
      at200: { p50: round(latency200.p50), p95: round(latency200.p95), p99: round(latency200.p99), max: round(latency200.max), alerts: latency200.alerts },
      targetP99At200: 250,
    },
    deliveries: Object.fromEntries(
      deliveries.map((figures) => [
        figures.channel,
        { messages: figures.messages, perSecond: round(figures.perSecond), transportPerSecond: round(figures.transportPerSecond) },
      ]),
    ),
    backlog: {
      responses: backlog.responses,
      drainPerSecond: round(backlog.drainPerSecond),
      bulkInsertPerSecond: round(backlog.insertPerSecond),
      alertsQueued: backlog.alertsQueued,
      seconds: round(backlog.seconds, 1),
      target: 5000,
    },
    memory: { peakRssMiB: memory, idleNodeMiB: round(nodeFloor), target: 150 },
    form: {
      pagesPerSecond: round(form.form.okPerSecond),
      p99Ms: form.form.p99,
      healthzPerSecond: round(form.healthz.okPerSecond),
      healthzP99Ms: form.healthz.p99,
      ratio: round(form.form.okPerSecond / form.healthz.okPerSecond, 3),
    },
  };

  const verdict = (ok: boolean) => (ok ? 'meets target' : 'BELOW TARGET');
  say('');
  say('| benchmark | figure | baseline (same run) | target |');
  say('|---|---|---|---|');
  say(
    `| ingest throughput | ${results.throughput.responsesPerSecond} accepted responses/s (${throughput.stored} stored) | ${results.throughput.healthzPerSecond} GET /healthz/s → ratio ${results.throughput.ratio} | ≥ 0.35: ${verdict(results.throughput.ratio >= 0.35)} |`,
  );
  for (const [rate, figures] of [[50, results.latency.at50], [200, results.latency.at200]] as const) {
    say(
      `| submit → alert at ${rate}/s | p50 ${figures.p50} ms, p95 ${figures.p95} ms, p99 ${figures.p99} ms (${figures.alerts} e-mails) | one direct SMTP send: p50 ${results.latency.smtpFloorMs.p50} ms, p99 ${results.latency.smtpFloorMs.p99} ms | ${rate === 200 ? `p99 ≤ 250 ms: ${verdict(figures.p99 <= 250)}` : '—'} |`,
    );
  }
  for (const figures of deliveries) {
    const name = { email: 'e-mails', sms: 'SMS', webhook: 'webhooks' }[figures.channel as 'email' | 'sms' | 'webhook'];
    say(
      `| ${name} sent per second, through the engine | ${round(figures.perSecond)}/s (${figures.messages} ${figures.channel === 'webhook' ? 'events' : 'alerts'}) | the transport called straight, 5 at a time: ${round(figures.transportPerSecond)}/s | ${figures.channel === 'email' ? `≥ 400/s: ${verdict(figures.perSecond >= 400)}` : '—'} |`,
    );
  }
  say(
    `| backlog drain | ${results.backlog.drainPerSecond} responses/s (${backlog.responses} in ${results.backlog.seconds} s, ${backlog.alertsQueued} alerts queued) | bulk INSERT of the same rows: ${results.backlog.bulkInsertPerSecond}/s | ≥ 5000/s: ${verdict(results.backlog.drainPerSecond >= 5000)} |`,
  );
  for (const [name, mib] of Object.entries(memory)) {
    say(`| peak memory: ${name} | ${mib} MiB | an idle Node process: ${results.memory.idleNodeMiB} MiB | ≤ 150 MB: ${verdict(mib <= 150)} |`);
  }
  say(
    `| form page | ${results.form.pagesPerSecond} pages/s, p99 ${results.form.p99Ms} ms | GET /healthz: ${results.form.healthzPerSecond}/s, p99 ${results.form.healthzP99Ms} ms → ratio ${results.form.ratio} | — |`,
  );

  mkdirSync(resultsDirectory, { recursive: true });
  const file = `${resultsDirectory}${results.date.replaceAll(':', '-')}.json`;
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${resultsDirectory}latest.json`, `${JSON.stringify(results, null, 2)}\n`);
  say(`\nwritten: ${file}`);
} finally {
  await system.stop();
}
