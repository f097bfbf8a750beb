import { compiledOnce } from '@ambassador/db/compiled-once';
import { createDatabase } from '@ambassador/db/database';
import { test } from '@ambassador/testing/fixtures';
import { withAdminClient } from '@ambassador/testing/postgres';
import { sql } from 'kysely';
import { describe, expect, vi } from 'vitest';

describe("the notifier's database connections", () => {
  test('prepare each statement once and run it by name, also on the fresh connection after one was cut', async ({ database }) => {
    const db = createDatabase(database.url, { poolSize: 1, applicationName: 'prepared-statements-test', preparedStatements: true });
    try {
      const count = (id: string) => db.selectFrom('deliveries').select((eb) => eb.fn.countAll<string>().as('count')).where('id', '=', id).executeTakeFirstOrThrow();
      const prepared = async () =>
        (await sql<{ statement: string }>`SELECT statement FROM pg_prepared_statements WHERE statement LIKE ${'%from "deliveries"%'}`.execute(db)).rows;

      expect(await count('0195e6a0-0000-7000-8000-000000000001')).toEqual({ count: '0' });
      expect(await count('0195e6a0-0000-7000-8000-000000000002')).toEqual({ count: '0' });
      expect(await prepared()).toHaveLength(1);

      await withAdminClient(database.url, (client) =>
        client.query("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'prepared-statements-test'"),
      );
      // The cut connection leaves the pool (at once when idle, else failing its next query); the
      // pool opens a new one, where the statement is prepared again.
      expect(await vi.waitFor(() => count('0195e6a0-0000-7000-8000-000000000004'))).toEqual({ count: '0' });
      expect(await prepared()).toHaveLength(1);
    } finally {
      await db.destroy();
    }
  });

  test('run a statement compiled once with the values of each call, a value used twice in it included', async ({ database: { db } }) => {
    const employee = compiledOnce((db, id: string, name: string) =>
      db.selectFrom('employees').select(['id', 'name']).where('id', '=', id).where((eb) => eb.or([eb('name', '=', name), eb('email', '=', name)])).where('locale', '=', 'nl'),
    );
    await db
      .insertInto('employees')
      .values([
        { id: 'e1', name: 'Anton', email: 'anton@firm.example' },
        { id: 'e2', name: 'Marieke', email: 'marieke@firm.example' },
      ])
      .execute();
    expect(await employee(db, 'e1', 'Anton')).toEqual([{ id: 'e1', name: 'Anton' }]);
    expect(await employee(db, 'e2', 'marieke@firm.example')).toEqual([{ id: 'e2', name: 'Marieke' }]);
    expect(await employee(db, 'e2', 'Anton')).toEqual([]);
  });
});
