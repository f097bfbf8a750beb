import { describe, expect, it } from 'vitest';
import { requiredScope } from '../src/api-scopes.ts';
import { API_KEY, buildIngest, type IngestUnderTest, seedProject, test } from './ingest-app.ts';

const keys = ['reader-key:read', 'writer-key:write', 'admin-key:admin', 'old-key'];
const bearer = (key: string) => ({ authorization: `Bearer ${key}` });

const employee = { name: 'Anna de Vries', email: 'anna@firm.example' };
const response = { projectId: 'P-100', satisfaction: 'tevreden', wouldRecommend: true, wantsMoreServices: false };

/** One call of each kind, as a key would make it; answers the status. */
function calls(app: IngestUnderTest['app']) {
  const call = (method: 'GET' | 'PUT' | 'POST' | 'DELETE', url: string, payload?: object) => async (key: string) =>
    (await app.inject({ method, url, headers: bearer(key), ...(payload ? { payload } : {}) })).statusCode;
  return {
    readEmployee: call('GET', '/api/v1/employees/am-1'),
    readProject: call('GET', '/api/v1/projects/P-100'),
    readStats: call('GET', '/api/v1/stats'),
    submitResponse: call('POST', '/api/v1/responses', response),
    putProject: call('PUT', '/api/v1/projects/P-100', {
      name: 'Riolering Oost',
      client: { id: 'gemeente-utrecht', name: 'Gemeente Utrecht' },
      contact: { name: 'Jan Jansen', email: 'jan.jansen@utrecht.example' },
      accountManagerId: 'am-1',
    }),
    closeProject: call('POST', '/api/v1/projects/P-100/close'),
    putEmployee: call('PUT', '/api/v1/employees/anna', employee),
    eraseContact: call('DELETE', '/api/v1/contacts/someone%40client.example'),
  };
}

const scopedTest = test.extend('scoped', async ({ database, redis, logger }, { onCleanup }) => {
  const ingest = await buildIngest({ database, redis, logger }, { apiKeys: [...keys, API_KEY] });
  onCleanup(() => ingest.close());
  await seedProject(ingest.app);
  return ingest;
});

describe('API key scopes', () => {
  scopedTest('a read key reads, and is refused with 403 problem+json for every change, which leaves nothing changed', async ({
    scoped: { app },
    database: { db },
  }) => {
    const call = calls(app);
    expect(await call.readEmployee('reader-key')).toBe(200);
    expect(await call.readProject('reader-key')).toBe(200);
    expect(await call.readStats('reader-key')).toBe(200);
    for (const change of [call.submitResponse, call.putProject, call.closeProject, call.putEmployee, call.eraseContact]) {
      expect(await change('reader-key')).toBe(403);
    }
    const refused = await app.inject({ method: 'PUT', url: '/api/v1/employees/anna', headers: bearer('reader-key'), payload: employee });
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.headers['www-authenticate']).toMatch(/error="insufficient_scope", scope="admin"/);
    expect(refused.json()).toEqual({
      type: 'about:blank',
      title: 'Forbidden',
      status: 403,
      detail: 'This API key has the scope "read"; PUT /api/v1/employees/:id needs "admin".',
      instance: '/api/v1/employees/anna',
    });
    expect(await db.selectFrom('employees').select('id').where('id', '=', 'anna').executeTakeFirst()).toBeUndefined();
    expect(await db.selectFrom('responses').select('id').execute()).toEqual([]);
    expect(await db.selectFrom('invitations').select('id').execute()).toEqual([]);
  });

  scopedTest('a write key submits responses, puts and closes projects, and may not touch employees or erase', async ({
    scoped: { app },
    database: { db },
  }) => {
    const call = calls(app);
    expect(await call.readProject('writer-key')).toBe(200);
    expect(await call.putProject('writer-key')).toBe(200);
    expect(await call.submitResponse('writer-key')).toBe(202);
    expect(await call.closeProject('writer-key')).toBe(200); // the contact already answered: not invited
    // An employee's address is a way into the management module: only admin keys set one.
    expect(await call.putEmployee('writer-key')).toBe(403);
    expect(await call.eraseContact('writer-key')).toBe(403);
    expect(await db.selectFrom('employees').select('id').where('id', '=', 'anna').executeTakeFirst()).toBeUndefined();
  });

  scopedTest('an admin key and a key without a scope (as every key was before scopes) may do everything', async ({ scoped: { app } }) => {
    for (const key of ['admin-key', 'old-key']) {
      const call = calls(app);
      expect(await call.readEmployee(key)).toBe(200);
      expect(await call.putEmployee(key)).toBe(200);
      expect(await call.putProject(key)).toBe(200);
      expect(await call.closeProject(key)).toBe(key === 'admin-key' ? 201 : 200);
      expect(await call.eraseContact(key)).toBe(204);
    }
  });

  scopedTest('refuses a scoped key sent with its scope suffix, which is not part of the key', async ({ scoped: { app } }) => {
    expect(await calls(app).readEmployee('reader-key:read')).toBe(401);
  });
});

describe('the scope each route needs', () => {
  it('reads need read, responses and projects write, anything else (and any route not named) admin', () => {
    expect(requiredScope('GET', '/api/v1/responses/:id')).toBe('read');
    expect(requiredScope('HEAD', '/api/v1/stats')).toBe('read');
    expect(requiredScope('POST', '/api/v1/responses')).toBe('write');
    expect(requiredScope('PUT', '/api/v1/projects/:id')).toBe('write');
    expect(requiredScope('POST', '/api/v1/projects/:id/close')).toBe('write');
    expect(requiredScope('PUT', '/api/v1/employees/:id')).toBe('admin');
    expect(requiredScope('DELETE', '/api/v1/contacts/*')).toBe('admin');
    expect(requiredScope('POST', '/api/v1/something-new')).toBe('admin');
  });

  it('keeps destinations, whose URLs are credentials, to admin keys, reads included', () => {
    expect(requiredScope('GET', '/api/v1/destinations')).toBe('admin');
    expect(requiredScope('GET', '/api/v1/destinations/:id/deliveries')).toBe('admin');
    expect(requiredScope('PUT', '/api/v1/destinations/:id')).toBe('admin');
    expect(requiredScope('GET', '/api/v1/destinations-report')).toBe('read');
  });
});
