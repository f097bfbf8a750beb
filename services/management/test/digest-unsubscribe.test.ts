import type { Database } from '@ambassador/db/database';
import { DIGEST_UNSUBSCRIBE_PURPOSE } from '@ambassador/domain/tokens';
import { ACKNOWLEDGE_PURPOSE, signValue } from '@ambassador/domain/tokens';
import { TEST_SECRET_KEY } from '@ambassador/testing/clock';
import { describe, expect } from 'vitest';
import { test } from './management-app.ts';
import { seedFirm } from './seed.ts';

const link = (employeeId: string, purpose = DIGEST_UNSUBSCRIBE_PURPOSE) => `/digest/unsubscribe/${signValue(TEST_SECRET_KEY, purpose, employeeId)}`;

async function optedOut(db: Database): Promise<string[]> {
  const rows = await db.selectFrom('employees').select('id').where('digestOptOut', '=', true).orderBy('id').execute();
  return rows.map((row) => row.id);
}

describe('the unsubscribe link of the weekly digest', () => {
  test('stops the digest of the employee it was made for, without logging in, and says so', async ({ management, database: { db } }) => {
    await seedFirm(db);
    const page = await management.app.inject({ method: 'GET', url: link('marieke') });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    expect(page.headers['content-security-policy']).toContain("default-src 'none'");
    expect(page.body).toContain('Afgemeld voor het weekoverzicht');
    expect(page.body).toContain('Je ontvangt het wekelijkse overzicht niet meer.');
    expect(await optedOut(db)).toEqual(['marieke']);

    // A second click (or a mail scanner before the person) changes nothing more.
    expect((await management.app.inject({ method: 'GET', url: link('marieke') })).statusCode).toBe(200);
    expect(await optedOut(db)).toEqual(['marieke']);
  });

  test('answers in the language of the employee', async ({ management, database: { db } }) => {
    await seedFirm(db);
    await db.updateTable('employees').set({ locale: 'en' }).where('id', '=', 'dirk').execute();
    const page = await management.app.inject({ method: 'GET', url: link('dirk') });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<div lang="en">');
    expect(page.body).toContain('You will no longer receive the weekly digest.');
  });

  test('refuses a tampered link, a link signed for another purpose and one for an unknown employee with 404, changing nothing', async ({
    management,
    database: { db },
  }) => {
    await seedFirm(db);
    const valid = link('marieke');
    const signature = valid.slice(valid.lastIndexOf('.') + 1);
    const refused = [
      `${valid.slice(0, -1)}${valid.endsWith('A') ? 'B' : 'A'}`,
      `/digest/unsubscribe/dirk.${signature}`,
      link('marieke', ACKNOWLEDGE_PURPOSE),
      link('nobody'),
      '/digest/unsubscribe/marieke',
      `/digest/unsubscribe/${encodeURIComponent('bad id')}.${signature}`,
    ];
    for (const url of refused) {
      const answer = await management.app.inject({ method: 'GET', url });
      expect(answer.statusCode, url).toBe(404);
    }
    expect(await optedOut(db)).toEqual([]);
  });
});
