import { test } from '@ambassador/testing/fixtures';
import { capturingLogger } from '@ambassador/testing/log-capture';
import { databaseUrl, withAdminClient } from '@ambassador/testing/postgres';
import { describe, expect, vi } from 'vitest';
import { seedProject, startPipeline } from './pipeline.ts';

const negative = { satisfaction: 'ontevreden', wouldRecommend: false, wantsMoreServices: false } as const;

describe('when the database goes away while an e-mail is being sent', () => {
  test('records an e-mail the SMTP server accepted as sent, and does not send it again', async ({ database, redis, smtp }) => {
    const { logger, entries } = capturingLogger('info');
    const pipeline = await startPipeline({ database, redis, logger, smtp });
    const name = decodeURIComponent(new URL(database.url).pathname.slice(1));
    const server = databaseUrl(database.url, 'postgres');
    const allowConnections = (allow: boolean) =>
      withAdminClient(server, (client) => client.query(`ALTER DATABASE "${name}" WITH ALLOW_CONNECTIONS ${allow}`));
    try {
      await seedProject(pipeline.ingest.app);
      // The first message is in, its 250 not yet sent, when the database goes away (as in a
      // restart or a failover): every connection cut, no new one taken, until the test says so.
      let broken = false;
      let cut = 0;
      smtp.respondWith(() => ({
        kind: 'accept',
        before: async () => {
          // Once, for whichever message comes in first (both alerts are sent at the same time).
          if (broken) return;
          broken = true;
          await allowConnections(false);
          const { rowCount } = await withAdminClient(server, (client) =>
            client.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [name]),
          );
          cut = rowCount ?? 0;
        },
      }));
      const { id } = await pipeline.submit(negative);
      // The notifier knows the e-mail is out but cannot record it: it keeps trying.
      await vi.waitFor(() => expect(entries().some((entry) => entry.msg.includes('recording it failed; recording it again'))).toBe(true), {
        timeout: 10_000,
      });
      await allowConnections(true);
      const state = await pipeline.settled(id!, 30_000);

      expect(cut).toBeGreaterThan(0);
      expect(state.alerts.map((alert) => alert.status)).toEqual(['sent', 'sent']);
      // Each alert went out once, and was not tried again.
      expect(smtp.attempts).toHaveLength(2);
      expect(smtp.receivedBy('anton@firm.example')).toHaveLength(1);
      expect(smtp.receivedBy('marieke@firm.example')).toHaveLength(1);
      const deliveries = await database.db.selectFrom('deliveries').select(['attempts', 'peerReply']).where('kind', '=', 'alert').execute();
      expect(deliveries).toEqual([
        { attempts: 1, peerReply: expect.stringMatching(/^250/u) as unknown },
        { attempts: 1, peerReply: expect.stringMatching(/^250/u) as unknown },
      ]);
    } finally {
      await allowConnections(true);
      await pipeline.close();
    }
  });
});
