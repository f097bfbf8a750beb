import { describe, expect } from 'vitest';
import { logIn, test } from './management-app.ts';
import { seedFirm } from './seed.ts';

const ADMIN = 'admin@firm.example';

describe('the people pages', () => {
  test('are for admins only: anyone else gets the 404 of a page that does not exist', async ({ management, database }) => {
    await seedFirm(database.db);
    const dirk = await logIn(management, database, 'dirk@firm.example');
    for (const path of ['/people', '/people/new', '/people/chart', '/people/anna/edit']) expect((await dirk.get(path)).statusCode).toBe(404);
    expect((await dirk.get('/register')).body).not.toContain('href="/people"');
  });

  test('list everyone with their manager, division and projects, and search by name, address, id or division', async ({ management, database }) => {
    await seedFirm(database.db);
    const admin = await logIn(management, database, ADMIN);
    const list = await admin.get('/people');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('6 medewerkers');
    expect(list.body).toMatch(/Anna Accountmanager<\/a><br><span class="muted">anna<\/span><\/td>\s*<td>anna@firm.example<\/td>\s*<td>Marieke Manager<\/td>\s*<td>Water<\/td>\s*<td>1<\/td>/u);
    const bouw = await admin.get('/people?q=bouw');
    expect(bouw.body).toContain('2 medewerkers');
    expect(bouw.body).toContain('Carla Accountmanager');
    expect((await admin.get('/people?q=%25')).body).toContain('0 medewerkers');
  });

  test('add an employee with the API\'s validation: errors listed and linked to their fields, then saved with its audit event', async ({
    management,
    database,
  }) => {
    await seedFirm(database.db);
    const { db } = database;
    const admin = await logIn(management, database, ADMIN);
    await admin.get('/people/new');
    const refused = await admin.post('/people', { id: 'eva', name: '', email: 'not-an-address', managerId: 'marieke', division: '', locale: 'nl', phone: '06 123', alertChannels: ['email', 'sms'] });
    expect(refused.statusCode).toBe(422);
    expect(refused.body).toContain('<div class="error-summary" role="alert"');
    for (const field of ['name', 'email', 'phone']) expect(refused.body).toContain(`<li><a href="#${field}">`);
    expect(refused.body).toContain('value="not-an-address"');

    const taken = await admin.post('/people', { id: 'eva', name: 'Eva', email: 'anna@firm.example', managerId: '', division: '', locale: 'nl', phone: '', alertChannels: 'email' });
    expect(taken.statusCode).toBe(422);
    expect(taken.body).toContain('Een andere medewerker heeft dit e-mailadres al.');

    const saved = await admin.post('/people', {
      id: 'eva',
      name: 'Eva <Engineer>',
      email: 'Eva@Firm.example',
      managerId: 'marieke',
      division: 'Water',
      locale: 'en',
      phone: '+31 6 1234 5678',
      alertChannels: ['email', 'sms'],
    });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/people/eva/edit?saved=1');
    expect(await db.selectFrom('employees').select(['name', 'email', 'managerId', 'division', 'locale', 'phone', 'alertChannels', 'active']).where('id', '=', 'eva').executeTakeFirst()).toEqual({
      name: 'Eva <Engineer>',
      email: 'eva@firm.example',
      managerId: 'marieke',
      division: 'Water',
      locale: 'en',
      phone: '+31612345678',
      alertChannels: ['email', 'sms'],
      active: true,
    });
    const page = await admin.get('/people/eva/edit?saved=1');
    expect(page.body).toContain('Opgeslagen.');
    expect(page.body).toContain('Eva &lt;Engineer&gt;');
    expect(page.body).not.toContain('Eva <Engineer>');
    expect(await db.selectFrom('auditEvents').select(['actor', 'action', 'subjectId']).where('action', '=', 'employee.upserted').execute()).toEqual([
      { actor: ADMIN, action: 'employee.upserted', subjectId: 'eva' },
    ]);

    // Without an id, one is made.
    await admin.get('/people/new');
    const generated = await admin.post('/people', { id: '', name: 'Finn', email: 'finn@firm.example', managerId: '', division: '', locale: 'nl', phone: '', alertChannels: 'email' });
    expect(generated.headers.location).toMatch(/^\/people\/[0-9a-f-]{36}\/edit\?saved=1$/u);
  });

  test('edit someone, refusing a manager that would make the reporting line circular', async ({ management, database }) => {
    await seedFirm(database.db);
    const admin = await logIn(management, database, ADMIN);
    await admin.get('/people/marieke/edit');
    const circular = await admin.post('/people/marieke/edit', { name: 'Marieke Manager', email: 'marieke@firm.example', managerId: 'anna', division: 'Water', locale: 'nl', phone: '', alertChannels: 'email' });
    expect(circular.statusCode).toBe(422);
    expect(circular.body).toContain('<li><a href="#managerId">');
    const moved = await admin.post('/people/marieke/edit', { name: 'Marieke Manager', email: 'marieke@firm.example', managerId: 'xander', division: 'Bouw', locale: 'nl', phone: '', alertChannels: 'email' });
    expect(moved.statusCode).toBe(303);
    expect(await database.db.selectFrom('employees').select(['managerId', 'division']).where('id', '=', 'marieke').executeTakeFirst()).toEqual({ managerId: 'xander', division: 'Bouw' });
  });

  test('deactivate someone who left: projects to the colleague picked, reports to their manager, sessions ended, audited', async ({ management, database }) => {
    await seedFirm(database.db);
    const { db } = database;
    const marieke = await logIn(management, database, 'marieke@firm.example');
    const admin = await logIn(management, database, ADMIN);

    await admin.get('/people/anna/edit');
    const noSuccessor = await admin.post('/people/anna/deactivate', { successorId: '' });
    expect(noSuccessor.statusCode).toBe(422);
    expect(noSuccessor.body).toContain('<li><a href="#successorId">');
    expect(await db.selectFrom('employees').select('active').where('id', '=', 'anna').executeTakeFirst()).toEqual({ active: true });

    await admin.get('/people/marieke/edit');
    const done = await admin.post('/people/marieke/deactivate', { successorId: 'carla' });
    expect(done.statusCode).toBe(303);
    expect(done.headers.location).toBe('/people/marieke/edit?deactivated=0');
    await admin.get('/people/anna/edit');
    expect((await admin.post('/people/anna/deactivate', { successorId: 'bram' })).headers.location).toBe('/people/anna/edit?deactivated=1');

    expect(await db.selectFrom('projects').select('accountManagerId').where('id', '=', 'project-anna').executeTakeFirst()).toEqual({ accountManagerId: 'bram' });
    // Marieke's reports now report to her manager, Dirk.
    expect(await db.selectFrom('employees').select(['id', 'managerId', 'active']).where('id', 'in', ['anna', 'bram', 'marieke']).orderBy('id').execute()).toEqual([
      { id: 'anna', managerId: 'dirk', active: false },
      { id: 'bram', managerId: 'dirk', active: true },
      { id: 'marieke', managerId: 'dirk', active: false },
    ]);
    expect((await marieke.get('/register')).headers.location).toBe('/login');
    expect(await db.selectFrom('auditEvents').select(['actor', 'subjectId']).where('action', '=', 'employee.deactivated').orderBy('id').execute()).toEqual([
      { actor: ADMIN, subjectId: 'marieke' },
      { actor: ADMIN, subjectId: 'anna' },
    ]);
    const page = await admin.get('/people/anna/edit?deactivated=1');
    expect(page.body).toContain('Gedeactiveerd. 1 project is overgedragen.');
    expect(page.body).toContain('Gedeactiveerd sinds');
    // Someone who left is offered nowhere as a manager or successor.
    expect(page.body).not.toContain('<option value="marieke"');
  });

  test('show the org chart as a tree of nested lists', async ({ management, database }) => {
    await seedFirm(database.db);
    const admin = await logIn(management, database, ADMIN);
    const chart = await admin.get('/people/chart');
    expect(chart.statusCode).toBe(200);
    const text = chart.body.replace(/\s+/gu, ' ');
    expect(text).toMatch(/<ul class="tree"><li><a href="\/people\/dirk\/edit">Dirk Directeur<\/a><ul><li><a href="\/people\/carla\/edit">Carla Accountmanager<\/a> <span class="muted">\(Bouw\)<\/span><\/li><li><a href="\/people\/marieke\/edit">Marieke Manager<\/a> <span class="muted">\(Water\)<\/span><ul><li>.*Anna Accountmanager.*<\/li><li>.*Bram Accountmanager.*<\/li><\/ul><\/li><\/ul><\/li><li><a href="\/people\/xander\/edit">Xander Elders/u);
  });
});
