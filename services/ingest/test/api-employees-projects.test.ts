import { describe, expect } from 'vitest';
import { authorized, test } from './ingest-app.ts';

describe('PUT /api/v1/employees/{id}', () => {
  test('creates an employee, then replaces it, answering 200 with the employee', async ({ ingest: { app } }) => {
    const created = await app.inject({
      method: 'PUT',
      url: '/api/v1/employees/anna.b',
      headers: authorized,
      payload: { name: 'Anna Bos', email: 'Anna@Firm.example', locale: 'en' },
    });
    expect(created.statusCode).toBe(200);
    expect(created.json()).toEqual({
      id: 'anna.b',
      name: 'Anna Bos',
      email: 'anna@firm.example',
      managerId: null,
      locale: 'en',
      division: null,
      digestOptOut: false,
      phone: null,
      alertChannels: ['email'],
      active: true,
    });

    const updated = await app.inject({
      method: 'PUT',
      url: '/api/v1/employees/anna.b',
      headers: authorized,
      payload: { name: 'Anna Bos-Smit', email: 'anna@firm.example' },
    });
    expect(updated.statusCode).toBe(200);
    expect(updated.json()).toMatchObject({ name: 'Anna Bos-Smit', locale: 'nl' });
  });

  test('stores the division the register and statistics group by; leaving it out clears it', async ({
    ingest: { app },
    database: { db },
  }) => {
    const put = (payload: object) =>
      app.inject({ method: 'PUT', url: '/api/v1/employees/anna.b', headers: authorized, payload: { name: 'Anna Bos', email: 'anna@firm.example', ...payload } });
    const stored = async () => (await db.selectFrom('employees').select('division').where('id', '=', 'anna.b').executeTakeFirstOrThrow()).division;

    expect((await put({ division: '  Infra  ' })).json()).toMatchObject({ division: 'Infra' });
    expect(await stored()).toBe('Infra');
    // PUT replaces: the HR sync that no longer sends a division means the person has none.
    expect((await put({})).json()).toMatchObject({ division: null });
    expect(await stored()).toBeNull();

    const invalid = await put({ division: 'x'.repeat(101) });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ errors: [{ path: 'division' }] });
  });

  test('stops and resumes the weekly digest with digestOptOut; leaving it out keeps what is stored', async ({
    ingest: { app },
    database: { db },
  }) => {
    const put = (payload: object) =>
      app.inject({ method: 'PUT', url: '/api/v1/employees/mgr', headers: authorized, payload: { name: 'Marieke', email: 'marieke@firm.example', ...payload } });
    const stored = async () => (await db.selectFrom('employees').select('digestOptOut').where('id', '=', 'mgr').executeTakeFirstOrThrow()).digestOptOut;

    expect((await put({ digestOptOut: true })).json()).toMatchObject({ digestOptOut: true });
    expect(await stored()).toBe(true);
    // A sync that does not know the field (or the person's own unsubscribe click) is not undone.
    const resynced = await put({ locale: 'en' });
    expect(resynced.statusCode).toBe(200);
    expect(resynced.json()).toMatchObject({ locale: 'en', digestOptOut: true });
    expect((await put({ digestOptOut: false })).json()).toMatchObject({ digestOptOut: false });
    expect(await stored()).toBe(false);

    const invalid = await put({ digestOptOut: 'yes' });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.json()).toMatchObject({ errors: [{ path: 'digestOptOut' }] });
  });

  test('sends alerts by SMS as well with a phone and alertChannels ["email", "sms"]; leaving them out keeps what is stored', async ({
    ingest: { app },
    database: { db },
  }) => {
    const put = (payload: object) =>
      app.inject({ method: 'PUT', url: '/api/v1/employees/anna.b', headers: authorized, payload: { name: 'Anna Bos', email: 'anna@firm.example', ...payload } });
    const stored = () => db.selectFrom('employees').select(['phone', 'alertChannels']).where('id', '=', 'anna.b').executeTakeFirstOrThrow();

    // Typed as people type it, stored as E.164; the channels in any order, answered in one.
    const set = await put({ phone: '+31 6-1234 5678', alertChannels: ['sms', 'email'] });
    expect(set.statusCode).toBe(200);
    expect(set.json()).toMatchObject({ phone: '+31612345678', alertChannels: ['email', 'sms'] });
    expect(await stored()).toEqual({ phone: '+31612345678', alertChannels: ['email', 'sms'] });

    // A nightly CRM sync that knows neither field undoes nothing the person set.
    const resynced = await put({ division: 'Water' });
    expect(resynced.json()).toMatchObject({ division: 'Water', phone: '+31612345678', alertChannels: ['email', 'sms'] });

    // Back to e-mail only, then the number removed.
    expect((await put({ alertChannels: ['email'] })).json()).toMatchObject({ phone: '+31612345678', alertChannels: ['email'] });
    expect((await put({ phone: null })).json()).toMatchObject({ phone: null, alertChannels: ['email'] });
    expect(await stored()).toEqual({ phone: null, alertChannels: ['email'] });
  });

  test('refuses SMS without a phone, given or stored, with 422 naming the field, changing nothing', async ({
    ingest: { app },
    database: { db },
  }) => {
    const put = (id: string, payload: object) =>
      app.inject({ method: 'PUT', url: `/api/v1/employees/${id}`, headers: authorized, payload: { name: 'Anna Bos', email: `${id}@firm.example`, ...payload } });

    const newWithoutPhone = await put('new', { alertChannels: ['email', 'sms'] });
    expect(newWithoutPhone.statusCode).toBe(422);
    expect(newWithoutPhone.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(newWithoutPhone.json()).toMatchObject({ status: 422, errors: [{ path: 'alertChannels', message: expect.stringContaining('phone') as unknown }] });
    expect(await db.selectFrom('employees').select('id').where('id', '=', 'new').execute()).toEqual([]);

    // A stored phone is enough.
    await put('anna', { phone: '+31612345678' });
    expect((await put('anna', { alertChannels: ['email', 'sms'] })).json()).toMatchObject({ phone: '+31612345678', alertChannels: ['email', 'sms'] });
    // Taking the phone away while SMS is on names phone, and keeps both.
    const phoneRemoved = await put('anna', { phone: null, name: 'Anna Bos-Smit' });
    expect(phoneRemoved.statusCode).toBe(422);
    expect(phoneRemoved.json()).toMatchObject({ errors: [{ path: 'phone' }] });
    expect(await db.selectFrom('employees').select(['name', 'phone', 'alertChannels']).where('id', '=', 'anna').executeTakeFirstOrThrow()).toEqual({
      name: 'Anna Bos',
      phone: '+31612345678',
      alertChannels: ['email', 'sms'],
    });
  });

  test('refuses a phone that is not E.164 and channels without e-mail or unknown, with 400 naming the field', async ({ ingest: { app } }) => {
    const put = (payload: object) =>
      app.inject({ method: 'PUT', url: '/api/v1/employees/anna.b', headers: authorized, payload: { name: 'Anna Bos', email: 'anna@firm.example', ...payload } });
    for (const phone of ['0612345678', '+0612345678', '+31', '+31 6 1234 5678 9012 34', 'bel me', 31612345678]) {
      const response = await put({ phone });
      expect(response.statusCode, String(phone)).toBe(400);
      expect(response.json()).toMatchObject({ errors: [{ path: 'phone' }] });
    }
    for (const alertChannels of [['sms'], [], ['email', 'pager'], 'email']) {
      const response = await put({ phone: '+31612345678', alertChannels });
      expect(response.statusCode, JSON.stringify(alertChannels)).toBe(400);
      expect(response.json<{ errors: { path: string }[] }>().errors[0]?.path).toMatch(/^alertChannels/);
    }
  });

  test('names each invalid field in a 400 problem', async ({ ingest: { app } }) => {
    const response = await app.inject({
      method: 'PUT',
      url: '/api/v1/employees/e-1',
      headers: authorized,
      payload: { name: '', email: 'not-an-address', shoeSize: 44 },
    });
    expect(response.statusCode).toBe(400);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    const paths = response.json<{ errors: { path: string }[] }>().errors.map((error) => error.path).sort();
    expect(paths).toEqual(['email', 'name', 'shoeSize']);
  });

  test('refuses an id outside [A-Za-z0-9._-]{1,64} with 400 naming id', async ({ ingest: { app } }) => {
    const response = await app.inject({
      method: 'PUT',
      url: `/api/v1/employees/${'x'.repeat(65)}`,
      headers: authorized,
      payload: { name: 'Anna', email: 'anna@firm.example' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ errors: [{ path: 'id' }] });
  });

  test('deactivates with active: false (ending their sessions), keeps it when a sync leaves active out, and refuses new work for them', async ({
    ingest: { app, clock },
    database: { db },
  }) => {
    const put = async (id: string, body: Record<string, unknown>) => app.inject({ method: 'PUT', url: `/api/v1/employees/${id}`, headers: authorized, payload: body });
    await put('boss', { name: 'Baas', email: 'baas@firm.example' });
    await put('anna', { name: 'Anna', email: 'anna@firm.example', managerId: 'boss' });
    await db.insertInto('sessions').values({ email: 'baas@firm.example', tokenHash: Buffer.alloc(32, 1), createdAt: clock.read(), expiresAt: new Date(clock.read().getTime() + 3_600_000) }).execute();

    const deactivated = await put('boss', { name: 'Baas', email: 'baas@firm.example', active: false });
    expect(deactivated.json()).toMatchObject({ active: false });
    expect(await db.selectFrom('employees').select(['active', 'deactivatedAt']).where('id', '=', 'boss').executeTakeFirstOrThrow()).toEqual({ active: false, deactivatedAt: clock.read() });
    expect(await db.selectFrom('sessions').select('email').execute()).toEqual([]);

    clock.advanceDays(1);
    const resynced = await put('boss', { name: 'Baas', email: 'baas@firm.example' });
    expect(resynced.json()).toMatchObject({ active: false });
    expect((await db.selectFrom('employees').select('deactivatedAt').where('id', '=', 'boss').executeTakeFirstOrThrow()).deactivatedAt).toEqual(new Date(clock.read().getTime() - 86_400_000));

    const reporting = await put('new', { name: 'Nieuw', email: 'nieuw@firm.example', managerId: 'boss' });
    expect(reporting.statusCode).toBe(422);
    expect(reporting.json()).toMatchObject({ errors: [{ path: 'managerId', message: 'employee "boss" is deactivated' }] });
    const project = await app.inject({
      method: 'PUT',
      url: '/api/v1/projects/P-1',
      headers: authorized,
      payload: { name: 'X', client: { id: 'c', name: 'C' }, contact: { name: 'Y', email: 'y@c.example' }, accountManagerId: 'boss' },
    });
    expect(project.statusCode).toBe(422);
    expect(project.json()).toMatchObject({ errors: [{ path: 'accountManagerId' }] });

    expect((await put('boss', { name: 'Baas', email: 'baas@firm.example', active: true })).json()).toMatchObject({ active: true });
    expect(await db.selectFrom('employees').select(['active', 'deactivatedAt']).where('id', '=', 'boss').executeTakeFirstOrThrow()).toEqual({ active: true, deactivatedAt: null });
  });

  test('refuses an unknown manager with 422 naming managerId, storing nothing', async ({ ingest: { app }, database: { db } }) => {
    const response = await app.inject({
      method: 'PUT',
      url: '/api/v1/employees/e-1',
      headers: authorized,
      payload: { name: 'Anna', email: 'anna@firm.example', managerId: 'nobody' },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ status: 422, errors: [{ path: 'managerId' }] });
    expect(await db.selectFrom('employees').selectAll().execute()).toEqual([]);
  });

  test('refuses a manager that would make the reporting line circular', async ({ ingest: { app } }) => {
    const put = (id: string, payload: object) =>
      app.inject({ method: 'PUT', url: `/api/v1/employees/${id}`, headers: authorized, payload });
    await put('boss', { name: 'Boss', email: 'boss@firm.example' });
    await put('lead', { name: 'Lead', email: 'lead@firm.example', managerId: 'boss' });
    const circular = await put('boss', { name: 'Boss', email: 'boss@firm.example', managerId: 'lead' });
    expect(circular.statusCode).toBe(422);
    expect(circular.json()).toMatchObject({ errors: [{ path: 'managerId' }] });
    const self = await put('lead', { name: 'Lead', email: 'lead@firm.example', managerId: 'lead' });
    expect(self.statusCode).toBe(422);
  });

  test('answers 409 naming email when another employee has the address', async ({ ingest: { app } }) => {
    await app.inject({ method: 'PUT', url: '/api/v1/employees/a', headers: authorized, payload: { name: 'A', email: 'same@firm.example' } });
    const response = await app.inject({
      method: 'PUT',
      url: '/api/v1/employees/b',
      headers: authorized,
      payload: { name: 'B', email: 'same@firm.example' },
    });
    expect(response.statusCode).toBe(409);
    expect(response.json()).toMatchObject({ status: 409, errors: [{ path: 'email' }] });
  });
});

describe('PUT /api/v1/projects/{id}', () => {
  const project = {
    name: 'Riolering Oost',
    client: { id: 'gemeente-utrecht', name: 'Gemeente Utrecht' },
    contact: { name: 'Jan Jansen', email: 'jan@utrecht.example', locale: 'nl' },
    accountManagerId: 'am-1',
  };

  test('creates and updates a project with its client and contact', async ({ ingest: { app } }) => {
    await app.inject({ method: 'PUT', url: '/api/v1/employees/am-1', headers: authorized, payload: { name: 'Anton', email: 'anton@firm.example' } });
    const created = await app.inject({ method: 'PUT', url: '/api/v1/projects/P-1', headers: authorized, payload: project });
    expect(created.statusCode).toBe(200);
    expect(created.json()).toEqual({ id: 'P-1', ...project });

    const renamed = await app.inject({
      method: 'PUT',
      url: '/api/v1/projects/P-1',
      headers: authorized,
      payload: { ...project, name: 'Riolering Oost, fase 2' },
    });
    expect(renamed.json()).toMatchObject({ name: 'Riolering Oost, fase 2' });
  });

  test('refuses an unknown account manager with 422 naming accountManagerId, storing nothing', async ({
    ingest: { app },
    database: { db },
  }) => {
    const response = await app.inject({ method: 'PUT', url: '/api/v1/projects/P-1', headers: authorized, payload: project });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchObject({ errors: [{ path: 'accountManagerId' }] });
    expect(await db.selectFrom('clients').selectAll().execute()).toEqual([]);
    expect(await db.selectFrom('contacts').selectAll().execute()).toEqual([]);
  });

  test('names a nested field that is wrong', async ({ ingest: { app } }) => {
    const response = await app.inject({
      method: 'PUT',
      url: '/api/v1/projects/P-1',
      headers: authorized,
      payload: { ...project, contact: { name: 'Jan', email: 'jan@', locale: 'de' } },
    });
    expect(response.statusCode).toBe(400);
    const paths = response.json<{ errors: { path: string }[] }>().errors.map((error) => error.path).sort();
    expect(paths).toEqual(['contact.email', 'contact.locale']);
  });
});
