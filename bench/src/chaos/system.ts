import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createDatabase, type Database } from '@ambassador/db/database';
import { spawnService, type ServiceProcess } from '@ambassador/testing/processes';
import { startPostgresServer, type PostgresServerUnderTest } from '@ambassador/testing/postgres-server';
import { freePort, type RedisServerUnderTest, startRedisServer } from '@ambassador/testing/redis-server';
import { type ReceiverVerdict, startTestHttpReceiver, type TestHttpReceiver } from '@ambassador/testing/http-receiver';
import { type SmppVerdict, startTestSmppServer, type TestSmppServer } from '@ambassador/testing/smpp-server';
import { startTestSmtpServer, type TestSmtpServer, type Verdict } from '@ambassador/testing/smtp-server';
import pg from 'pg';
import { DEAD_MAILBOX, DEAD_PHONE } from './firm.ts';

const run = promisify(execFile);
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

export const API_KEY = 'chaos-api-key-0123456789';
export const SERVICES = ['ingest', 'classifier', 'scheduler', 'notifier'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** What the SMTP server does with the next messages, besides refusing the vacant mailbox. */
export type SmtpMode = 'accept' | '451' | '421' | 'drop';

/**
 * What the SMPP gateway does with the next messages, besides refusing the dead number:
 * throttle (ESME_RTHROTTLED), fail for a while (ESME_RSYSERR), answer only after a second
 * or two, or drop the session without answering.
 */
export type SmsMode = 'accept' | 'throttle' | 'syserr' | 'slow' | 'drop';

/**
 * What the CRM's webhook receiver does with the next requests: answer 204, answer 500, or
 * answer 504 only after the notifier's timeout (DESTINATION_TIMEOUT_MS) has passed.
 */
export type WebhookMode = 'accept' | '500' | 'timeout';

/** How long the notifier waits for the webhook receiver in the soak; a `timeout` answer comes later. */
const WEBHOOK_TIMEOUT_MS = 1000;

/** A service that exited without being told to: a bug, whatever the fault around it. */
export interface Crash {
  service: ServiceName;
  code: number | null;
  signal: NodeJS.Signals | null;
  /** The message of the last error it logged, if any. */
  lastError: string | undefined;
}

export interface Delivery {
  messageId: string;
  to: string[];
  acceptedAt: number;
}

/** An SMS the gateway accepted. */
export interface SmsDelivery {
  /** E.164 with its `+`. */
  to: string;
  text: string;
  acceptedAt: number;
}

/**
 * Everything a soak breaks, all of its own: a PostgreSQL server (restartable), a
 * redis-server with an append-only file (restartable, and flushable), an SMTP server, an SMPP
 * gateway and a webhook receiver (the firm's CRM) whose answers change on command, and the
 * services as processes that can be killed.
 */
export class ChaosSystem {
  /** What the SMTP server accepted, in order. */
  readonly deliveries: Delivery[];
  /** What the SMPP gateway accepted, in order. */
  readonly smsDeliveries: SmsDelivery[] = [];
  smtpMode: SmtpMode = 'accept';
  smsMode: SmsMode = 'accept';
  webhookMode: WebhookMode = 'accept';
  /** Besides the windows of `webhookMode`, this share of webhook requests is answered 500 at random. */
  webhookFailureRate = 0;
  /** Draws the random webhook failures; the soak gives its seeded generator. */
  random: () => number = Math.random;
  readonly services = new Map<ServiceName, ServiceProcess>();
  readonly kills: { service: ServiceName; at: number }[] = [];
  readonly crashes: Crash[] = [];
  private stopping = false;
  readonly postgres: PostgresServerUnderTest;
  readonly redis: RedisServerUnderTest;
  readonly smtp: TestSmtpServer;
  readonly smpp: TestSmppServer;
  readonly webhook: TestHttpReceiver;
  readonly databaseUrl: string;
  readonly db: Database;
  readonly ingestPort: number;
  readonly path: string;

  private constructor(parts: {
    postgres: PostgresServerUnderTest;
    redis: RedisServerUnderTest;
    smtp: TestSmtpServer;
    smpp: TestSmppServer;
    webhook: TestHttpReceiver;
    deliveries: Delivery[];
    databaseUrl: string;
    ingestPort: number;
    path: string;
  }) {
    this.deliveries = parts.deliveries;
    this.postgres = parts.postgres;
    this.redis = parts.redis;
    this.smtp = parts.smtp;
    this.smpp = parts.smpp;
    this.webhook = parts.webhook;
    this.webhook.respondWith(() => this.webhookVerdict());
    this.databaseUrl = parts.databaseUrl;
    this.ingestPort = parts.ingestPort;
    this.path = parts.path;
    this.db = createDatabase(parts.databaseUrl, { poolSize: 3 });
    this.smtp.respondWith((_attempt, envelope) => this.verdictFor(envelope.to));
    this.smpp.respondWith((_attempt, sms) => {
      const verdict = this.smsVerdictFor(`+${sms.destination}`);
      if (verdict.kind === 'accept') this.smsDeliveries.push({ to: `+${sms.destination}`, text: sms.text, acceptedAt: performance.now() });
      return verdict;
    });
  }

  static async start(path: string): Promise<ChaosSystem> {
    const deliveries: Delivery[] = [];
    const postgres = await startPostgresServer();
    const databaseUrl = postgres.url.replace(/\/postgres$/u, '/ambassador');
    const admin = new pg.Client({ connectionString: postgres.url });
    await admin.connect();
    await admin.query('CREATE DATABASE ambassador');
    await admin.end();
    await run(process.execPath, ['packages/db/src/migrate-main.ts'], {
      cwd: repositoryRoot,
      env: { PATH: path, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    });
    return new ChaosSystem({
      postgres,
      redis: await startRedisServer({ persistent: true }),
      smtp: await startTestSmtpServer({
        sink: ({ messageId, envelope }) => deliveries.push({ messageId, to: envelope.to, acceptedAt: performance.now() }),
      }),
      smpp: await startTestSmppServer(),
      webhook: await startTestHttpReceiver(),
      deliveries,
      databaseUrl,
      ingestPort: await freePort(),
      path,
    });
  }

  private verdictFor(to: string[]): Verdict {
    if (to.includes(DEAD_MAILBOX)) return { kind: 'reply', code: 550, message: '5.1.1 Mailbox unavailable' };
    switch (this.smtpMode) {
      case 'accept':
        return { kind: 'accept' };
      case '451':
        return { kind: 'reply', code: 451, message: '4.3.0 Try again later' };
      case '421':
        return { kind: 'reply', code: 421, message: '4.3.2 Service shutting down' };
      case 'drop':
        return { kind: 'drop' };
    }
  }

  private webhookVerdict(): ReceiverVerdict {
    if (this.webhookMode === '500' || this.random() < this.webhookFailureRate) return { kind: 'answer', status: 500 };
    if (this.webhookMode === 'timeout') return { kind: 'answer', status: 504, delayMs: WEBHOOK_TIMEOUT_MS * 2 };
    return { kind: 'answer', status: 204 };
  }

  private smsVerdictFor(to: string): SmppVerdict {
    if (to === DEAD_PHONE) return { kind: 'refuse', status: 'ESME_RINVDSTADR' };
    switch (this.smsMode) {
      case 'accept':
        return { kind: 'accept' };
      case 'throttle':
        return { kind: 'refuse', status: 'ESME_RTHROTTLED' };
      case 'syserr':
        return { kind: 'refuse', status: 'ESME_RSYSERR' };
      case 'slow':
        return { kind: 'accept', delayMs: 1500 };
      case 'drop':
        return { kind: 'drop' };
    }
  }

  environment(): Record<string, string> {
    return {
      PATH: this.path,
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: this.redis.url,
      SMTP_URL: this.smtp.url,
      SMPP_URL: this.smpp.url,
      SMS_SENDER: 'Chaos',
      // The webhook receiver listens on 127.0.0.1.
      DESTINATIONS_ALLOW_PRIVATE: 'true',
      DESTINATION_TIMEOUT_MS: String(WEBHOOK_TIMEOUT_MS),
      MAIL_FROM: 'Chaos <noreply@chaos.example>',
      PORT: String(this.ingestPort),
      HOST: '127.0.0.1',
      API_KEYS: API_KEY,
      SECRET_KEY: 'chaos-secret-key-chaos-secret-key-0123',
      HEALTH_PORT: '0',
      LOG_LEVEL: 'warn',
      // Quick hands: the scheduler's tasks run often, killed workers' jobs come back soon.
      SWEEP_INTERVAL_MS: '500',
      SWEEP_GRACE_MS: '3000',
      JOB_LOCK_MS: '2000',
      NOTIFIER_CONCURRENCY: '4',
      // Escalations are not what this soak is about.
      FOLLOW_UP_NEGATIVE_WORKING_DAYS: '0',
      FOLLOW_UP_POSITIVE_WORKING_DAYS: '0',
    };
  }

  /**
   * Starts a service. Should it exit on its own, the crash is recorded and the service started
   * again half a second later, as compose's `restart: unless-stopped` would.
   */
  start(service: ServiceName): void {
    const child = spawnService(service, this.environment());
    this.services.set(service, child);
    child.child.once('exit', (code, signal) => {
      // Killed or stopped by the soak: it was taken out of the map first.
      if (this.services.get(service) !== child) return;
      this.services.delete(service);
      const lastError = child.logs.findLast((line) => line.level === 'error' || line.level === 'fatal');
      const err = lastError?.err as { message?: unknown } | undefined;
      const message = typeof err?.message === 'string' ? err.message : typeof lastError?.msg === 'string' ? lastError.msg : undefined;
      this.crashes.push({ service, code, signal, lastError: message });
      setTimeout(() => {
        if (!this.stopping && !this.services.has(service)) this.start(service);
      }, 500);
    });
  }

  async kill(service: ServiceName): Promise<void> {
    const process = this.services.get(service);
    this.services.delete(service);
    this.kills.push({ service, at: performance.now() });
    await process?.kill('SIGKILL');
  }

  get ingestUrl(): string {
    return `http://127.0.0.1:${this.ingestPort}`;
  }

  async ingestAnswers(): Promise<boolean> {
    try {
      return (await fetch(`${this.ingestUrl}/healthz`, { signal: AbortSignal.timeout(1000) })).ok;
    } catch {
      return false;
    }
  }

  async stop(): Promise<void> {
    this.stopping = true;
    for (const service of SERVICES) {
      const process = this.services.get(service);
      this.services.delete(service);
      await process?.kill('SIGTERM');
    }
    await this.db.destroy();
    await this.smtp.close();
    await this.smpp.close();
    await this.webhook.close();
    await this.redis.kill();
    await this.postgres.stop();
  }
}
