import type { Database } from '@ambassador/db/database';
import { satisfactions } from '@ambassador/domain/vocabulary';
import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect } from 'vitest';
import {
  emailAddressText,
  emailText,
  hostileQuery,
  hostileText,
  hostileValue,
  integratorIdText,
  jsonBodies,
  nameText,
  personNameText,
  PROPERTY_SEED,
  pathSegment,
  shapedLike,
  type WireBody,
} from './hostile-input.ts';
import { authorized, type IngestUnderTest, seedProject, test } from './ingest-app.ts';
import { expectApiAnswer, expectFormAnswer, expectPrototypesClean, expectStoredContract, storedState } from './stored-contract.ts';

/**
 * Properties over the JSON API and the form: whatever is sent, the answer is never a 5xx,
 * it is problem+json (API) or an HTML page (form), and the database never holds half a
 * record or a row that breaks the contract. One app and database serve all runs of a
 * property; the seed is fixed so that a failure reproduces.
 */

const RUNS = { seed: PROPERTY_SEED, numRuns: 60 } as const;

type App = IngestUnderTest['app'];

const badAuthorization = fc.oneof(
  fc.constant({}),
  fc.stringMatching(/^[\x20-\x7e]{0,80}$/u).map((authorization) => ({ authorization })),
  fc.constant({ authorization: 'Bearer ' }),
  fc.constant({ authorization: `Basic ${authorized.authorization}` }),
);
/** Mostly the right key, sometimes none or a wrong one. */
const credentials = fc.oneof({ weight: 9, arbitrary: fc.constant<Record<string, string>>(authorized) }, badAuthorization);

function send(app: App, method: 'POST' | 'PUT', url: string, body: WireBody, headers: Record<string, string>) {
  return app.inject({
    method,
    url,
    headers: { ...headers, ...(body.contentType === undefined ? {} : { 'content-type': body.contentType }) },
    payload: body.payload,
  });
}

/**
 * Sends one request and checks what must hold after any request: a refused request wrote
 * nothing; every stored row keeps the contract; no prototype was polluted.
 */
async function sendChecked(db: Database, request: () => Promise<LightMyRequestResponse>): Promise<LightMyRequestResponse> {
  const before = await storedState(db);
  const response = await request();
  if (response.statusCode >= 400) expect(await storedState(db)).toBe(before);
  await expectStoredContract(db);
  expectPrototypesClean();
  return response;
}

const optional = <T>(arbitrary: fc.Arbitrary<T>) => fc.option(arbitrary, { nil: undefined });
const locale = fc.constantFrom('nl', 'en');
/** Free text as clients write it: any script, line breaks, spaces around, up to the limit. */
const motivation = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: 'grapheme', maxLength: 300 }) },
  fc.constantFrom('  Goed gedaan.  ', 'regel 1\nregel 2\ttab', 'x'.repeat(2000), '😀'.repeat(1000)),
);

describe('the JSON API under random and hostile requests', () => {
  test('POST /api/v1/responses: never a 5xx, and a response is stored whole or not at all', async ({ ingest: { app }, database: { db } }) => {
    await seedProject(app, { projectId: 'P-100' });
    await seedProject(app, { projectId: 'P-101' });
    const fields = {
      projectId: fc.constantFrom('P-100', 'P-101', 'P-unknown'),
      satisfaction: fc.constantFrom(...satisfactions),
      motivation: optional(motivation),
      wouldRecommend: fc.boolean(),
      wantsMoreServices: fc.boolean(),
    };
    const respondent = { name: personNameText, email: emailAddressText };
    const body = jsonBodies(
      fc.record({ ...fields, respondent: optional(fc.record(respondent)) }),
      shapedLike({ ...fields, motivation: optional(fc.oneof(motivation, hostileText)), respondent: optional(shapedLike({ name: nameText, email: emailText })) }),
    );
    await fc.assert(
      fc.asyncProperty(body, hostileQuery, credentials, async (wire, query, headers) => {
        const count = async () => Number((await db.selectFrom('responses').select(db.fn.countAll<string>().as('n')).executeTakeFirstOrThrow()).n);
        const before = await count();
        const response = await sendChecked(db, () => send(app, 'POST', `/api/v1/responses${query}`, wire, headers));
        expectApiAnswer(response);
        expect(await count()).toBe(before + (response.statusCode === 202 ? 1 : 0));
      }),
      RUNS,
    );
  });

  test('PUT /api/v1/employees/{id}: never a 5xx, and a refused employee changes nothing', async ({ ingest: { app }, database: { db } }) => {
    await seedProject(app);
    const fields = {
      name: personNameText,
      email: fc.oneof(emailAddressText, fc.constantFrom('anton@firm.example', 'marieke@firm.example')),
      managerId: optional(fc.constantFrom('mgr-1', 'am-1', 'e-1', 'nobody')),
      locale: optional(locale),
      digestOptOut: optional(fc.boolean()),
      // SMS without a phone, given or stored, is a 422 (a database CHECK), never a 500.
      phone: optional(fc.constantFrom('+31612345678', '+31 6 1234 5678', null)),
      alertChannels: optional(fc.constantFrom(['email'], ['email', 'sms'], ['sms', 'email'])),
    };
    const body = jsonBodies(fc.record(fields), shapedLike({ ...fields, name: nameText, email: emailText }));
    const id = fc.oneof({ weight: 2, arbitrary: fc.constantFrom('e-1', 'am-1', 'mgr-1') }, pathSegment);
    await fc.assert(
      fc.asyncProperty(id, body, hostileQuery, credentials, async (employeeId, wire, query, headers) => {
        expectApiAnswer(await sendChecked(db, () => send(app, 'PUT', `/api/v1/employees/${employeeId}${query}`, wire, headers)));
      }),
      RUNS,
    );
  });

  test('PUT /api/v1/projects/{id}: never a 5xx, and a refused project leaves no client or contact behind', async ({
    ingest: { app },
    database: { db },
  }) => {
    await seedProject(app);
    const client = { id: fc.oneof(integratorIdText, fc.constant('gemeente-utrecht')), name: personNameText };
    const contact = { name: personNameText, email: fc.oneof(emailAddressText, fc.constant('jan.jansen@utrecht.example')), locale: optional(locale) };
    const fields = { name: personNameText, accountManagerId: fc.constantFrom('am-1', 'mgr-1', 'nobody') };
    const body = jsonBodies(
      fc.record({ ...fields, client: fc.record(client), contact: fc.record(contact) }),
      shapedLike({
        ...fields,
        name: nameText,
        client: shapedLike({ ...client, name: nameText }),
        contact: shapedLike({ ...contact, name: nameText, email: emailText }),
      }),
    );
    const id = fc.oneof({ weight: 2, arbitrary: fc.constantFrom('P-100', 'P-200') }, pathSegment);
    await fc.assert(
      fc.asyncProperty(id, body, hostileQuery, credentials, async (projectId, wire, query, headers) => {
        expectApiAnswer(await sendChecked(db, () => send(app, 'PUT', `/api/v1/projects/${projectId}${query}`, wire, headers)));
      }),
      RUNS,
    );
  });

  test('POST /api/v1/projects/{id}/close: never a 5xx, and at most one invitation per project', async ({ ingest: { app }, database: { db } }) => {
    for (const projectId of ['P-100', 'P-101', 'P-102']) await seedProject(app, { projectId });
    const anyObject = fc.dictionary(fc.string({ maxLength: 10 }), hostileValue, { maxKeys: 3 });
    const body = fc.oneof(fc.constant<WireBody>({ contentType: undefined, payload: '' }), jsonBodies(fc.constant({}), anyObject));
    const id = fc.oneof({ weight: 2, arbitrary: fc.constantFrom('P-100', 'P-101', 'P-102', 'P-unknown') }, pathSegment);
    await fc.assert(
      fc.asyncProperty(id, body, hostileQuery, credentials, async (projectId, wire, query, headers) => {
        expectApiAnswer(await sendChecked(db, () => send(app, 'POST', `/api/v1/projects/${projectId}/close${query}`, wire, headers)));
        const perProject = await db.selectFrom('invitations').select(['projectId', db.fn.countAll<string>().as('n')]).groupBy('projectId').execute();
        for (const { n } of perProject) expect(Number(n)).toBe(1);
      }),
      RUNS,
    );
  });
});

const formPost = (fields: [string, string][] | Record<string, string>): WireBody => ({
  contentType: 'application/x-www-form-urlencoded',
  payload: new URLSearchParams(fields).toString(),
});

/** A form post as it goes over the wire. */
const formBody: fc.Arbitrary<WireBody> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc
      .record({
        satisfaction: fc.constantFrom(...satisfactions),
        motivation: fc.oneof(fc.constant(''), motivation),
        wouldRecommend: fc.constantFrom('yes', 'no'),
        wantsMoreServices: fc.constantFrom('yes', 'no'),
      })
      .map(formPost),
  },
  {
    weight: 6,
    arbitrary: fc
      .array(
        fc.tuple(
          fc.oneof({ weight: 4, arbitrary: fc.constantFrom('satisfaction', 'motivation', 'wouldRecommend', 'wantsMoreServices') }, fc.string({ maxLength: 10 })),
          fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...satisfactions, 'yes', 'no', 'Heel goed gedaan.') }, hostileText),
        ),
        { maxLength: 7 },
      )
      .map(formPost),
  },
  fc.string({ unit: 'binary', maxLength: 80 }).map((payload) => ({ contentType: 'application/x-www-form-urlencoded', payload })),
  fc
    .constantFrom('satisfaction=%E0%A4%A&motivation=%', 'motivation=%ED%A0%80&satisfaction=tevreden', 'a[b][c]=1&__proto__[x]=1', '=&&=&', `motivation=${'x'.repeat(70_000)}`)
    .map((payload) => ({ contentType: 'application/x-www-form-urlencoded', payload })),
  fc
    .constantFrom(undefined, 'application/json', 'text/plain', 'multipart/form-data; boundary=x', 'application/x-www-form-urlencoded; charset=utf-16', ';')
    .map((contentType) => ({ contentType, payload: 'satisfaction=tevreden&wouldRecommend=yes&wantsMoreServices=no' })),
);

/** Where the post seems to come from: mostly the form itself. */
const formOrigin = fc.oneof(
  { weight: 6, arbitrary: fc.constant<Record<string, string>>({ 'sec-fetch-site': 'same-origin' }) },
  fc.constantFrom<Record<string, string>>({}, { 'sec-fetch-site': 'cross-site' }, { origin: 'https://evil.example' }, { origin: 'null' }, { 'sec-fetch-site': '\u0000' }),
);

describe('the form under random and hostile posts', () => {
  test('POST /s/{token}: never a 5xx, always an HTML page, and at most one whole response per invitation', async ({
    ingest: { app },
    database: { db },
  }) => {
    await seedProject(app);
    let invited = 0;
    /** A new project of its own client, closed: a link nobody answered yet. */
    async function freshLink(): Promise<string> {
      invited += 1;
      const projectId = `F-${invited}`;
      const put = await app.inject({
        method: 'PUT',
        url: `/api/v1/projects/${projectId}`,
        headers: authorized,
        payload: {
          name: `Project ${invited}`,
          client: { id: `client-${invited}`, name: `Client ${invited}` },
          contact: { name: 'Jan Jansen', email: `contact-${invited}@client.example` },
          accountManagerId: 'am-1',
        },
      });
      expect(put.statusCode).toBe(200);
      const closed = await app.inject({ method: 'POST', url: `/api/v1/projects/${projectId}/close`, headers: authorized });
      return new URL(closed.json<{ invitation: { url: string } }>().invitation.url).pathname.slice('/s/'.length);
    }

    // light-my-request resolves dot segments as a browser would (`/s/..` is `/`, not the form).
    const token = fc.oneof({ weight: 3, arbitrary: fc.constant('fresh') }, pathSegment.filter((segment) => !/^(?:\.|%2e){1,2}$/iu.test(segment)));
    const lang = fc.oneof(fc.constantFrom('', '?lang=en', '?lang=nl', '?lang=de', '?lang[]=en', '?lang=%ZZ'), fc.string({ maxLength: 10 }).map((text) => `?lang=${encodeURIComponent(text)}`));
    await fc.assert(
      fc.asyncProperty(token, lang, formBody, formOrigin, async (chosen, query, wire, origin) => {
        const segment = chosen === 'fresh' ? await freshLink() : chosen;
        const response = await sendChecked(db, () => send(app, 'POST', `/s/${segment}${query}`, wire, origin));
        expectFormAnswer(response);
        if (response.statusCode === 303) {
          const answers = await db.selectFrom('responses').select('projectId').where('projectId', '=', `F-${invited}`).execute();
          expect(answers).toHaveLength(1);
        }
      }),
      RUNS,
    );
  });
});

describe('what these properties found, kept as examples', () => {
  test('a path the router cannot read (bad percent-encoding, a segment over 100 characters) is a problem+json on the API', async ({
    ingest: { app },
  }) => {
    const badEncoding = await app.inject({ method: 'PUT', url: '/api/v1/employees/%E0%A4%A', headers: authorized, payload: {} });
    const tooLong = await app.inject({ method: 'PUT', url: `/api/v1/employees/${'x'.repeat(101)}`, headers: authorized, payload: {} });
    for (const [response, status] of [
      [badEncoding, 400],
      [tooLong, 414],
    ] as const) {
      expect(response.statusCode).toBe(status);
      expectApiAnswer(response);
    }
  });

  test('under /s/ such a path, or one no route has, is the form’s own 404 page', async ({ ingest: { app } }) => {
    const unknown = await app.inject({ method: 'GET', url: `/s/${'A'.repeat(43)}` });
    expect(unknown.statusCode).toBe(404);
    const strip = (html: string) => html.replace(/nonce-[^'"]+|nonce="[^"]+"/g, '');
    for (const url of ['/s/%', '/s/%E0%A4%A?lang=en', `/s/${'x'.repeat(101)}`, '/s/a/b/c', '/s/']) {
      const response = await app.inject({ method: 'GET', url });
      expect(response.statusCode, url).toBe(404);
      expectFormAnswer(response);
      expect(strip(response.body)).toBe(strip(unknown.body));
    }
  });

  test('a foreign key that is empty, or holds a dot, is named unambiguously in errors', async ({ ingest: { app } }) => {
    const response = await app.inject({
      method: 'PUT',
      url: '/api/v1/employees/e-1',
      headers: authorized,
      payload: { name: 'Anna', email: 'anna@firm.example', '': 1, 'a.b': 2 },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json<{ errors: { path: string }[] }>().errors.map((error) => error.path)).toEqual(['""', '"a.b"']);
  });
});
