import { execFile } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './redis-server.ts';
import { findOnPath, skipWithout } from './requirements.ts';

const run = promisify(execFile);

/**
 * The directory of the PostgreSQL server programs (`initdb`, `pg_ctl`): the newest version
 * where Debian and Ubuntu keep them (/usr/lib/postgresql/<version>/bin), else on PATH (Fedora,
 * Arch, Homebrew).
 */
export function postgresBinaries(): string | undefined {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  const debian = versions.map((version) => path.join(root, version, 'bin')).find((bin) => existsSync(path.join(bin, 'pg_ctl')));
  if (debian) return debian;
  const pgCtl = findOnPath(['pg_ctl']);
  return pgCtl && existsSync(path.join(path.dirname(pgCtl), 'initdb')) ? path.dirname(pgCtl) : undefined;
}

/** For `describe.skipIf`: true (with a warning line) where the server programs are missing and CI is not set. */
export function skipWithoutPostgresBinaries(tests: string): boolean {
  return skipWithout('PostgreSQL server programs (initdb, pg_ctl)', postgresBinaries() !== undefined, {
    tests,
    hint: 'install the PostgreSQL server, e.g. Debian\'s postgresql',
  });
}

export interface PostgresServerUnderTest {
  /** URL of the `postgres` database of this server. */
  url: string;
  /** A fast shutdown and start again: every connection is cut. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A PostgreSQL server of the test's own (initdb into a temporary directory, a free port,
 * trust authentication), for faults that must not touch the shared one: restarting it.
 * PostgreSQL refuses to run as root, so as root it runs as the `postgres` user.
 */
export async function startPostgresServer(): Promise<PostgresServerUnderTest> {
  const bin = postgresBinaries();
  if (!bin) throw new Error('no PostgreSQL server programs (initdb, pg_ctl) under /usr/lib/postgresql or on PATH');
  const asRoot = process.getuid?.() === 0;
  const directory = mkdtempSync(path.join(tmpdir(), 'ambassador-pg-'));
  const data = path.join(directory, 'data');
  if (asRoot) {
    const { stdout } = await run('id', ['-u', 'postgres']);
    const { stdout: group } = await run('id', ['-g', 'postgres']);
    chownSync(directory, Number(stdout), Number(group));
    chmodSync(directory, 0o700);
  }
  const execute = async (program: string, args: string[]): Promise<void> => {
    const full = path.join(bin, program);
    if (asRoot) await run('runuser', ['-u', 'postgres', '--', full, ...args], { cwd: directory });
    else await run(full, args, { cwd: directory });
  };

  await execute('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const port = await freePort();
  const options = `-p ${port} -k ${directory} -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=100`;
  const start = async () => {
    await execute('pg_ctl', ['-D', data, '-o', options, '-l', path.join(directory, 'log'), '-w', '-t', '30', 'start']);
  };
  await start();
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await waitUntilAnswering(url);
  return {
    url,
    async restart() {
      await execute('pg_ctl', ['-D', data, '-m', 'fast', '-w', '-t', '30', 'stop']);
      await start();
      await waitUntilAnswering(url);
    },
    async stop() {
      await execute('pg_ctl', ['-D', data, '-m', 'immediate', '-w', '-t', '30', 'stop']).catch(() => undefined);
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

async function waitUntilAnswering(url: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
