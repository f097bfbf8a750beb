import { randomBytes } from 'node:crypto';
import { createDatabase } from '@ambassador/db/database';
import { migrateTo, migrateToLatest } from '@ambassador/db/migrator';
import { runNotifier } from '@ambassador/notifier/test/notifier';
import { runScheduler } from '@ambassador/scheduler/test/scheduler';
import { TestClock } from '@ambassador/testing/clock';
import { test } from '@ambassador/testing/fixtures';
import { databaseUrl, dropDatabase, withAdminClient } from '@ambassador/testing/postgres';
import { sql } from 'kysely';
import { describe, expect, inject, vi } from 'vitest';

/** The last migration before outgoing messages moved to one `deliveries` table. */
const BEFORE_DELIVERIES = '1764072000000-AddRetentionErasureAndAudit';

describe('the upgrade to one table of outgoing messages', () => {
  test('sends every e-mail that was pending before it, once, and none that had gone out', async ({ redis, logger, smtp }) => {
    const server = inject('postgresUrl');
    const name = `ambassador_test_${inject('runId')}_upgrade_${randomBytes(3).toString('hex')}`;
    await withAdminClient(server, (client) => client.query(`CREATE DATABASE "${name}"`));
    const url = databaseUrl(server, name);
    const db = createDatabase(url, { poolSize: 5 });
    const clock = new TestClock();
    const ago = (minutes: number) => new Date(clock.now.getTime() - minutes * 60_000);
    try {
      await migrateTo(db, BEFORE_DELIVERIES);
      // A firm as the version before left it: one − response with one alert sent and one
      // pending, an invitation sent whose reminder fell due, a login link, an escalation and a
      // digest not sent yet, and a login link that failed for good.
      for (const statement of [
        sql`INSERT INTO employees (id, name, email, manager_id) VALUES ('mgr', 'Marieke', 'marieke@firm.example', NULL)`,
        sql`INSERT INTO employees (id, name, email, manager_id) VALUES ('am', 'Anton', 'anton@firm.example', 'mgr')`,
        sql`INSERT INTO clients (id, name) VALUES ('utrecht', 'Gemeente Utrecht')`,
        sql`INSERT INTO contacts (id, email, name) VALUES ('00000000-0000-4000-8000-000000000001', 'jan@utrecht.example', 'Jan')`,
        sql`INSERT INTO contacts (id, email, name) VALUES ('00000000-0000-4000-8000-000000000002', 'els@utrecht.example', 'Els')`,
        sql`INSERT INTO projects (id, name, client_id, contact_id, account_manager_id)
              VALUES ('P-1', 'Riolering', 'utrecht', '00000000-0000-4000-8000-000000000001', 'am'),
              ('P-2', 'Brug', 'utrecht', '00000000-0000-4000-8000-000000000002', 'am')`,
        sql`INSERT INTO responses (id, project_id, respondent_name, respondent_email, satisfaction, would_recommend, wants_more_services,
              submitted_at, "group", rule_version, classified_at)
              VALUES ('00000000-0000-4000-8000-0000000000a1', 'P-1', 'Jan', 'jan@utrecht.example', 'ontevreden', false, false,
              ${ago(60 * 24 * 3)}, 'negative', 1, ${ago(60 * 24 * 3)})`,
        sql`INSERT INTO alerts (id, response_id, role, employee_id, email, status, attempts, smtp_response, created_at, sent_at)
              VALUES ('00000000-0000-4000-8000-0000000000b1', '00000000-0000-4000-8000-0000000000a1', 'account_manager', 'am',
              'anton@firm.example', 'sent', 1, '250 2.0.0 Ok', ${ago(60 * 24 * 3)}, ${ago(60 * 24 * 3)})`,
        sql`INSERT INTO alerts (id, response_id, role, employee_id, email, status, attempts, last_error, created_at)
              VALUES ('00000000-0000-4000-8000-0000000000b2', '00000000-0000-4000-8000-0000000000a1', 'manager', 'mgr',
              'marieke@firm.example', 'pending', 3, '451 try again later', ${ago(60 * 24 * 3)})`,
        sql`INSERT INTO invitations (id, project_id, client_id, contact_id, token_hash, created_at, expires_at,
              email_status, email_attempts, email_sent_at, reminder_due_at, reminder_status)
              VALUES ('00000000-0000-4000-8000-0000000000c1', 'P-2', 'utrecht', '00000000-0000-4000-8000-000000000002', ${Buffer.alloc(32, 1)},
              ${ago(60 * 24 * 8)}, ${ago(-60 * 24 * 50)}, 'sent', 1, ${ago(60 * 24 * 8)}, ${ago(60 * 24)}, 'pending')`,
        sql`INSERT INTO login_links (id, email, token_hash, created_at, expires_at, status)
              VALUES ('00000000-0000-4000-8000-0000000000d1', 'anton@firm.example', ${Buffer.alloc(32, 2)}, ${ago(1)}, ${ago(-14)}, 'pending'),
              ('00000000-0000-4000-8000-0000000000d2', 'anton@firm.example', ${Buffer.alloc(32, 3)}, ${ago(30)}, ${ago(15)}, 'failed')`,
        sql`INSERT INTO escalations (response_id, manager_id, email, due_at, created_at, status)
              VALUES ('00000000-0000-4000-8000-0000000000a1', 'mgr', 'marieke@firm.example', ${ago(60)}, ${ago(60)}, 'pending')`,
        sql`INSERT INTO digests (id, manager_id, email, week_start, created_at, status)
              VALUES ('00000000-0000-4000-8000-0000000000e1', 'mgr', 'marieke@firm.example', '2026-11-23', ${ago(60)}, 'pending')`,
      ]) {
        await statement.execute(db);
      }

      await migrateToLatest(db);

      const deliveries = await db.selectFrom('deliveries').select(['kind', 'status', 'attempts']).orderBy('kind').orderBy('status').execute();
      expect(deliveries).toEqual([
        { kind: 'alert', status: 'pending', attempts: 3 },
        { kind: 'alert', status: 'sent', attempts: 1 },
        { kind: 'invitation', status: 'sent', attempts: 1 },
        { kind: 'reminder', status: 'pending', attempts: 0 },
        { kind: 'login_link', status: 'pending', attempts: 0 },
        { kind: 'login_link', status: 'failed', attempts: 0 },
        { kind: 'escalation', status: 'pending', attempts: 0 },
        { kind: 'digest', status: 'pending', attempts: 0 },
      ]);

      const database = { url, db };
      const scheduler = await runScheduler({ database, redis, logger }, { clock });
      const notifier = await runNotifier({ database, redis, logger }, smtp.url, { clock });
      try {
        // The queues of the version before are gone: re-queueing finds what is pending.
        expect((await scheduler.runNow()).messagesQueued).toBe(5);
        await vi.waitFor(async () => {
          expect(await db.selectFrom('deliveries').select('id').where('status', '=', 'pending').execute()).toEqual([]);
        });
        const kinds = smtp.received.map((mail) => /^<([a-z-]+)-[0-9a-f-]{36}@/u.exec(mail.parsed.messageId ?? '')?.[1]).sort();
        expect(kinds).toEqual(['alert', 'digest', 'escalation', 'login-link', 'reminder']);
        expect(smtp.received.find((mail) => mail.parsed.messageId?.startsWith('<alert-'))?.envelope.to).toEqual(['marieke@firm.example']);
      } finally {
        await notifier.close();
        await scheduler.close();
      }
    } finally {
      await db.destroy();
      await dropDatabase(server, name);
    }
  });
});
