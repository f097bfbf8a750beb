import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';

/** A free TCP port on 127.0.0.1, as the OS hands it out. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

export interface RedisServerUnderTest {
  url: string;
  /** Stops the server at once (SIGKILL). Without `persistent`, its data is gone with it. */
  kill(): Promise<void>;
  /** Starts it again on the same port (with its append-only file, when `persistent`). */
  start(): Promise<void>;
  /** Deletes the append-only file (of a stopped, `persistent` server): the next start is empty. */
  forgetData(): void;
}

/**
 * A `redis-server` of the test's own, on a free port, so the test can take Redis away
 * from the services and give it back without disturbing anything else.
 */
export async function startRedisServer({
  maxmemoryPolicy = 'noeviction',
  persistent = false,
}: { maxmemoryPolicy?: string; persistent?: boolean } = {}): Promise<RedisServerUnderTest> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  const directory = persistent ? mkdtempSync(path.join(tmpdir(), 'ambassador-redis-')) : undefined;
  let child: ChildProcess | undefined;

  const start = async (): Promise<void> => {
    const persistence = directory ? ['--dir', directory, '--appendonly', 'yes', '--appendfsync', 'always'] : ['--appendonly', 'no'];
    child = spawn(
      'redis-server',
      ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--maxmemory-policy', maxmemoryPolicy],
      { stdio: 'ignore' },
    );
    await waitUntilAnswering(url);
  };
  const kill = async (): Promise<void> => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGKILL');
    });
  };
  await start();
  return {
    url,
    kill,
    start,
    forgetData() {
      if (directory) rmSync(directory, { recursive: true, force: true });
      if (directory) mkdirSync(directory, { recursive: true });
    },
  };
}

async function waitUntilAnswering(url: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    client.on('error', () => {});
    try {
      await client.connect();
      await client.ping();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      client.disconnect();
    }
  }
}
