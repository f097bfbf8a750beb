import { DestinationAddressError } from '@ambassador/http/destination-address';
import { test } from '@ambassador/testing/fixtures';
import { Webhook } from 'standardwebhooks';
import { describe, expect } from 'vitest';
import { describeDeliveryFailure } from '../src/failures.ts';
import { createHttpTransport, HttpRefusal } from '../src/transports/http.ts';

const secret = `whsec_${Buffer.alloc(32, 3).toString('base64')}`;
const delivery = { id: '00000000-0000-4000-8000-000000000001', kind: 'event' as const };
const clock = () => new Date();

describe('the HTTP transport of webhooks, Teams and Slack', () => {
  test('connects to the address it checked, not to one a second DNS lookup would give', async ({ receiver }) => {
    // crm.example is in no DNS: only the checked address (the receiver's) can be reached.
    const transport = createHttpTransport({ addresses: { allowPrivate: true, resolve: async () => [{ address: '127.0.0.1', family: 4 }] }, timeoutMs: 2000, clock });
    const url = `http://crm.example:${receiver.port}/hook`;
    const accepted = await transport.send({ url, body: '{"type":"destination.test"}', signing: { id: 'evt-1', secret } }, delivery);
    expect(accepted).toEqual({ reply: 'HTTP 200', peerStatus: 200 });
    const [request] = receiver.received;
    expect(request!.headers.host).toBe(`crm.example:${receiver.port}`);
    expect(new Webhook(secret).verify(request!.body, request!.headers as Record<string, string>)).toEqual({ type: 'destination.test' });
  });

  test('checks the address again at every delivery: a host that now resolves internally gets nothing, for good', async ({ receiver }) => {
    const transport = createHttpTransport({ addresses: { allowPrivate: false, resolve: async () => [{ address: '127.0.0.1', family: 4 }] }, timeoutMs: 2000, clock });
    const error: unknown = await transport.send({ url: `https://crm.example:${receiver.port}/hook`, body: '{}' }, delivery).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(DestinationAddressError);
    expect(describeDeliveryFailure('webhook', error)).toMatchObject({ permanent: true, code: 'INTERNAL_ADDRESS' });
    expect(receiver.received).toEqual([]);
  });

  test('follows no redirect, and retries it like any other answer but 2xx and 410', async ({ receiver }) => {
    receiver.respondWith((attempt) => (attempt === 1 ? { kind: 'answer', status: 302, headers: { location: receiver.url('/elsewhere') } } : { kind: 'answer', status: 410 }));
    const transport = createHttpTransport({ addresses: { allowPrivate: true }, timeoutMs: 2000, clock });
    const redirected: unknown = await transport.send({ url: receiver.url('/hook'), body: '{}' }, delivery).catch((caught: unknown) => caught);
    expect(redirected).toBeInstanceOf(HttpRefusal);
    expect(receiver.received.map((request) => request.path)).toEqual(['/hook']);
    expect(describeDeliveryFailure('teams', redirected)).toMatchObject({ permanent: false, gone: false, peerStatus: 302 });
    const gone: unknown = await transport.send({ url: receiver.url('/hook'), body: '{}' }, delivery).catch((caught: unknown) => caught);
    expect(describeDeliveryFailure('slack', gone)).toMatchObject({ permanent: true, gone: true, peerStatus: 410 });
  });

  test('gives up on a receiver that answers too slowly or drops the connection, as transient failures', async ({ receiver }) => {
    receiver.respondWith((attempt) => (attempt === 1 ? { kind: 'answer', status: 200, delayMs: 1500 } : { kind: 'drop' }));
    const transport = createHttpTransport({ addresses: { allowPrivate: true }, timeoutMs: 300, clock });
    for (const what of ['slow', 'dropped']) {
      const error: unknown = await transport.send({ url: receiver.url('/hook'), body: '{}' }, delivery).catch((caught: unknown) => caught);
      expect(error, what).toBeInstanceOf(Error);
      expect(describeDeliveryFailure('webhook', error), what).toMatchObject({ permanent: false, peerStatus: null });
    }
    expect(receiver.received).toHaveLength(2);
  });
});
