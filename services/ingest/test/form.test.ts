import { invitationToken } from '@ambassador/domain/tokens';
import { TEST_SECRET_KEY } from '@ambassador/testing/clock';
import { capturingLogger } from '@ambassador/testing/log-capture';
import { describe, expect } from 'vitest';
import { authorized, buildIngest, type IngestUnderTest, seedProject, test } from './ingest-app.ts';

/** Seeds a project, closes it, and returns the personal link's path (`/s/<token>`). */
async function invite(app: IngestUnderTest['app'], projectId = 'P-100'): Promise<string> {
  await seedProject(app, { projectId });
  const closed = await app.inject({ method: 'POST', url: `/api/v1/projects/${projectId}/close`, headers: authorized });
  return new URL(closed.json<{ invitation: { url: string } }>().invitation.url).pathname;
}

const complete = { satisfaction: 'meer_dan_tevreden', motivation: 'Top!', wouldRecommend: 'yes', wantsMoreServices: 'no' };
const sameOrigin = { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' };

describe('GET /s/{token}', () => {
  test('shows the one-page form in the contact language, greeting them and naming the project', async ({ ingest: { app } }) => {
    const path = await invite(app);
    const response = await app.inject({ method: 'GET', url: path });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(response.body).toContain('<html lang="nl">');
    expect(response.body).toContain('Beste Jan Jansen,');
    expect(response.body).toContain('Hoe kijkt u terug op Riolering Oost?');
    for (const value of ['ontevreden', 'tevreden', 'meer_dan_tevreden']) expect(response.body).toContain(`value="${value}"`);
    expect(response.body).toContain('name="wouldRecommend"');
    expect(response.body).toContain('name="wantsMoreServices"');
    expect(response.body).toContain('maxlength="2000"');
    expect(response.body).toContain('hreflang="en"');
    expect(Buffer.byteLength(response.body)).toBeLessThan(30 * 1024);
  });

  test('switches to English with ?lang=en', async ({ ingest: { app } }) => {
    const path = await invite(app);
    const response = await app.inject({ method: 'GET', url: `${path}?lang=en` });
    expect(response.body).toContain('<html lang="en">');
    expect(response.body).toContain('Dear Jan Jansen,');
    expect(response.body).toContain('More than satisfied');
  });

  test('sends the security headers: strict CSP, no referrer, no caching, no sniffing', async ({ ingest: { app } }) => {
    const path = await invite(app);
    const { headers, body } = await app.inject({ method: 'GET', url: path });
    const csp = String(headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).toContain("base-uri 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("form-action 'self'");
    const styleNonce = /style-src 'nonce-([^']+)'/.exec(csp)?.[1];
    const scriptNonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(body).toContain(`<style nonce="${styleNonce!}">`);
    expect(body).toContain(`<script nonce="${scriptNonce!}">`);
    expect(headers['referrer-policy']).toBe('no-referrer');
    expect(headers['cache-control']).toBe('no-store');
    expect(headers['x-content-type-options']).toBe('nosniff');
    expect(headers['set-cookie']).toBeUndefined();
    expect(body).not.toMatch(/<(link|img|script)[^>]+(src|href)="https?:/);
  });

  test('answers the same 404 page for an unknown, a malformed and an expired link', async ({ ingest: { app, clock } }) => {
    const path = await invite(app);
    const unknown = await app.inject({ method: 'GET', url: `/s/${invitationToken(TEST_SECRET_KEY, '00000000-0000-4000-8000-000000000000')}` });
    const malformed = await app.inject({ method: 'GET', url: '/s/not-a-token' });
    clock.advanceDays(61);
    const expired = await app.inject({ method: 'GET', url: path });
    for (const response of [unknown, malformed, expired]) {
      expect(response.statusCode).toBe(404);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    }
    const strip = (html: string) => html.replace(/nonce-[^'"]+|nonce="[^"]+"/g, '');
    expect(strip(malformed.body)).toBe(strip(unknown.body));
    expect(strip(expired.body)).toBe(strip(unknown.body));
  });

  test('escapes the names it shows', async ({ ingest: { app } }) => {
    await seedProject(app);
    await app.inject({
      method: 'PUT',
      url: '/api/v1/projects/P-100',
      headers: authorized,
      payload: {
        name: '<script>alert(1)</script>',
        client: { id: 'c', name: 'C' },
        contact: { name: '"><img src=x onerror=alert(2)>', email: 'x@client.example' },
        accountManagerId: 'am-1',
      },
    });
    const closed = await app.inject({ method: 'POST', url: '/api/v1/projects/P-100/close', headers: authorized });
    const response = await app.inject({ method: 'GET', url: new URL(closed.json<{ invitation: { url: string } }>().invitation.url).pathname });
    expect(response.body).not.toContain('<script>alert(1)');
    expect(response.body).not.toContain('<img src=x');
    expect(response.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });
});

describe('POST /s/{token}', () => {
  test('stores the answer as the contact, queues its classification and redirects 303 to the thank-you page', async ({
    ingest: { app, producer },
    database: { db },
  }) => {
    const path = await invite(app);
    const response = await app.inject({ method: 'POST', url: `${path}?lang=nl`, headers: sameOrigin, payload: new URLSearchParams(complete).toString() });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`${path}/thanks?lang=nl`);

    const stored = await db.selectFrom('responses').selectAll().executeTakeFirstOrThrow();
    expect(stored).toMatchObject({
      projectId: 'P-100',
      respondentName: 'Jan Jansen',
      respondentEmail: 'jan.jansen@utrecht.example',
      satisfaction: 'meer_dan_tevreden',
      motivation: 'Top!',
      wouldRecommend: true,
      wantsMoreServices: false,
    });
    expect((await producer.queue('classify').getJob(`classify-${stored.id}`))?.data).toEqual({ responseIds: [stored.id] });

    const thanks = await app.inject({ method: 'GET', url: response.headers.location! });
    expect(thanks.statusCode).toBe(200);
    expect(thanks.body).toContain('Dank u wel, Jan Jansen!');
  });

  test('answers 422 with the form, each error linked to its field, and what was typed kept', async ({ ingest: { app }, database: { db } }) => {
    const path = await invite(app);
    const typed = 'Goed, maar <de planning> liep uit & "zo".';
    const response = await app.inject({
      method: 'POST',
      url: `${path}?lang=nl`,
      headers: sameOrigin,
      payload: new URLSearchParams({ satisfaction: 'tevreden', motivation: typed }).toString(),
    });
    expect(response.statusCode).toBe(422);
    expect(response.body).toContain('<title>Fout: ');
    expect(response.body).toContain('role="alert"');
    expect(response.body).toContain('href="#wouldRecommend-yes"');
    expect(response.body).toContain('href="#wantsMoreServices-yes"');
    expect(response.body).not.toContain('href="#satisfaction-ontevreden"');
    expect(response.body).toContain('aria-describedby="wouldRecommend-error"');
    expect(response.body).toContain('Goed, maar &lt;de planning&gt; liep uit &amp; &quot;zo&quot;.</textarea>');
    expect(response.body).toMatch(/value="tevreden" required checked/);
    expect(await db.selectFrom('responses').select('id').execute()).toEqual([]);
  });

  test('answers a second answer for the same link with the 409 page, keeping the first', async ({ ingest: { app }, database: { db } }) => {
    const path = await invite(app);
    const post = (satisfaction: string) =>
      app.inject({ method: 'POST', url: path, headers: sameOrigin, payload: new URLSearchParams({ ...complete, satisfaction }).toString() });
    expect((await post('meer_dan_tevreden')).statusCode).toBe(303);
    const second = await post('ontevreden');
    expect(second.statusCode).toBe(409);
    expect(second.body).toContain('U heeft deze vragenlijst al ingevuld');
    expect(await db.selectFrom('responses').select('satisfaction').execute()).toEqual([{ satisfaction: 'meer_dan_tevreden' }]);
    // Opening the link again says so too.
    expect((await app.inject({ method: 'GET', url: path })).body).toContain('U heeft deze vragenlijst al ingevuld');
  });

  test('lets exactly one of 25 parallel submits win', async ({ ingest: { app }, database: { db } }) => {
    const path = await invite(app);
    const results = await Promise.all(
      Array.from({ length: 25 }, () =>
        app.inject({ method: 'POST', url: path, headers: sameOrigin, payload: new URLSearchParams(complete).toString() }),
      ),
    );
    const statuses = results.map((result) => result.statusCode);
    expect(statuses.filter((status) => status === 303)).toHaveLength(1);
    expect(statuses.filter((status) => status === 409)).toHaveLength(24);
    expect(await db.selectFrom('responses').select('id').execute()).toHaveLength(1);
  });

  test('refuses a cross-site post with 403, by Sec-Fetch-Site or by Origin', async ({ ingest: { app }, database: { db } }) => {
    const path = await invite(app);
    const payload = new URLSearchParams(complete).toString();
    const form = { 'content-type': 'application/x-www-form-urlencoded' };
    const crossSite = await app.inject({ method: 'POST', url: path, headers: { ...form, 'sec-fetch-site': 'cross-site' }, payload });
    const otherOrigin = await app.inject({ method: 'POST', url: path, headers: { ...form, origin: 'https://evil.example' }, payload });
    for (const response of [crossSite, otherOrigin]) {
      expect(response.statusCode).toBe(403);
      expect(response.headers['content-type']).toBe('text/html; charset=utf-8');
    }
    expect(await db.selectFrom('responses').select('id').execute()).toEqual([]);
    // A same-origin post under no-referrer carries `Origin: null` next to Sec-Fetch-Site.
    const ok = await app.inject({ method: 'POST', url: path, headers: { ...form, 'sec-fetch-site': 'same-origin', origin: 'null' }, payload });
    expect(ok.statusCode).toBe(303);
  });

  test('treats foreign, repeated and oversized fields as input errors, never as a server error', async ({ ingest: { app } }) => {
    const path = await invite(app);
    const repeated = await app.inject({
      method: 'POST',
      url: path,
      headers: sameOrigin,
      payload: 'satisfaction=tevreden&satisfaction=ontevreden&wouldRecommend=yes&wantsMoreServices=no&extra=1',
    });
    expect(repeated.statusCode).toBe(422);
    const tooLong = await app.inject({
      method: 'POST',
      url: path,
      headers: sameOrigin,
      payload: new URLSearchParams({ ...complete, motivation: 'x'.repeat(2001) }).toString(),
    });
    expect(tooLong.statusCode).toBe(422);
    expect(tooLong.body).toContain('langer dan 2000 tekens');
    const json = await app.inject({ method: 'POST', url: path, headers: { 'sec-fetch-site': 'same-origin' }, payload: { satisfaction: 'tevreden' } });
    expect(json.statusCode).toBe(415);
  });
});

describe('the form routes under load and in the logs', () => {
  test('limit requests per client address with 429', async ({ database, redis, logger }) => {
    const ingest = await buildIngest({ database, redis, logger }, { formRateLimit: 3 });
    try {
      const path = await invite(ingest.app);
      const statuses = [];
      for (let i = 0; i < 4; i += 1) statuses.push((await ingest.app.inject({ method: 'GET', url: path })).statusCode);
      expect(statuses).toEqual([200, 200, 200, 429]);
      const limited = await ingest.app.inject({ method: 'GET', url: path });
      expect(limited.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(limited.headers['retry-after']).toBeDefined();
      // The API is not limited by the form's budget: the same address still gets its answers.
      expect((await ingest.app.inject({ method: 'GET', url: '/api/v1/stats', headers: authorized })).statusCode).toBe(200);
      expect((await ingest.app.inject({ method: 'GET', url: path })).statusCode).toBe(429);
    } finally {
      await ingest.close();
    }
  });

  test('never write the token to a log line', async ({ database, redis }) => {
    const { logger, lines } = capturingLogger();
    const ingest = await buildIngest({ database, redis, logger });
    try {
      const path = await invite(ingest.app);
      const token = path.split('/').at(-1)!;
      await ingest.app.inject({ method: 'GET', url: path });
      await ingest.app.inject({ method: 'POST', url: path, headers: sameOrigin, payload: 'satisfaction=nope' });
      await ingest.app.inject({ method: 'POST', url: path, headers: sameOrigin, payload: new URLSearchParams(complete).toString() });
      await ingest.app.inject({ method: 'GET', url: `${path}/thanks` });
      expect(lines.join('')).toContain('/s/[redacted]');
      expect(lines.join('')).not.toContain(token);
    } finally {
      await ingest.close();
    }
  });
});
