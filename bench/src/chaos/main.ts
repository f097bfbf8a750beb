import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { runSoak } from './soak.ts';

/**
 * pnpm chaos: the long soak. CHAOS_RESPONSES, CHAOS_RATE, CHAOS_SEED tune it; the report is
 * printed and written as JSON to bench/results/. Exit code 1 when a requirement fails.
 */
const settings = z
  .object({
    CHAOS_RESPONSES: z.coerce.number().int().min(1).default(5000),
    CHAOS_RATE: z.coerce.number().min(1).default(40),
    CHAOS_SEED: z.coerce.number().int().default(Date.now() % 100_000),
    CHAOS_SETTLE_SECONDS: z.coerce.number().int().min(10).default(300),
    PATH: z.string().default(''),
  })
  .parse(process.env);

const say = (line: string) => process.stdout.write(`${line}\n`);
const report = await runSoak({
  responses: settings.CHAOS_RESPONSES,
  rate: settings.CHAOS_RATE,
  faults: true,
  seed: settings.CHAOS_SEED,
  settleTimeoutMs: settings.CHAOS_SETTLE_SECONDS * 1000,
  path: settings.PATH,
  say,
});

const { verdict, faults, clients } = report;
say('');
say(`seed ${report.settings.seed}, ${report.seconds} s`);
say(
  `clients: ${clients.accepted} answered 202, ${clients['already-stored']} stored by an earlier try (409 on a retry), ${clients.refused} refused, ${clients['gave-up']} gave up; ${report.retried} needed a retry`,
);
say(
  `faults: SIGKILL ingest ${faults.killed.ingest}, classifier ${faults.killed.classifier}, scheduler ${faults.killed.scheduler}, notifier ${faults.killed.notifier}; Redis restarts ${faults.redisRestarts}, flushed ${faults.redisFlushes}; PostgreSQL restarts ${faults.postgresRestarts}; SMTP 451 ${faults.smtpWindows['451']}, 421 ${faults.smtpWindows['421']}, drops ${faults.smtpWindows.drop}; SMPP throttled ${faults.smsWindows.throttle}, ESME_RSYSERR ${faults.smsWindows.syserr}, slow ${faults.smsWindows.slow}, dropped ${faults.smsWindows.drop}, every session dropped ${faults.smppSessionDrops}; webhook 500 ${faults.webhookWindows['500']}, timeouts ${faults.webhookWindows.timeout}`,
);
for (const crash of report.crashes) {
  say(`CRASH: ${crash.service} exited by itself (code ${crash.code}, signal ${crash.signal}): ${crash.lastError ?? 'no error logged'}`);
}
const { email, sms } = verdict.channels;
const { webhook } = report;
say('');
say(`stored responses: ${verdict.stored} (required ${report.settings.responses})`);
say('');
say('| per channel | e-mail | SMS | webhook | required |');
say('|---|---|---|---|---|');
say(`| lost (an alert or event that was due never arrived) | ${email.lost} | ${sms.lost} | ${webhook.lost} | 0 |`);
say(`| duplicated (extra messages) | ${email.duplicated} | ${sms.duplicated} | ${webhook.duplicated} | ≤ notifier kills between acceptance and recording |`);
say(`| duplicated, not explained by a notifier kill | ${email.unexplainedDuplicates} | ${sms.unexplainedDuplicates} | ${webhook.unexplainedDuplicates} | 0 |`);
say(`| unexpected (messages nobody should have got) | ${email.unexpected + email.strays} | ${sms.unexpected + sms.strays} | ${webhook.unexpected + webhook.strays} | 0 |`);
say(`| refused for good by the peer (vacant mailbox, dead number), recorded as failed | ${email.refusedAndRecorded} | ${sms.refusedAndRecorded} | — | — |`);
say(`| attempts refused or answered too late, and retried | — | — | ${webhook.refusedAttempts} | — |`);
for (const problem of report.problems.slice(0, 20)) say(`problem: ${JSON.stringify(problem)}`);
for (const problem of report.webhookProblems.slice(0, 20)) say(`webhook problem: ${JSON.stringify(problem)}`);
say(report.passed ? '\nPASSED' : '\nFAILED');

const directory = fileURLToPath(new URL('../../results/', import.meta.url));
mkdirSync(directory, { recursive: true });
const file = `${directory}chaos-${new Date().toISOString().replaceAll(':', '-')}.json`;
writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
say(`written: ${file}`);
process.exitCode = report.passed ? 0 : 1;
