import { describe, expect } from 'vitest';
import { authorized, test } from './ingest-app.ts';

describe('GET /api/v1/employees/{id} and /api/v1/projects/{id}', () => {
  test('answers an employee with exactly what the PUT answered, settings kept from before included', async ({ ingest: { app } }) => {
    await app.inject({ method: 'PUT', url: '/api/v1/employees/mgr', headers: authorized, payload: { name: 'Marieke', email: 'marieke@firm.example' } });
    const put = await app.inject({
      method: 'PUT',
      url: '/api/v1/employees/anna',
      headers: authorized,
      payload: { name: 'Anna de Vries', email: 'anna@firm.example', managerId: 'mgr', locale: 'en', division: 'Infra', phone: '+31 6 1234 5678', alertChannels: ['sms', 'email'] },
    });
    expect(put.statusCode).toBe(200);
    // A later sync that leaves the settings out keeps them; GET shows what is stored now.
    const resynced = await app.inject({
      method: 'PUT',
      url: '/api/v1/employees/anna',
      headers: authorized,
      payload: { name: 'Anna de Vries', email: 'anna@firm.example', managerId: 'mgr', locale: 'en', division: 'Infra' },
    });

    const read = await app.inject({ method: 'GET', url: '/api/v1/employees/anna', headers: authorized });
    expect(read.statusCode).toBe(200);
    expect(read.headers['content-type']).toMatch(/^application\/json/);
    expect(read.json()).toEqual(resynced.json());
    expect(read.json()).toEqual({
      id: 'anna',
      name: 'Anna de Vries',
      email: 'anna@firm.example',
      managerId: 'mgr',
      locale: 'en',
      division: 'Infra',
      digestOptOut: false,
      phone: '+31612345678',
      alertChannels: ['email', 'sms'],
    });
  });

  test('answers a project with its client and contact, as the PUT answered it', async ({ ingest: { app } }) => {
    await app.inject({ method: 'PUT', url: '/api/v1/employees/am-1', headers: authorized, payload: { name: 'Anton', email: 'anton@firm.example' } });
    const put = await app.inject({
      method: 'PUT',
      url: '/api/v1/projects/P-1',
      headers: authorized,
      payload: {
        name: 'Riolering Oost',
        client: { id: 'gemeente-utrecht', name: 'Gemeente Utrecht' },
        contact: { name: 'Jan Jansen', email: 'Jan@Utrecht.example' },
        accountManagerId: 'am-1',
      },
    });
    expect(put.statusCode).toBe(200);

    const read = await app.inject({ method: 'GET', url: '/api/v1/projects/P-1', headers: authorized });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(put.json());
    expect(read.json()).toEqual({
      id: 'P-1',
      name: 'Riolering Oost',
      client: { id: 'gemeente-utrecht', name: 'Gemeente Utrecht' },
      contact: { name: 'Jan Jansen', email: 'jan@utrecht.example', locale: 'nl' },
      accountManagerId: 'am-1',
    });
  });

  test('answers 404 problem+json for an unknown employee or project, and 400 naming id for a malformed one', async ({ ingest: { app } }) => {
    for (const url of ['/api/v1/employees/nobody', '/api/v1/projects/P-404']) {
      const response = await app.inject({ method: 'GET', url, headers: authorized });
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ status: 404, title: 'Not Found', instance: url });
    }
    const malformed = await app.inject({ method: 'GET', url: '/api/v1/projects/P%20404', headers: authorized });
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ errors: [{ path: 'id' }] });
  });
});
