import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createDatabase, type Database } from '@ambassador/db/database';
import { dropDatabase, withAdminClient } from '@ambassador/testing/postgres';
import { spawnService, type ServiceProcess } from '@ambassador/testing/processes';
import { freePort, type RedisServerUnderTest, startRedisServer } from '@ambassador/testing/redis-server';
import { startTestSmppServer, type TestSmppServer } from '@ambassador/testing/smpp-server';
import { startTestSmtpServer, type TestSmtpServer } from '@ambassador/testing/smtp-server';
import pg from 'pg';
import { benchConfig } from './config.ts';

const run = promisify(execFile);
const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url));

export const API_KEY = 'bench-api-key-0123456789';

/** Linux's USER_HZ, the unit of the CPU times in /proc/<pid>/stat. */
const CLOCK_TICKS_PER_SECOND = 100;

/**
 * The system under measurement: its own database, its own redis-server, an SMTP sink that
 * notes when each message was accepted, and the services as separate Node processes, as in
 * production. Nothing of the developer's own data is touched.
 */
export class BenchSystem {
  readonly databaseName = `ambassador_bench_${Date.now().toString(36)}`;
  readonly databaseUrl: string;
  readonly db: Database;
  readonly redis: RedisServerUnderTest;
  readonly smtp: TestSmtpServer;
  readonly smpp: TestSmppServer;
  /** Message-ID → when the SMTP sink accepted it (performance.timeOrigin-based ms). */
  readonly acceptedAt: Map<string, number>;
  readonly ingestPort: number;
  readonly processes = new Map<string, ServiceProcess>();
  /** Peak resident memory (MiB) per service, over the whole run. */
  readonly peakRss = new Map<string, number>();

  private constructor(
    databaseUrl: string,
    redis: RedisServerUnderTest,
    smtp: TestSmtpServer,
    smpp: TestSmppServer,
    ingestPort: number,
    acceptedAt: Map<string, number>,
  ) {
    this.acceptedAt = acceptedAt;
    this.databaseUrl = databaseUrl;
    this.db = createDatabase(databaseUrl, { poolSize: 4 });
    this.redis = redis;
    this.smtp = smtp;
    this.smpp = smpp;
    this.ingestPort = ingestPort;
  }

  static async start(): Promise<BenchSystem> {
    const name = `ambassador_bench_${Date.now().toString(36)}`;
    await withAdminClient(benchConfig.postgresUrl, async (client) => {
      await client.query(`CREATE DATABASE ${pg.escapeIdentifier(name)}`);
    });
    const url = new URL(benchConfig.postgresUrl);
    url.pathname = `/${name}`;
    await run(process.execPath, ['packages/db/src/migrate-main.ts'], {
      cwd: repositoryRoot,
      env: { PATH: benchConfig.path, DATABASE_URL: url.toString(), LOG_LEVEL: 'warn' },
    });
    const acceptedAt = new Map<string, number>();
    // A sink, not a mailbox: it keeps only when each Message-ID was accepted.
    const smtp = await startTestSmtpServer({ sink: ({ messageId }) => acceptedAt.set(messageId, performance.now()) });
    const system = new BenchSystem(url.toString(), await startRedisServer(), smtp, await startTestSmppServer(), await freePort(), acceptedAt);
    Object.assign(system, { databaseName: name });
    return system;
  }

  environment(): Record<string, string> {
    return {
      DATABASE_URL: this.databaseUrl,
      REDIS_URL: this.redis.url,
      SMTP_URL: this.smtp.url,
      MAIL_FROM: 'Bench <noreply@bench.example>',
      PORT: String(this.ingestPort),
      HOST: '127.0.0.1',
      API_KEYS: API_KEY,
      HEALTH_PORT: '0',
      LOG_LEVEL: 'warn',
      FORM_RATE_LIMIT_PER_MINUTE: '100000000',
      // The throughput phases send more in a minute than the API key's default budget (60,000).
      API_RATE_LIMIT_PER_MINUTE: '0',
      SECRET_KEY: 'bench-secret-key-bench-secret-key-0123',
      // As the Docker image runs them.
      NODE_OPTIONS: `--max-semi-space-size=4 --max-old-space-size=96${benchConfig.profileDirectory ? ` --cpu-prof --cpu-prof-dir=${benchConfig.profileDirectory}` : ''}`,
      MALLOC_ARENA_MAX: '2',
    };
  }

  /** For a notifier that sends SMS: to the SMPP gateway of the run (it accepts everything). */
  smppEnvironment(): Record<string, string> {
    return { SMPP_URL: this.smpp.url, SMS_SENDER: 'Bench' };
  }

  async startService(name: string, extra: Record<string, string> = {}): Promise<ServiceProcess> {
    const service = spawnService(name, { ...this.environment(), ...extra, LOG_LEVEL: 'info' });
    this.processes.set(name, service);
    await service.waitForLog((line) => line.msg === `${name} started` || String(line.msg).startsWith('Server listening'), 30_000);
    return service;
  }

  async stopService(name: string): Promise<void> {
    const service = this.processes.get(name);
    if (!service) return;
    this.notePeakRss(name);
    await service.kill('SIGTERM');
    this.processes.delete(name);
  }

  /** Reads each running service's peak resident set size (VmHWM) from /proc. */
  notePeakRss(only?: string): void {
    for (const [name, service] of this.processes) {
      if (only && name !== only) continue;
      const pid = service.child.pid;
      if (!pid) continue;
      try {
        const status = readFileSync(`/proc/${pid}/status`, 'utf8');
        const kib = Number(/^VmHWM:\s+(\d+) kB/mu.exec(status)?.[1] ?? 0);
        this.peakRss.set(name, Math.max(this.peakRss.get(name) ?? 0, kib / 1024));
      } catch {
        // The process is gone: its last reading stands.
      }
    }
  }

  /** CPU time (user + system, ms) a running service has used so far, from /proc. */
  cpuMs(name: string): number {
    const pid = this.processes.get(name)?.child.pid;
    if (!pid) return Number.NaN;
    // The fields after the command's closing parenthesis; utime and stime are the 14th and 15th of the line.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
  }

  /** The services that exited by themselves, each with its exit code and the last error it logged: why a phase never finished. */
  exitedServices(): string[] {
    return [...this.processes].flatMap(([name, service]) => {
      const { exitCode, signalCode } = service.child;
      if (exitCode === null && signalCode === null) return [];
      const lastError = service.logs.findLast((line) => line.level === 'error' || line.level === 'fatal' || line.level === 50 || line.level === 60);
      return [`${name} exited (code ${exitCode}, signal ${signalCode}): ${JSON.stringify(lastError ?? 'no error logged').slice(0, 500)}`];
    });
  }

  get ingestUrl(): string {
    return `http://127.0.0.1:${this.ingestPort}`;
  }

  async stop(): Promise<void> {
    for (const name of [...this.processes.keys()]) await this.stopService(name);
    await this.db.destroy();
    await this.smtp.close();
    await this.smpp.close();
    await this.redis.kill();
    await dropDatabase(benchConfig.postgresUrl, this.databaseName);
  }
}
