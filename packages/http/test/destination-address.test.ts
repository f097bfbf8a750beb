import { describe, expect, it } from 'vitest';
import { checkDestinationUrl, isInternalAddress } from '../src/destination-address.ts';

describe('isInternalAddress', () => {
  it('refuses loopback, private, link-local, carrier-grade NAT, multicast and reserved IPv4', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '172.31.255.255', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '224.0.0.1', '255.255.255.255']) {
      expect(isInternalAddress(address), address).toBe(true);
    }
  });

  it('refuses internal IPv6, and IPv4 hidden in IPv6 (mapped, NAT64, 6to4)', () => {
    for (const address of ['::1', '::', 'fd00::1', 'fe80::1', 'ff02::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '64:ff9b::a00:1', '2002:c0a8:101::1']) {
      expect(isInternalAddress(address), address).toBe(true);
    }
  });

  it('allows public addresses', () => {
    for (const address of ['8.8.8.8', '172.32.0.1', '52.96.0.1', '2606:4700::1111', '::ffff:8.8.8.8']) {
      expect(isInternalAddress(address), address).toBe(false);
    }
  });
});

describe('checkDestinationUrl', () => {
  const resolvesTo = (...addresses: string[]) => () => Promise.resolve(addresses.map((address) => ({ address, family: address.includes(':') ? (6 as const) : (4 as const) })));

  it('wants https, and a host whose every address is public', async () => {
    const policy = { allowPrivate: false, resolve: resolvesTo('52.96.0.1') };
    await expect(checkDestinationUrl('https://hooks.example/x', policy)).resolves.toEqual([{ address: '52.96.0.1', family: 4 }]);
    await expect(checkDestinationUrl('http://hooks.example/x', policy)).rejects.toMatchObject({ code: 'NOT_HTTPS' });
    await expect(checkDestinationUrl('https://hooks.example/x', { allowPrivate: false, resolve: resolvesTo('52.96.0.1', '10.0.0.5') })).rejects.toMatchObject({
      code: 'INTERNAL_ADDRESS',
    });
    await expect(checkDestinationUrl('https://[::1]/x', policy)).rejects.toMatchObject({ code: 'INTERNAL_ADDRESS' });
    await expect(checkDestinationUrl('https://localhost/x', { allowPrivate: false })).rejects.toMatchObject({ code: 'INTERNAL_ADDRESS' });
    await expect(checkDestinationUrl('https://nowhere.invalid/x', { allowPrivate: false, resolve: () => Promise.reject(new Error('ENOTFOUND')) })).rejects.toMatchObject({
      code: 'UNRESOLVED',
    });
  });

  it('allows http and internal addresses with DESTINATIONS_ALLOW_PRIVATE', async () => {
    await expect(checkDestinationUrl('http://127.0.0.1:8080/x', { allowPrivate: true })).resolves.toEqual([{ address: '127.0.0.1', family: 4 }]);
    await expect(checkDestinationUrl('ftp://127.0.0.1/x', { allowPrivate: true })).rejects.toMatchObject({ code: 'NOT_HTTPS' });
  });
});
