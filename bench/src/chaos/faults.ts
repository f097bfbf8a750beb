import { between, pick, shuffled } from './random.ts';
import { SERVICES, type ChaosSystem, type ServiceName, type SmsMode, type SmtpMode, type WebhookMode } from './system.ts';

export interface FaultLog {
  killed: Record<ServiceName, number>;
  redisRestarts: number;
  redisFlushes: number;
  postgresRestarts: number;
  smtpWindows: Record<Exclude<SmtpMode, 'accept'>, number>;
  smsWindows: Record<Exclude<SmsMode, 'accept'>, number>;
  /** Times the SMPP gateway closed every bound session at once, as a restart would. */
  smppSessionDrops: number;
  webhookWindows: Record<Exclude<WebhookMode, 'accept'>, number>;
}

export function emptyFaultLog(): FaultLog {
  return {
    killed: { ingest: 0, classifier: 0, scheduler: 0, notifier: 0 },
    redisRestarts: 0,
    redisFlushes: 0,
    postgresRestarts: 0,
    smtpWindows: { '451': 0, '421': 0, drop: 0 },
    smsWindows: { throttle: 0, syserr: 0, slow: 0, drop: 0 },
    smppSessionDrops: 0,
    webhookWindows: { '500': 0, timeout: 0 },
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Breaks things at random until `stopped()` says so: SIGKILLs a service and starts it again
 * a moment later, restarts Redis (sometimes with its data gone), opens windows in which the
 * SMTP server defers (451), shuts down (421) or drops the connection after DATA, and in which
 * the SMPP gateway throttles, fails, answers slowly or drops the session (or drops every
 * session at once), or the CRM's webhook receiver answers 500 or too late, and restarts
 * PostgreSQL once, halfway. (Outside its windows the receiver answers a share of requests 500
 * at random.)
 */
export async function breakThings(
  system: ChaosSystem,
  { random, stopped, progress, say }: { random: () => number; stopped: () => boolean; progress: () => number; say: (line: string) => void },
): Promise<FaultLog> {
  const log = emptyFaultLog();
  // Each kind of fault once first, in a random order, so that even a short soak has them all.
  const firstRound = shuffled(random, ['kill', 'redis', 'smtp', 'sms', 'webhook'] as const);
  while (!stopped()) {
    await sleep(between(random, 800, 2500));
    if (stopped()) break;
    if (log.postgresRestarts === 0 && progress() >= 0.5) {
      say('fault: restart PostgreSQL');
      await system.postgres.restart();
      log.postgresRestarts += 1;
      continue;
    }
    const fault = firstRound.shift() ?? pick(random, ['kill', 'kill', 'kill', 'redis', 'smtp', 'smtp', 'sms', 'sms', 'webhook'] as const);
    if (fault === 'kill') {
      const service = pick(random, SERVICES);
      say(`fault: SIGKILL ${service}`);
      await system.kill(service);
      log.killed[service] += 1;
      await sleep(between(random, 200, 1500));
      system.start(service);
    } else if (fault === 'redis') {
      const flush = random() < 0.4;
      say(`fault: restart Redis${flush ? ' with its data gone' : ''}`);
      await system.redis.kill();
      if (flush) system.redis.forgetData();
      await sleep(between(random, 200, 1200));
      await system.redis.start();
      if (flush) log.redisFlushes += 1;
      else log.redisRestarts += 1;
    } else if (fault === 'webhook') {
      const mode = pick(random, ['500', 'timeout'] as const);
      say(`fault: webhook ${mode}`);
      system.webhookMode = mode;
      await sleep(between(random, 1000, 4000));
      system.webhookMode = 'accept';
      log.webhookWindows[mode] += 1;
    } else if (fault === 'sms') {
      if (random() < 0.25) {
        say('fault: SMPP gateway drops every session');
        system.smpp.dropSessions();
        log.smppSessionDrops += 1;
        continue;
      }
      const mode = pick(random, ['throttle', 'syserr', 'slow', 'drop'] as const);
      say(`fault: SMPP ${mode}`);
      system.smsMode = mode;
      await sleep(between(random, 1000, 4000));
      system.smsMode = 'accept';
      log.smsWindows[mode] += 1;
    } else {
      const mode = pick(random, ['451', '421', 'drop'] as const);
      say(`fault: SMTP ${mode}`);
      system.smtpMode = mode;
      await sleep(between(random, 1000, 4000));
      system.smtpMode = 'accept';
      log.smtpWindows[mode] += 1;
    }
  }
  return log;
}
