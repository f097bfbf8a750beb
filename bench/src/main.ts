import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { measureDeliveries, measureWebhookDeliveries } from './deliveries.ts';
import { measureBurst, measureLiveClassification } from './live-path-phases.ts';
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

  say('1/8 ingest throughput, ingest alone …');
  const throughputAlone = await measureThroughput(system);

  say('2/8 live classification of what it queued …');
  const classification = await measureLiveClassification(system);

  say('3/8 ingest throughput, all services running …');
  await system.startService('scheduler');
  await system.startService('notifier');
  const throughput = await measureThroughput(system);
  // The run left its responses queued: let them go through first.
  await settle(system);

  say('4/8 submit → alert latency at 50/s and 200/s …');
  const smtpFloor = await measureSmtpFloor(system);
  // The notifier has not sent an alert yet: its code is still cold (V8 optimises what runs
  // often). A few seconds at 50/s, not counted, warm it up, so that the figures are the steady
  // state and not the first seconds after a start.
  await measureLatency(system, 50, benchConfig.warmupSeconds);
  await settle(system);
  const latency50 = await measureLatency(system, 50);
  const latency200 = await measureLatency(system, 200);
  await settle(system);

  say('5/8 submit → alert at 50/s after a 6 s burst of neutral responses …');
  const burst = await measureBurst(system);
  await settle(system);

  say('6/8 e-mails per second …');
  const notifier = await measureDeliveries(system, 'email', benchConfig.deliveryResponses);
  const sms = await measureDeliveries(system, 'sms', benchConfig.deliveryResponses);
  const webhooks = await measureWebhookDeliveries(system, benchConfig.webhooks);
  await settle(system);
  system.notePeakRss();
  await system.stopService('notifier');
  await system.stopService('scheduler');
  await system.stopService('classifier');

  say('7/8 backlog drain …');
  const backlog = await measureBacklog(system);

  say('8/8 form page …');
  const form = await measureFormPage(system);
  system.notePeakRss();

  const nodeFloor = idleNodeRss();
  const memory = Object.fromEntries([...system.peakRss].map(([name, mib]) => [name, round(mib)]));
  const throughputFigures = (figures: typeof throughput) => ({
    responsesPerSecond: round(figures.responses.okPerSecond),
    healthzPerSecond: round(figures.healthz.okPerSecond),
    ratio: round(figures.ratio, 3),
    accepted: figures.responses.ok,
    stored: figures.stored,
    refused: figures.responses.non2xx,
    errors: figures.responses.errors,
    ingestCpuMsPerResponse: round(figures.cpuMsPerResponse, 3),
    ingestCpuMsPerHealthz: round(figures.cpuMsPerHealthz, 3),
  });
  const latencyFigures = (figures: typeof latency50) => ({
    p50: round(figures.p50),
    p95: round(figures.p95),
    p99: round(figures.p99),
    max: round(figures.max),
    alerts: figures.alerts,
  });
  const results = {
    date: new Date().toISOString(),
    machine: {
      cores: os.cpus().length,
      model: os.cpus()[0]?.model ?? 'unknown',
      memoryGiB: round(os.totalmem() / 2 ** 30, 1),
      node: process.version,
      // The machine is shared: the load it carried besides the bench.
      loadAverageAtEnd: os.loadavg().map((value) => round(value, 2)),
    },
    throughput: { ...throughputFigures(throughput), target: 0.35, ingestAlone: throughputFigures(throughputAlone) },
    classification: {
      responses: classification.responses,
      perSecond: round(classification.perSecond),
      seconds: round(classification.seconds, 1),
      cpuMsPerResponse: round(classification.cpuMsPerResponse, 3),
      target: 3000,
    },
    latency: {
      smtpFloorMs: { p50: round(smtpFloor.p50, 1), p99: round(smtpFloor.p99, 1) },
      at50: latencyFigures(latency50),
      at200: latencyFigures(latency200),
      afterBurst: { ...latencyFigures(burst.latency), burstStored: burst.burstStored, burstPerSecond: round(burst.burstPerSecond) },
      targetP99At50: 250,
      targetP99At200: 250,
      targetP99AfterBurst: 1000,
    },
    notifier: {
      emails: notifier.messages,
      perSecond: round(notifier.perSecond),
      cpuMsPerEmail: round(notifier.cpuMsPerMessage, 2),
      transportPerSecond: round(notifier.transportPerSecond),
      directSmtpPerSecond: round(smtpFloor.perSecond),
      target: 400,
    },
    sms: {
      messages: sms.messages,
      perSecond: round(sms.perSecond),
      cpuMsPerSms: round(sms.cpuMsPerMessage, 2),
      transportPerSecond: round(sms.transportPerSecond),
    },
    webhooks: {
      messages: webhooks.messages,
      perSecond: round(webhooks.perSecond),
      cpuMsPerWebhook: round(webhooks.cpuMsPerMessage, 2),
      transportPerSecond: round(webhooks.transportPerSecond),
    },
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

  const verdict = (ok: boolean) => (ok ? 'met' : '**not met**');
  const { at50, at200, afterBurst } = results.latency;
  const floor = `one direct SMTP send: p50 ${results.latency.smtpFloorMs.p50} ms, p99 ${results.latency.smtpFloorMs.p99} ms`;
  say('');
  say(`load average at the end (1, 5, 15 min): ${results.machine.loadAverageAtEnd.join(', ')}`);
  say('');
  say('| figure | this run | baseline (same run) | target |');
  say('|---|---|---|---|');
  say(
    `| accepted responses/s ÷ /healthz rps, all services running | ${results.throughput.ratio} (${results.throughput.responsesPerSecond} responses/s; ingest CPU ${results.throughput.ingestCpuMsPerResponse} ms each) | ${results.throughput.healthzPerSecond} GET /healthz/s (CPU ${results.throughput.ingestCpuMsPerHealthz} ms each); ingest alone: ratio ${results.throughput.ingestAlone.ratio} | ≥ 0.35: ${verdict(results.throughput.ratio >= 0.35)} |`,
  );
  say(
    `| live classification | ${results.classification.perSecond} responses/s (${classification.responses} in ${results.classification.seconds} s; CPU ${results.classification.cpuMsPerResponse} ms each) | backlog drain: ${results.backlog.drainPerSecond}/s | ≥ 3000/s: ${verdict(results.classification.perSecond >= 3000)} |`,
  );
  say(`| submit → alert at 50/s, idle | p50 ${at50.p50} ms, p99 ${at50.p99} ms (${at50.alerts} e-mails) | ${floor} | p99 ≤ 250 ms: ${verdict(at50.p99 <= 250)} |`);
  say(
    `| submit → alert at 50/s, 1 s after a 6 s burst of ${afterBurst.burstStored} neutral responses | p50 ${afterBurst.p50} ms, p99 ${afterBurst.p99} ms (${afterBurst.alerts} e-mails) | idle at 50/s: p99 ${at50.p99} ms | p99 ≤ 1 s: ${verdict(afterBurst.p99 <= 1000)} |`,
  );
  say(
    `| e-mails/s the notifier sends | ${results.notifier.perSecond}/s (${results.notifier.emails}; CPU ${results.notifier.cpuMsPerEmail} ms each) | the notifier's mailer called straight, as many at a time: ${results.notifier.transportPerSecond}/s; one direct SMTP connection: ${results.notifier.directSmtpPerSecond}/s | ≥ 400/s: ${verdict(results.notifier.perSecond >= 400)} |`,
  );
  say(
    `| SMS/s the notifier sends (SMPP) | ${results.sms.perSecond}/s (${results.sms.messages}; CPU ${results.sms.cpuMsPerSms} ms each) | the notifier's SMPP transport called straight, as many at a time: ${results.sms.transportPerSecond}/s | — |`,
  );
  say(`| submit → alert at 200/s | p50 ${at200.p50} ms, p99 ${at200.p99} ms (${at200.alerts} e-mails) | ${floor} | p99 ≤ 250 ms: ${verdict(at200.p99 <= 250)} |`);
  say(
    `| webhooks/s the notifier sends (signed, each over a connection to the address checked for it) | ${results.webhooks.perSecond}/s (${results.webhooks.messages}; CPU ${results.webhooks.cpuMsPerWebhook} ms each) | the notifier's HTTP transport called straight, as many at a time: ${results.webhooks.transportPerSecond}/s | — |`,
  );
  say(
    `| backlog drain | ${results.backlog.drainPerSecond} responses/s (${backlog.responses} in ${results.backlog.seconds} s, ${backlog.alertsQueued} alerts queued) | bulk INSERT of the same rows: ${results.backlog.bulkInsertPerSecond}/s | ≥ 5000/s: ${verdict(results.backlog.drainPerSecond >= 5000)} |`,
  );
  say(
    `| peak RSS per service | ${Object.entries(memory).map(([name, mib]) => `${name} ${mib}`).join(', ')} MiB | an idle Node process: ${results.memory.idleNodeMiB} MiB | ≤ 150 MiB: ${verdict(Object.values(memory).every((mib) => mib <= 150))} |`,
  );
  say(
    `| form page | ${results.form.pagesPerSecond} pages/s, p99 ${results.form.p99Ms} ms | GET /healthz: ${results.form.healthzPerSecond}/s, p99 ${results.form.healthzP99Ms} ms → ratio ${results.form.ratio} | — |`,
  );

  mkdirSync(resultsDirectory, { recursive: true });
  const file = `${resultsDirectory}${results.date.replaceAll(':', '-')}.json`;
  writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(`${resultsDirectory}latest.json`, `${JSON.stringify(results, null, 2)}\n`);
  say(`\nwritten: ${file}`);
} catch (error) {
  for (const line of system.exitedServices()) say(`CRASH: ${line}`);
  throw error;
} finally {
  await system.stop();
}
