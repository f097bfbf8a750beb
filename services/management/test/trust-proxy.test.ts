import { describe, expect } from 'vitest';
import { Browser, buildManagement, type ManagementUnderTest, test } from './management-app.ts';

/** Login posts (with the form's CSRF token), each from the client X-Forwarded-For names, through a proxy on 127.0.0.1. */
async function loginPostsFrom(management: ManagementUnderTest, clients: string[]): Promise<number[]> {
  const browser = new Browser(management.app);
  await browser.get('/login');
  const cookie = [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  const payload = new URLSearchParams({ _csrf: browser.csrfToken(), email: 'stranger@elsewhere.example' }).toString();
  const statuses: number[] = [];
  for (const client of clients) {
    const response = await management.app.inject({
      method: 'POST',
      url: '/login',
      remoteAddress: '127.0.0.1',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': client },
      payload,
    });
    statuses.push(response.statusCode);
  }
  return statuses;
}

describe('TRUST_PROXY in the management module', () => {
  test('set: the login rate limit counts each client behind the proxy by its forwarded address', async ({ database, redis, logger }) => {
    const management = await buildManagement({ database, redis, logger }, { loginRateLimit: 2, trustProxy: ['loopback'] });
    try {
      expect(await loginPostsFrom(management, ['203.0.113.1', '203.0.113.1', '203.0.113.1', '203.0.113.2'])).toEqual([303, 303, 429, 303]);
    } finally {
      await management.close();
    }
  });

  test('not set: X-Forwarded-For is ignored, so a client cannot pick a fresh address for each guess', async ({ database, redis, logger }) => {
    const management = await buildManagement({ database, redis, logger }, { loginRateLimit: 2 });
    try {
      expect(await loginPostsFrom(management, ['203.0.113.1', '203.0.113.2', '203.0.113.3'])).toEqual([303, 303, 429]);
    } finally {
      await management.close();
    }
  });
});
