import { TEST_MANAGEMENT_BASE_URL } from '@ambassador/testing/clock';
import { describe, expect } from 'vitest';
import { type Browser, logIn, test } from './management-app.ts';

/** A request Bull Board's page makes: JSON, with the session cookie and no form token. */
function boardRequest(browser: Browser, method: 'POST' | 'PUT', url: string, headers: Record<string, string>, payload?: object) {
  return browser.app.inject({
    method,
    url,
    headers: { ...browser.cookieHeader(), ...headers, ...(payload ? { 'content-type': 'application/json' } : {}) },
    ...(payload ? { payload: JSON.stringify(payload) } : {}),
  });
}

const sameOrigin = { 'sec-fetch-site': 'same-origin', origin: TEST_MANAGEMENT_BASE_URL };

describe("Bull Board's actions", () => {
  test('work from its own page: an admin adds a job', async ({ management, database }) => {
    const admin = await logIn(management, database, 'admin@firm.example');
    const added = await boardRequest(admin, 'POST', '/queues/api/queues/deliver-email/add', sameOrigin, { name: 'by-hand', data: {} });
    expect(added.statusCode).toBe(200);
    const jobs = await management.producer.queue('deliver-email').getJobs(['waiting']);
    expect(jobs.map((job) => job.name)).toContain('by-hand');
  });

  test('are refused from another site or another origin, by Sec-Fetch-Site or else by Origin', async ({ management, database }) => {
    const admin = await logIn(management, database, 'admin@firm.example');
    const refused: Record<string, string>[] = [
      { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
      // Another origin of the same site (another port, a sibling subdomain) gets the Lax cookie.
      { 'sec-fetch-site': 'same-site', origin: 'http://other.management.test' },
      { origin: 'https://evil.example' },
    ];
    for (const headers of refused) {
      expect((await boardRequest(admin, 'PUT', '/queues/api/queues/deliver-email/pause', headers)).statusCode, JSON.stringify(headers)).toBe(403);
      expect((await boardRequest(admin, 'POST', '/queues/api/queues/deliver-email/add', headers, { name: 'forged', data: {} })).statusCode).toBe(403);
    }
    expect(await management.producer.queue('deliver-email').isPaused()).toBe(false);
    expect((await management.producer.queue('deliver-email').getJobs(['waiting'])).map((job) => job.name)).not.toContain('forged');

    expect((await boardRequest(admin, 'PUT', '/queues/api/queues/deliver-email/pause', sameOrigin)).statusCode).toBe(200);
    expect(await management.producer.queue('deliver-email').isPaused()).toBe(true);
  });
});
