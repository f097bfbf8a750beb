import { describe, expect } from 'vitest';
import { API_KEY, buildIngest, test } from './ingest-app.ts';

describe('API keys', () => {
  test('refuses a call without an API key with 401 problem+json', async ({ ingest: { app } }) => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/responses/00000000-0000-4000-8000-000000000000' });
    expect(response.statusCode).toBe(401);
    expect(response.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(response.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(response.json()).toMatchObject({ status: 401, title: 'Unauthorized' });
  });

  test('refuses an unknown API key', async ({ ingest: { app } }) => {
    const response = await app.inject({
      method: 'PUT',
      url: '/api/v1/employees/e-1',
      headers: { authorization: `Bearer ${API_KEY}x` },
      payload: { name: 'Anna', email: 'anna@firm.example' },
    });
    expect(response.statusCode).toBe(401);
  });

  test('refuses every call when no API keys are configured', async ({ database, redis, logger }) => {
    const ingest = await buildIngest({ database, redis, logger }, { apiKeys: [] });
    try {
      const response = await ingest.app.inject({
        method: 'PUT',
        url: '/api/v1/employees/e-1',
        headers: { authorization: 'Bearer ' },
        payload: { name: 'Anna', email: 'anna@firm.example' },
      });
      expect(response.statusCode).toBe(401);
    } finally {
      await ingest.close();
    }
  });

  test('accepts any of several configured keys', async ({ database, redis, logger }) => {
    const ingest = await buildIngest({ database, redis, logger }, { apiKeys: ['first-key', 'second-key'] });
    try {
      const response = await ingest.app.inject({
        method: 'PUT',
        url: '/api/v1/employees/e-1',
        headers: { authorization: 'Bearer second-key' },
        payload: { name: 'Anna', email: 'anna@firm.example' },
      });
      expect(response.statusCode).toBe(200);
    } finally {
      await ingest.close();
    }
  });
});
