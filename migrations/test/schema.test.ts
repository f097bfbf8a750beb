import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { Database } from '@ambassador/db/database';
import { test } from '@ambassador/testing/fixtures';
import { sql } from 'kysely';
import { describe, expect } from 'vitest';

const run = promisify(execFile);
const dbPackage = fileURLToPath(new URL('../../packages/db', import.meta.url));

describe('the migrated database schema', () => {
  test('matches the checked-in Kysely types (run `pnpm --dir packages/db codegen` after a migration)', async ({ database }) => {
    // Exits non-zero, printing the difference, when src/schema.ts no longer matches the migrations.
    const { stdout } = await run('pnpm', ['run', '--silent', 'codegen', '--verify', '--url', database.url], {
      cwd: dbPackage,
    });
    expect(stdout).toContain('Generated types are up-to-date');
  });

  async function seedProject(db: Database) {
    await db.insertInto('employees').values({ id: 'E1', name: 'Anna', email: 'anna@firm.example' }).execute();
    await db.insertInto('clients').values({ id: 'C1', name: 'Gemeente' }).execute();
    const contact = await db
      .insertInto('contacts')
      .values({ name: 'Jan', email: 'jan@client.example' })
      .returning('id')
      .executeTakeFirstOrThrow();
    await db
      .insertInto('projects')
      .values({ id: 'P1', name: 'Bridge', clientId: 'C1', contactId: contact.id, accountManagerId: 'E1' })
      .execute();
  }

  const answer = {
    projectId: 'P1',
    respondentName: 'Jan',
    respondentEmail: 'jan@client.example',
    satisfaction: 'tevreden' as const,
    wouldRecommend: true,
    wantsMoreServices: false,
  };

  test('holds one response per project and respondent address', async ({ database: { db } }) => {
    await seedProject(db);
    await db.insertInto('responses').values(answer).execute();
    await expect(db.insertInto('responses').values(answer).execute()).rejects.toMatchObject({
      constraint: 'responses_one_per_respondent',
    });
  });

  test('holds one alert per response and role', async ({ database: { db } }) => {
    await seedProject(db);
    const { id } = await db.insertInto('responses').values(answer).returning('id').executeTakeFirstOrThrow();
    const alert = { responseId: id, role: 'manager' as const, employeeId: 'E1', email: 'anna@firm.example' };
    await db.insertInto('alerts').values(alert).execute();
    await expect(db.insertInto('alerts').values(alert).execute()).rejects.toMatchObject({ constraint: 'alerts_one_per_role' });
  });

  test('refuses values outside the enums and a group without its rule version', async ({ database: { db } }) => {
    await seedProject(db);
    await expect(
      sql`INSERT INTO responses (project_id, respondent_name, respondent_email, satisfaction, would_recommend, wants_more_services)
          VALUES ('P1', 'Jan', 'jan@client.example', 'blij', true, true)`.execute(db),
    ).rejects.toMatchObject({ code: '22P02' });
    await expect(
      db.insertInto('responses').values({ ...answer, group: 'positive', classifiedAt: new Date() }).execute(),
    ).rejects.toMatchObject({ constraint: 'responses_classified_together' });
  });
});
