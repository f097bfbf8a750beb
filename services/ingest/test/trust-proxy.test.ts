import type { TrustProxy } from '@ambassador/config/env';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect } from 'vitest';
import { authorized, buildIngest, type IngestUnderTest, seedProject, test } from './ingest-app.ts';

/**
 * TRUST_PROXY decides whose word counts for the client's address and protocol: the form's
 * per-address rate limit and its same-origin check depend on it.
 */

async function invite(app: IngestUnderTest['app']): Promise<string> {
  await seedProject(app);
  const closed = await app.inject({ method: 'POST', url: '/api/v1/projects/P-100/close', headers: authorized });
  return new URL(closed.json<{ invitation: { url: string } }>().invitation.url).pathname;
}

/** GETs of the form, each from the client that X-Forwarded-For names (through a proxy on 127.0.0.1). */
async function openedFrom(ingest: IngestUnderTest, path: string, clients: string[]): Promise<number[]> {
  const statuses: number[] = [];
  for (const client of clients) {
    const response = await ingest.app.inject({ method: 'GET', url: path, remoteAddress: '127.0.0.1', headers: { 'x-forwarded-for': client } });
    statuses.push(response.statusCode);
  }
  return statuses;
}

/** A form post from a browser on the proxy's public address, which the server itself cannot see. */
function postThroughProxy(ingest: IngestUnderTest, path: string): Promise<LightMyRequestResponse> {
  return ingest.app.inject({
    method: 'POST',
    url: path,
    remoteAddress: '127.0.0.1',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      origin: 'https://feedback.firm.example',
      'x-forwarded-proto': 'https',
      'x-forwarded-host': 'feedback.firm.example',
      'x-forwarded-for': '203.0.113.7',
    },
    payload: 'satisfaction=tevreden&wouldRecommend=yes&wantsMoreServices=no',
  });
}

describe('TRUST_PROXY', () => {
  const trusted: TrustProxy[] = [['127.0.0.1'], ['loopback'], true];
  for (const trustProxy of trusted) {
    test(`set to ${JSON.stringify(trustProxy)}: X-Forwarded-For decides the client address for the form's rate limit`, async ({
      database,
      redis,
      logger,
    }) => {
      const ingest = await buildIngest({ database, redis, logger }, { formRateLimit: 2, trustProxy });
      try {
        const path = await invite(ingest.app);
        expect(await openedFrom(ingest, path, ['203.0.113.1', '203.0.113.1', '203.0.113.1'])).toEqual([200, 200, 429]);
        // Another client behind the same proxy has a budget of its own.
        expect(await openedFrom(ingest, path, ['203.0.113.2'])).toEqual([200]);
      } finally {
        await ingest.close();
      }
    });
  }

  test('not set: X-Forwarded-For is ignored, so a client cannot pick a fresh address for each request', async ({ database, redis, logger }) => {
    const ingest = await buildIngest({ database, redis, logger }, { formRateLimit: 2 });
    try {
      const path = await invite(ingest.app);
      expect(await openedFrom(ingest, path, ['203.0.113.1', '203.0.113.2', '203.0.113.3'])).toEqual([200, 200, 429]);
    } finally {
      await ingest.close();
    }
  });

  test('set to other addresses than the peer: its X-Forwarded-For is not believed', async ({ database, redis, logger }) => {
    const ingest = await buildIngest({ database, redis, logger }, { formRateLimit: 2, trustProxy: ['10.0.0.0/8'] });
    try {
      const path = await invite(ingest.app);
      expect(await openedFrom(ingest, path, ['203.0.113.1', '203.0.113.2', '203.0.113.3'])).toEqual([200, 200, 429]);
    } finally {
      await ingest.close();
    }
  });

  test('set: a post is same-origin by the protocol and host the proxy forwards', async ({ database, redis, logger }) => {
    const behindProxy = await buildIngest({ database, redis, logger }, { trustProxy: ['loopback'] });
    try {
      expect((await postThroughProxy(behindProxy, await invite(behindProxy.app))).statusCode).toBe(303);
    } finally {
      await behindProxy.close();
    }
  });

  test('not set: the forwarded protocol and host are not believed, and the same post is refused', async ({ database, redis, logger }) => {
    const direct = await buildIngest({ database, redis, logger });
    try {
      expect((await postThroughProxy(direct, await invite(direct.app))).statusCode).toBe(403);
    } finally {
      await direct.close();
    }
  });
});
