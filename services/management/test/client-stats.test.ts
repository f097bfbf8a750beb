import type { Database } from '@ambassador/db/database';
import { clientOrganisationShares } from '@ambassador/db/client-stats';
import { describe, expect, it } from 'vitest';
import { clientMessages } from '../src/views/client-messages.ts';
import { addAnswer, addProject, november, october, seedSharedClient } from './client-seed.ts';
import { logIn, test } from './management-app.ts';
import { respond } from './seed.ts';

const s = clientMessages.nl.stats;

/**
 * The client organisations of client-seed.ts's shared client and of seed.ts, with answers in
 * October and November 2026 (times 10:00 UTC unless given; "late" answered at 00:30 on
 * 1 November in Amsterdam, 23:30 UTC on 31 October):
 *
 * | organisation   | answers (account manager)                            |
 * |----------------|------------------------------------------------------|
 * | client-shared  | Oct: − (anna); Nov: + (anna), − (bram), 0 (carla), + (xander) |
 * | client-anna    | Nov: + 0 (anna)                                      |
 * | client-bram    | Oct: − ; Nov: − + (bram)                             |
 * | client-carla   | Nov: 0 and one not classified yet (carla)            |
 * | client-xander  | Oct: − (xander)                                      |
 * | client-late    | Nov, 00:30 Amsterdam time: + (anna)                  |
 *
 * By hand, for November:
 *
 * | viewer  | organisations with a response | with a +                       | with a −              |
 * |---------|-------------------------------|--------------------------------|-----------------------|
 * | admin   | shared anna bram carla late: 5 | shared anna bram late: 4 (80%) | shared bram: 2 (40%) |
 * | anna    | shared anna late: 3           | 3 (100%)                       | 0 (0%)                |
 * | marieke | shared anna bram late: 4      | 4 (100%)                       | shared bram: 2 (50%)  |
 * | dirk    | shared anna bram carla late: 5 | 4 (80%)                       | 2 (40%)               |
 * | xander  | shared: 1                     | 1 (100%)                       | 0 (0%)                |
 *
 * (The admin sees Xander's projects too, but in November only Hanna's + at the shared client,
 * which already counts.) And for October, for the admin: shared bram xander: 3, with a + 0 (0%), with a − 3 (100%).
 */
async function seedClientStatistics(db: Database): Promise<void> {
  await seedSharedClient(db);
  await respond(db, 'anna', 'positive', { submittedAt: november(20) });
  await respond(db, 'anna', 'neutral', { submittedAt: november(21) });
  await respond(db, 'bram', 'negative', { submittedAt: october(5) });
  await respond(db, 'bram', 'negative', { submittedAt: november(20) });
  await respond(db, 'bram', 'positive', { submittedAt: november(22) });
  await respond(db, 'carla', 'neutral', { submittedAt: november(20) });
  await addAnswer(db, 'project-carla', { name: 'Nog niet', email: 'nog-niet@client.example' }, { group: null, submittedAt: november(21) });
  await respond(db, 'xander', 'negative', { submittedAt: october(5) });
  await db.insertInto('clients').values({ id: 'client-late', name: 'Late Klant' }).execute();
  await addProject(db, { id: 'late-1', clientId: 'client-late', accountManagerId: 'anna', contact: { name: 'Laat', email: 'laat@late.example' } });
  await addAnswer(db, 'late-1', { name: 'Laat', email: 'laat@late.example' }, { group: 'positive', submittedAt: new Date('2026-10-31T23:30:00Z') });
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The three figures of the section, as the page writes them. */
function figures(page: string): [string | undefined, string | undefined, string | undefined] {
  const fact = (term: string) => new RegExp(`<dt>${escape(term)}</dt><dd>([\\s\\S]*?)</dd>`).exec(page)?.[1];
  return [fact(s.responded), fact(s.withPositive), fact(s.withNegative)];
}

const NOVEMBER = '/stats?from=2026-11-01&to=2026-11-30';

describe('client organisations on the statistics page', () => {
  const november: [string, [string, string, string]][] = [
    ['admin@firm.example', ['5', s.share('80%', 4, 5), s.share('40%', 2, 5)]],
    ['anna@firm.example', ['3', s.share('100%', 3, 3), s.share('0%', 0, 3)]],
    ['marieke@firm.example', ['4', s.share('100%', 4, 4), s.share('50%', 2, 4)]],
    ['dirk@firm.example', ['5', s.share('80%', 4, 5), s.share('40%', 2, 5)]],
    ['xander@firm.example', ['1', s.share('100%', 1, 1), s.share('0%', 0, 1)]],
  ];

  for (const [email, expected] of november) {
    test(`gives ${email} the shares of the organisations in their scope with a + and with a −, as computed by hand`, async ({ management, database }) => {
      await seedClientStatistics(database.db);
      const browser = await logIn(management, database, email);
      const page = await browser.get(NOVEMBER);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain(`<h2>${s.title}</h2>`);
      expect(figures(page.body)).toEqual(expected);
    });
  }

  test('counts a period of its own: October has other organisations and other shares', async ({ management, database }) => {
    await seedClientStatistics(database.db);
    const browser = await logIn(management, database, 'admin@firm.example');
    const page = await browser.get('/stats?from=2026-10-01&to=2026-10-31');
    expect(figures(page.body)).toEqual(['3', s.share('0%', 0, 3), s.share('100%', 3, 3)]);
  });

  test('says there is nothing to count for a viewer whose scope has no responses in the period', async ({ management, database }) => {
    await seedClientStatistics(database.db);
    await database.db.insertInto('employees').values({ id: 'nina', name: 'Nina Nieuw', email: 'nina@firm.example' }).execute();
    const page = await (await logIn(management, database, 'nina@firm.example')).get(NOVEMBER);
    expect(page.statusCode).toBe(200);
    const none = `<span aria-hidden="true">–</span><span class="visually-hidden">${s.noData}</span>`;
    expect(figures(page.body)).toEqual(['0', none, none]);
  });
});

describe('client organisation shares', () => {
  it('are exact percentages of the organisations that responded, and absent when none did', () => {
    expect(clientOrganisationShares({ withResponses: 3, withPositive: 2, withNegative: 1 })).toEqual({ positive: (2 / 3) * 100, negative: (1 / 3) * 100 });
    expect(clientOrganisationShares({ withResponses: 4, withPositive: 4, withNegative: 0 })).toEqual({ positive: 100, negative: 0 });
    expect(clientOrganisationShares({ withResponses: 0, withPositive: 0, withNegative: 0 })).toEqual({ positive: null, negative: null });
  });
});
