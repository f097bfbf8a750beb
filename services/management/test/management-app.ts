import type { TrustProxy } from '@ambassador/config/env';
import type { Logger } from '@ambassador/observability/logger';
import { Registry } from '@ambassador/observability/metrics';
import { createProducerConnection, settleConnection } from '@ambassador/queue/connection';
import { JobProducer } from '@ambassador/queue/producer';
import { defaultFollowUpPolicy, type FollowUpPolicy } from '@ambassador/domain/calendar';
import { defaultInvitationPolicy, type InvitationPolicy } from '@ambassador/domain/invitations';
import { loginToken } from '@ambassador/domain/tokens';
import { TEST_MANAGEMENT_BASE_URL, TEST_SECRET_KEY, TestClock } from '@ambassador/testing/clock';
import { test as base, type TestDatabase, type TestRedis } from '@ambassador/testing/fixtures';
import type { LightMyRequestResponse } from 'fastify';
import { expect, vi } from 'vitest';
import { createManagementServer, type ManagementServer } from '../src/app.ts';
import { BackgroundWork } from '../src/background-work.ts';
import type { CompanySignInSettings } from '../src/plugins/identity-provider.ts';

export interface ManagementUnderTest {
  app: ManagementServer;
  producer: JobProducer;
  /** What requests left running after their answer (the login link): `settled()` waits for it. */
  background: BackgroundWork;
  clock: TestClock;
  close(): Promise<void>;
}

export interface ManagementOptions {
  adminEmails?: string[];
  clock?: TestClock;
  baseUrl?: string;
  loginRateLimit?: number;
  loginEmailsPerRecipient?: number;
  trustProxy?: TrustProxy;
  followUpPolicy?: FollowUpPolicy;
  companySignIn?: CompanySignInSettings;
  /** DESTINATIONS_ALLOW_PRIVATE: the tests' receivers listen on 127.0.0.1, so true unless a test says otherwise. */
  allowPrivateDestinations?: boolean;
  invitationPolicy?: InvitationPolicy;
}

/** The management app as main.ts builds it, on the test's database and Redis prefix. */
export async function buildManagement(
  { database, redis, logger }: { database: TestDatabase; redis: TestRedis; logger: Logger },
  {
    adminEmails = ['admin@firm.example'],
    clock = new TestClock(),
    baseUrl = TEST_MANAGEMENT_BASE_URL,
    loginRateLimit = 1000,
    loginEmailsPerRecipient = 1000,
    trustProxy = false,
    followUpPolicy = defaultFollowUpPolicy,
    companySignIn,
    allowPrivateDestinations = true,
    invitationPolicy = defaultInvitationPolicy,
  }: ManagementOptions = {},
): Promise<ManagementUnderTest> {
  const connection = createProducerConnection(redis.url, logger, 'management-test');
  await settleConnection(connection);
  const producer = new JobProducer({ connection, logger, prefix: redis.prefix });
  const background = new BackgroundWork();
  const app = await createManagementServer(logger, {
    db: database.db,
    redis: connection,
    producer,
    registry: new Registry(),
    clock: clock.read,
    secretKey: TEST_SECRET_KEY,
    adminEmails: new Set(adminEmails),
    baseUrl,
    sessionHours: 12,
    loginLinkMinutes: 15,
    loginRateLimit: { perMinute: loginRateLimit, namespace: `${redis.prefix}:login-rate:` },
    loginEmailsPerRecipient,
    background,
    timeZone: 'Europe/Amsterdam',
    followUpPolicy,
    companySignIn,
    destinations: { allowPrivate: allowPrivateDestinations },
    invitationPolicy,
  }, { trustProxy });
  return {
    app,
    producer,
    background,
    clock,
    async close() {
      await app.close();
      await producer.close();
      connection.disconnect();
    },
  };
}

/**
 * A browser for `inject()`: keeps cookies, and posts forms with the CSRF token of the page
 * it last loaded, as a real browser would.
 */
export class Browser {
  readonly cookies = new Map<string, string>();
  lastPage = '';
  lastResponse: LightMyRequestResponse | undefined;
  readonly app: ManagementServer;
  /** The client address the server sees (inject's default is 127.0.0.1). */
  readonly remoteAddress: string | undefined;

  constructor(app: ManagementServer, { remoteAddress }: { remoteAddress?: string } = {}) {
    this.app = app;
    this.remoteAddress = remoteAddress;
  }

  private remember(response: LightMyRequestResponse): LightMyRequestResponse {
    this.lastResponse = response;
    for (const cookie of response.cookies) {
      if (cookie.value === '' || (cookie.expires && cookie.expires.getTime() < Date.now())) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    if (String(response.headers['content-type']).startsWith('text/html')) this.lastPage = response.body;
    return response;
  }

  private from(): { remoteAddress?: string } {
    return this.remoteAddress ? { remoteAddress: this.remoteAddress } : {};
  }

  cookieHeader(): Record<string, string> {
    return this.cookies.size ? { cookie: [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ') } : {};
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.remember(await this.app.inject({ method: 'GET', url, headers: this.cookieHeader(), ...this.from() }));
  }

  /** The CSRF token in the last page's forms. */
  csrfToken(): string {
    const token = /name="_csrf" value="([^"]+)"/.exec(this.lastPage)?.[1];
    if (!token) throw new Error('no CSRF token on the last page');
    return token;
  }

  /**
   * Presses the one button of the last page (the page a link from an e-mail opens): a POST of
   * its form, same-origin as a browser says it, with no fields and no CSRF token.
   */
  async pressButton(headers: Record<string, string> = { 'sec-fetch-site': 'same-origin' }): Promise<LightMyRequestResponse> {
    const action = /<form method="post" action="([^"]+)">/.exec(this.lastPage)?.[1];
    if (!action) throw new Error('no form to post on the last page');
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url: action,
        headers: { ...this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded', ...headers },
        payload: '',
      }),
    );
  }

  /** Posts a multipart form (a file upload) with the CSRF token of the last page first, as a browser sends it. */
  async upload(url: string, fields: Record<string, string>, file: { field: string; name: string; content: Buffer | string; type?: string }): Promise<LightMyRequestResponse> {
    const boundary = `----ambassador${Math.random().toString(16).slice(2)}`;
    const parts: Buffer[] = [];
    for (const [name, value] of Object.entries({ _csrf: this.csrfToken(), ...fields })) {
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
    }
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${file.field}"; filename="${file.name}"\r\nContent-Type: ${file.type ?? 'text/csv'}\r\n\r\n`),
      Buffer.from(file.content),
      Buffer.from(`\r\n--${boundary}--\r\n`),
    );
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { ...this.cookieHeader(), 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: Buffer.concat(parts),
        ...this.from(),
      }),
    );
  }

  /** Posts form fields; a field with several values (ticked checkboxes of one name) is sent once per value. */
  async post(url: string, fields: Record<string, string | string[]>, { withToken = true } = {}): Promise<LightMyRequestResponse> {
    const entries = Object.entries({ ...(withToken ? { _csrf: this.csrfToken() } : {}), ...fields });
    const body = new URLSearchParams(entries.flatMap(([name, value]) => [value].flat().map((one): [string, string] => [name, one]))).toString();
    return this.remember(
      await this.app.inject({
        method: 'POST',
        url,
        headers: { ...this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
        payload: body,
        ...this.from(),
      }),
    );
  }
}

/** Logs in through the real path: the login form, the link the e-mail would carry, its button, the cookie (in `browser`, a new one by default). */
export async function logIn(management: ManagementUnderTest, database: TestDatabase, email: string, browser = new Browser(management.app)): Promise<Browser> {
  await browser.get('/login');
  const before = await database.db.selectFrom('loginLinks').select('id').where('email', '=', email).execute();
  const answer = await browser.post('/login', { email });
  expect(answer.statusCode).toBe(303);
  const link = await vi.waitFor(async () => {
    const rows = await database.db.selectFrom('loginLinks').select('id').where('email', '=', email).orderBy('createdAt', 'desc').execute();
    expect(rows.length).toBeGreaterThan(before.length);
    return rows.find((row) => !before.some((old) => old.id === row.id))!;
  });
  expect((await browser.get(`/login/${loginToken(TEST_SECRET_KEY, link.id)}`)).statusCode).toBe(200);
  expect((await browser.pressButton()).statusCode).toBe(303);
  return browser;
}

/** The shared fixtures plus `management`: the app on this test's database and Redis prefix. */
export const test = base.extend('management', async ({ database, redis, logger }, { onCleanup }) => {
  const management = await buildManagement({ database, redis, logger });
  onCleanup(() => management.close());
  return management;
});
