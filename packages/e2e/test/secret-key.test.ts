import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { API_KEY, authorized, buildIngest, seedProject } from '@ambassador/ingest/test/ingest-app';
import { test } from '@ambassador/testing/fixtures';
import { spawnService } from '@ambassador/testing/processes';
import { freePort, startRedisServer } from '@ambassador/testing/redis-server';
import { describe, expect } from 'vitest';

const run = promisify(execFile);
const repositoryRoot = fileURLToPath(new URL('../../../', import.meta.url));

describe('moving an installation from the key in its database to SECRET_KEY', () => {
  test('keeps the links sent before working, and removes the key from the database', async ({ database, logger, redis }) => {
    const ownRedis = await startRedisServer();
    const port = await freePort();
    const environment = { DATABASE_URL: database.url, REDIS_URL: ownRedis.url, PORT: String(port), HOST: '127.0.0.1', API_KEYS: API_KEY, LOG_LEVEL: 'info' };
    const base = `http://127.0.0.1:${port}`;
    const printSecretKey = () =>
      run(process.execPath, ['packages/db/src/secret-key-main.ts'], { cwd: repositoryRoot, env: { DATABASE_URL: database.url } });

    // Seeded through the API in this process (the key plays no part in that).
    const seeding = await buildIngest({ database, redis, logger });
    await seedProject(seeding.app);

    // Links are derived from the key: the link of an invitation is made again for its reminder
    // and for a repeated close. Closing again must give the same link after the move.
    const close = async () => {
      const closed = await fetch(`${base}/api/v1/projects/P-100/close`, { method: 'POST', headers: { authorization: `Bearer ${API_KEY}` } });
      return new URL(((await closed.json()) as { invitation: { url: string } }).invitation.url).pathname;
    };

    // Before: ingest without SECRET_KEY, as the development tools allow, keeps a key in the database.
    let ingest = spawnService('ingest', environment);
    let link: string;
    try {
      await ingest.waitForLog((line) => String(line.msg).startsWith('Server listening'));
      link = await close();
      expect((await fetch(`${base}${link}`)).status).toBe(200);
    } finally {
      await ingest.kill('SIGTERM');
    }
    // Under another key the same invitation gets another link: the key is what makes it.
    const elsewhere = await seeding.app.inject({ method: 'POST', url: '/api/v1/projects/P-100/close', headers: authorized });
    expect(new URL(elsewhere.json<{ invitation: { url: string } }>().invitation.url).pathname).not.toBe(link);
    await seeding.close();

    const { stdout } = await printSecretKey();
    expect(stdout).toMatch(/^SECRET_KEY=base64:[A-Za-z0-9+/]{43}=\n$/u);
    const secretKey = stdout.trim().slice('SECRET_KEY='.length);

    // After: SECRET_KEY set to the printed line, and no permission to fall back.
    ingest = spawnService('ingest', { ...environment, SECRET_KEY: secretKey, ALLOW_DATABASE_SECRET_KEY: 'false' });
    try {
      await ingest.waitForLog((line) => String(line.msg).startsWith('Server listening'));
      expect(await close()).toBe(link);
      expect((await fetch(`${base}${link}`)).status).toBe(200);
      expect(ingest.logs.some((line) => String(line.msg).includes('the copy in the database is removed'))).toBe(true);
    } finally {
      await ingest.kill('SIGTERM');
      await ownRedis.kill();
    }
    expect(await database.db.selectFrom('installation').select('id').execute()).toEqual([]);
    await expect(printSecretKey()).rejects.toMatchObject({ code: 1, stderr: expect.stringMatching(/^no secret key in the database/u) as unknown });
  }, 60_000);
});
