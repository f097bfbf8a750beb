import { API_KEY, buildIngest } from '@ambassador/ingest/test/ingest-app';
import { describe, expect } from 'vitest';
import { Browser, logIn, test } from './management-app.ts';
import { seedFirm } from './seed.ts';

const authorized = { authorization: `Bearer ${API_KEY}` };

describe('sessions when an address changes hands', () => {
  test('end, with their unused login links, when the employee\'s address changes through the API, and do not follow the address to its next owner', async ({
    management,
    database,
    redis,
    logger,
  }) => {
    await seedFirm(database.db);
    const { db } = database;
    const anna = await logIn(management, database, 'anna@firm.example');
    const bram = await logIn(management, database, 'bram@firm.example');
    // A link Anna asked for and has not used yet.
    const waiting = new Browser(management.app);
    await waiting.get('/login');
    await waiting.post('/login', { email: 'anna@firm.example' });
    await management.background.settled();
    const unusedLinks = () => db.selectFrom('loginLinks').select('id').where('email', '=', 'anna@firm.example').where('usedAt', 'is', null).execute();
    expect(await unusedLinks()).toHaveLength(1);

    const ingest = await buildIngest({ database, redis, logger });
    try {
      const put = (id: string, payload: Record<string, unknown>) =>
        ingest.app.inject({ method: 'PUT', url: `/api/v1/employees/${id}`, headers: authorized, payload });
      // The nightly CRM sync sends everyone again, unchanged: nobody is logged out.
      expect((await put('anna', { name: 'Anna Accountmanager', email: 'anna@firm.example', managerId: 'marieke', division: 'Water' })).statusCode).toBe(200);
      expect((await anna.get('/register')).statusCode).toBe(200);

      expect((await put('anna', { name: 'Anna Accountmanager', email: 'anna.devries@firm.example', managerId: 'marieke', division: 'Water' })).statusCode).toBe(200);
      // Xander takes over the old address: Anna's old session must not open his register.
      expect((await put('xander', { name: 'Xander Elders', email: 'anna@firm.example', division: 'Bouw' })).statusCode).toBe(200);
    } finally {
      await ingest.close();
    }
    const after = await anna.get('/register');
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toBe('/login');
    expect(await unusedLinks()).toEqual([]);
    expect((await bram.get('/register')).statusCode).toBe(200);
  });

  test('are refused to a deactivated employee: no login link, no session, however they come', async ({ management, database }) => {
    await seedFirm(database.db);
    const anna = await logIn(management, database, 'anna@firm.example');
    await database.db.updateTable('employees').set({ active: false, deactivatedAt: management.clock.read() }).where('id', '=', 'anna').execute();
    expect((await anna.get('/register')).headers.location).toBe('/login');

    const links = () => database.db.selectFrom('loginLinks').select('id').where('email', '=', 'anna@firm.example').execute();
    const before = (await links()).length;
    const browser = new Browser(management.app);
    await browser.get('/login');
    expect((await browser.post('/login', { email: 'anna@firm.example' })).statusCode).toBe(303);
    await management.background.settled();
    expect(await links()).toHaveLength(before);
  });
});
