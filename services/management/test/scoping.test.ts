import { describe, expect } from 'vitest';
import { logIn, test } from './management-app.ts';
import { respond, seedFirm } from './seed.ts';

/**
 * Who sees what: an account manager their own projects' responses; a manager also those of
 * everyone who reports to them, directly or indirectly; ADMIN_EMAILS everything. Checked by
 * the register page, the CSV and the response page by id.
 */
describe('who sees what', () => {
  const byAccountManager = {
    anna: 'Respondent Anna-Klant',
    bram: 'Respondent Bram-Klant',
    carla: 'Respondent Carla-Klant',
    xander: 'Respondent Xander-Klant',
  } as const;

  async function seedResponses(db: Parameters<typeof seedFirm>[0]): Promise<Record<keyof typeof byAccountManager, string>> {
    await seedFirm(db);
    const ids = {} as Record<keyof typeof byAccountManager, string>;
    for (const [accountManager, name] of Object.entries(byAccountManager) as [keyof typeof byAccountManager, string][]) {
      ids[accountManager] = await respond(db, accountManager, 'negative', { name });
    }
    return ids;
  }

  const expectations: [string, (keyof typeof byAccountManager)[]][] = [
    ['anna@firm.example', ['anna']],
    ['marieke@firm.example', ['anna', 'bram']],
    ['dirk@firm.example', ['anna', 'bram', 'carla']],
    ['xander@firm.example', ['xander']],
    ['admin@firm.example', ['anna', 'bram', 'carla', 'xander']],
  ];

  for (const [email, visible] of expectations) {
    test(`${email} sees exactly ${visible.join(', ')}: in the register, the CSV and by id`, async ({ management, database }) => {
      const ids = await seedResponses(database.db);
      const browser = await logIn(management, database, email);

      const register = await browser.get('/register?group=negative');
      expect(register.statusCode).toBe(200);
      const csv = await browser.get('/register.csv?group=negative');
      expect(csv.statusCode).toBe(200);
      for (const [accountManager, name] of Object.entries(byAccountManager) as [keyof typeof byAccountManager, string][]) {
        const allowed = visible.includes(accountManager);
        expect(register.body.includes(name), `${name} in the register`).toBe(allowed);
        expect(csv.body.includes(name), `${name} in the CSV`).toBe(allowed);
        const page = await browser.get(`/responses/${ids[accountManager]}`);
        expect(page.statusCode, `response of ${accountManager}`).toBe(allowed ? 200 : 404);
        const step = await browser.post(`/responses/${ids[accountManager]}/follow-up`, { status: 'done', note: 'x' });
        expect(step.statusCode, `follow-up on ${accountManager}`).toBe(allowed ? 303 : 404);
      }
      const steps = await database.db.selectFrom('followUpSteps').select('responseId').execute();
      expect(steps.map((step) => step.responseId).sort()).toEqual(visible.map((accountManager) => ids[accountManager]).sort());
    });
  }

  test('an employee without projects or reports sees nothing', async ({ management, database }) => {
    await seedResponses(database.db);
    await database.db.insertInto('employees').values({ id: 'nina', name: 'Nina Nieuw', email: 'nina@firm.example' }).execute();
    const browser = await logIn(management, database, 'nina@firm.example');
    const csv = await browser.get('/register.csv');
    expect(csv.body.trim().split('\r\n')).toHaveLength(1);
    const register = await browser.get('/register?group=negative');
    for (const name of Object.values(byAccountManager)) expect(register.body).not.toContain(name);
  });

  test('a change of manager changes what the old and the new manager see at once', async ({ management, database }) => {
    const ids = await seedResponses(database.db);
    const marieke = await logIn(management, database, 'marieke@firm.example');
    expect((await marieke.get(`/responses/${ids.bram}`)).statusCode).toBe(200);
    await database.db.updateTable('employees').set({ managerId: 'xander' }).where('id', '=', 'bram').execute();
    expect((await marieke.get(`/responses/${ids.bram}`)).statusCode).toBe(404);
    const xander = await logIn(management, database, 'xander@firm.example');
    expect((await xander.get(`/responses/${ids.bram}`)).statusCode).toBe(200);
  });
});
