import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from '@ambassador/testing/fixtures';
import { spawnService } from '@ambassador/testing/processes';
import { freePort, startRedisServer } from '@ambassador/testing/redis-server';
import { describe, expect, vi } from 'vitest';
import { seedProject, startPipeline } from './pipeline.ts';

const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

/**
 * Runs a service's entry file with exactly `env` until it exits by itself; one that is still
 * running after 10 seconds (it started after all) is killed, and its exit code is null.
 */
async function runUntilExit(service: string, env: Record<string, string>): Promise<{ code: number | null; stderr: string }> {
  const child = spawn(process.execPath, [`services/${service}/src/main.ts`], {
    cwd: repositoryRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  // Loading a service's modules takes seconds on two cores busy with the whole suite.
  const deadline = setTimeout(() => child.kill('SIGKILL'), 30_000);
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  clearTimeout(deadline);
  return { code, stderr };
}

describe('the service processes', () => {
  test('stop at start with one clear line and exit code 1 when the configuration is wrong', { timeout: 45_000 }, async () => {
    const { code, stderr } = await runUntilExit('ingest', { DATABASE_URL: 'mysql://nope', PORT: 'eighty', SECRET_KEY: 'x'.repeat(32) });
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/DATABASE_URL: must be a URL starting with postgres:\/\//);
    expect(stderr).toMatch(/PORT:/);
  });

  test.for(['ingest', 'notifier', 'management'])(
    '%s refuses to start without SECRET_KEY, with one line naming it and exit code 1',
    { timeout: 45_000 },
    async (service, { database, redis }) => {
      const { code, stderr } = await runUntilExit(service, { DATABASE_URL: database.url, REDIS_URL: redis.url, HEALTH_PORT: '0', PORT: '0', MANAGEMENT_PORT: '0' });
      expect(code).toBe(1);
      expect(stderr.trim().split('\n')).toHaveLength(1);
      expect(stderr).toMatch(/^invalid configuration: SECRET_KEY: must be set/);
      // It stopped before it could keep a key of its own in the database.
      expect(await database.db.selectFrom('installation').select('id').execute()).toEqual([]);
    },
  );

  test('ingest answers /healthz and /readyz, and exits 0 on SIGTERM', async ({ database, redis }) => {
    const port = await freePort();
    const ingest = spawnService('ingest', {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
    });
    try {
      await ingest.waitForLog((line) => String(line.msg).startsWith('Server listening'));
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(await ready.json()).toEqual({ ready: true, status: 'ok', checks: { database: 'ok', redis: 'ok' } });
      const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      expect(metrics).toContain('ambassador_responses_accepted_total');
      expect(metrics).toContain('ambassador_queue_jobs');
      expect(ingest.logs.some((line) => line.level === 'warn' && String(line.msg).includes('API_KEYS is empty'))).toBe(true);
    } finally {
      expect(await ingest.kill('SIGTERM')).toBe(0);
    }
  });

  test('the scheduler runs every periodic task at start, answers /healthz, /readyz and /metrics, and exits 0 on SIGTERM', async ({ database, redis }) => {
    const port = await freePort();
    const scheduler = spawnService('scheduler', {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      HEALTH_PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      // Each task once within the test: the frequent ones every minute, the others hourly.
      SWEEP_INTERVAL_MS: '60000',
    });
    try {
      const started = await scheduler.waitForLog((line) => line.msg === 'scheduler started');
      const tasks = ['requeue-messages', 'classify-backlog', 'record-escalations', 'record-digests', 'apply-retention', 'purge-expired-logins'];
      expect(started['tasks']).toEqual(tasks);
      await vi.waitFor(async () => {
        const succeeded = await database.db.selectFrom('scheduledTasks').select('name').orderBy('name').execute();
        expect(succeeded.map((row) => row.name)).toEqual([...tasks].sort());
      });
      expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
      const ready = await fetch(`http://127.0.0.1:${port}/readyz`);
      expect(await ready.json()).toEqual({ ready: true, status: 'ok', checks: { database: 'ok', redis: 'ok' } });
      // A run is recorded in the database a moment before it is counted.
      await vi.waitFor(async () => {
        const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
        for (const task of tasks) {
          expect(metrics).toContain(`ambassador_scheduled_task_runs_total{task="${task}",outcome="succeeded",service="scheduler"} 1`);
          expect(metrics).toContain(`ambassador_scheduled_task_last_success_timestamp_seconds{task="${task}",service="scheduler"}`);
        }
      });
    } finally {
      expect(await scheduler.kill('SIGTERM')).toBe(0);
    }
  });

  test('the notifier finishes the e-mail in progress on SIGTERM, then exits 0', async ({ database, logger, smtp }) => {
    const ownRedis = await startRedisServer();
    const pipeline = await startPipeline(
      { database, redis: { url: ownRedis.url, prefix: 'bull' }, logger, smtp },
      { redisUrl: ownRedis.url, withNotifier: false },
    );
    const notifier = spawnService('notifier', {
      DATABASE_URL: database.url,
      REDIS_URL: ownRedis.url,
      SMTP_URL: smtp.url,
      MAIL_FROM: 'Ambassador <noreply@ambassador.test>',
      NOTIFIER_CONCURRENCY: '1',
      HEALTH_PORT: '0',
      LOG_LEVEL: 'info',
    });
    try {
      await notifier.waitForLog((line) => line.msg === 'notifier started');
      await seedProject(pipeline.ingest.app);
      smtp.respondWith(() => ({ kind: 'accept', delayMs: 1000 }));
      const { id } = await pipeline.submit({ satisfaction: 'ontevreden', wouldRecommend: false, wantsMoreServices: false });

      // The first e-mail is on the wire, waiting for the server's answer: now ask it to stop.
      await vi.waitFor(() => expect(smtp.attempts).toHaveLength(1), { timeout: 10_000, interval: 5 });
      expect(await notifier.kill('SIGTERM')).toBe(0);

      const alerts = await database.db
        .selectFrom('alerts')
        .innerJoin('deliveries', 'deliveries.alertId', 'alerts.id')
        .select(['deliveries.status'])
        .where('alerts.responseId', '=', id!)
        .execute();
      expect(alerts.filter((alert) => alert.status === 'sent')).toHaveLength(1);
      expect(smtp.received).toHaveLength(1);
      expect(notifier.logs.some((line) => line.msg === 'message sent' && line['kind'] === 'alert')).toBe(true);
      // Without SMPP_URL it said once, at start, that no SMS goes.
      expect(notifier.logs.filter((line) => line.level === 'warn' && String(line.msg).startsWith('SMPP_URL is not set'))).toHaveLength(1);
    } finally {
      await notifier.kill('SIGKILL');
      await pipeline.close();
      await ownRedis.kill();
    }
  }, 30_000);

  test('the notifier binds to the SMS gateway of SMPP_URL at start, and unbinds on SIGTERM', async ({ database, redis, smtp, smpp }) => {
    const notifier = spawnService('notifier', {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      SMTP_URL: smtp.url,
      SMPP_URL: smpp.url,
      SMS_SENDER: 'Firm',
      HEALTH_PORT: '0',
      LOG_LEVEL: 'info',
    });
    try {
      await notifier.waitForLog((line) => line.msg === 'SMPP session bound');
      expect(smpp.binds()).toBe(1);
      expect(await notifier.kill('SIGTERM')).toBe(0);
      expect(smpp.unbinds()).toBe(1);
      expect(notifier.logs.some((line) => String(line.msg).startsWith('SMPP_URL is not set'))).toBe(false);
    } finally {
      await notifier.kill('SIGKILL');
    }
  }, 30_000);
});
