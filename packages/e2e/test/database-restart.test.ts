import { sql } from 'kysely';
import { describe, expect } from 'vitest';
import { test } from './pipeline.ts';

const negative = { satisfaction: 'ontevreden', wouldRecommend: false, wantsMoreServices: false } as const;

describe('when the database goes away while an e-mail is being sent', () => {
  test('records an e-mail the SMTP server accepted as sent, and does not send it again', async ({ pipeline, smtp, database: { db } }) => {
    // The notifier holds the alert row locked in an open transaction while it talks to the
    // SMTP server. Each message is in, its 250 not yet sent, when the database cuts that
    // transaction's connection (as a restart or a failover does).
    let cut = 0;
    smtp.respondWith(() => ({
      kind: 'accept',
      before: async () => {
        const { rows } = await sql<{ pid: number }>`
          SELECT pg_terminate_backend(pid) AS terminated, pid FROM pg_stat_activity
          WHERE datname = current_database() AND state = 'idle in transaction' AND pid <> pg_backend_pid()
        `.execute(db);
        cut += rows.length;
      },
    }));
    const { id } = await pipeline.submit(negative);
    const state = await pipeline.settled(id!);

    expect(cut).toBeGreaterThan(0);
    expect(state.alerts.map((alert) => alert.status)).toEqual(['sent', 'sent']);
    // Each alert went out once, and was not tried again.
    expect(smtp.attempts).toHaveLength(2);
    expect(smtp.receivedBy('anton@firm.example')).toHaveLength(1);
    expect(smtp.receivedBy('marieke@firm.example')).toHaveLength(1);
    const alerts = await db.selectFrom('alerts').select(['attempts', 'smtpResponse']).execute();
    expect(alerts).toEqual([
      { attempts: 1, smtpResponse: expect.stringMatching(/^250/u) as unknown },
      { attempts: 1, smtpResponse: expect.stringMatching(/^250/u) as unknown },
    ]);
  });
});
