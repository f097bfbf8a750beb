import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createDatabase, type Database } from '@ambassador/db/database';
import { spawnService, type ServiceProcess } from '@ambassador/testing/processes';
import { startPostgresServer, type PostgresServerUnderTest } from '@ambassador/testing/postgres-server';
import { freePort, type RedisServerUnderTest, startRedisServer } from '@ambassador/testing/redis-server';
import { startTestSmtpServer, type TestSmtpServer, type Verdict } from '@ambassador/testing/smtp-server';
import pg from 'pg';
import { DEAD_MAILBOX } from './firm.ts';

const run = promisify(execFile);
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

export const API_KEY = 'chaos-api-key-0123456789';
export const SERVICES = ['ingest', 'classifier', 'notifier'] as const;
export type ServiceName = (typeof SERVICES)[number];

/** What the SMTP server does with the next messages, besides refusing the vacant mailbox. */
export type SmtpMode = 'accept' | '451' | '421' | 'drop';

export interface Delivery {
  messageId: string;
  to: string[];
  acceptedAt: number;
}

/**
 * Everything a soak breaks, all of its own: a PostgreSQL server (restartable), a
 * redis-server with an append-only file (restartable, and flushable), an SMTP server whose
 * answers change on command, and the three services as processes that can be killed.
 */
export class ChaosSystem {
  readonly deliveries: Delivery[] = [];
  smtpMode: SmtpMode = 'accept';
  readonly services = new Map<ServiceName, ServiceProcess>();
  readonly kills: { service: ServiceName; at: number }[] = [];
  readonly postgres: PostgresServerUnderTest;
  readonly redis: RedisServerUnderTest;
  readonly smtp: TestSmtpServer;
  readonly databaseUrl: string;
  readonly db: Database;
  readonly ingestPort: number;
  readonly path: string;

  private constructor(parts: {
    postgres: PostgresServerUnderTest;
    redis: RedisServerUnderTest;
    smtp: TestSmtpServer;
    databaseUrl: string;
    ingestPort: number;
    path: string;
  }) {
    this.postgres = parts.postgres;
    this.redis = parts.redis;
    this.smtp = parts.smtp;
    this.databaseUrl = parts.databaseUrl;
    this.ingestPort = parts.ingestPort;
    this.path = parts.path;
    this.db = createDatabase(parts.databaseUrl, { poolSize: 3 });
    this.smtp.respondWith((_attempt, envelope) => this.verdictFor(envelope.to));
    const received = this.smtp.received;
    received.push = (...mails) => {
      for (const mail of mails) {
        this.deliveries.push({ messageId: mail.parsed.messageId ?? '', to: mail.envelope.to, acceptedAt: performance.now() });
      }
      return 0;
    };
  }

  static async start(path: string): Promise<ChaosSystem> {
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
      smtp: await startTestSmtpServer(),
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

  environment(): Record<string, string> {
    return {
      PATH: this.path,
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: this.redis.url,
      SMTP_URL: this.smtp.url,
      MAIL_FROM: 'Chaos <noreply@chaos.example>',
      PORT: String(this.ingestPort),
      HOST: '127.0.0.1',
      API_KEYS: API_KEY,
      SECRET_KEY: 'chaos-secret-key-chaos-secret-key-0123',
      HEALTH_PORT: '0',
      LOG_LEVEL: 'warn',
      // Quick hands: the sweeper looks often, killed workers' jobs come back soon.
      SWEEP_INTERVAL_MS: '500',
      SWEEP_GRACE_MS: '3000',
      JOB_LOCK_MS: '2000',
      NOTIFIER_CONCURRENCY: '4',
      // Escalations are not what this soak is about.
      FOLLOW_UP_NEGATIVE_WORKING_DAYS: '0',
      FOLLOW_UP_POSITIVE_WORKING_DAYS: '0',
    };
  }

  start(service: ServiceName): void {
    this.services.set(service, spawnService(service, this.environment()));
  }

  async kill(service: ServiceName): Promise<void> {
    const process = this.services.get(service);
    this.kills.push({ service, at: performance.now() });
    await process?.kill('SIGKILL');
    this.services.delete(service);
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
    for (const service of SERVICES) await this.services.get(service)?.kill('SIGTERM');
    await this.db.destroy();
    await this.smtp.close();
    await this.redis.kill();
    await this.postgres.stop();
  }
}
