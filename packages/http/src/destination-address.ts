import { lookup as dnsLookup } from 'node:dns/promises';
import { BlockList, isIP } from 'node:net';

/**
 * Where a destination (a webhook, a Teams or Slack URL) may point: an https URL whose host
 * resolves only to public addresses, so that nobody who can add a destination can make the
 * notifier call into our own network (a cloud metadata service, the database, Redis). The
 * notifier checks again at every delivery and connects to the address it checked, so the host's
 * DNS cannot be switched to an internal address afterwards.
 */

/** Addresses that are not on the public internet: loopback, private, link-local, and the rest of the special ranges. */
const internalAddresses = new BlockList();
for (const [network, prefix] of [
  ['0.0.0.0', 8], // "this network"
  ['10.0.0.0', 8], // private
  ['100.64.0.0', 10], // carrier-grade NAT
  ['127.0.0.0', 8], // loopback
  ['169.254.0.0', 16], // link-local (cloud metadata services)
  ['172.16.0.0', 12], // private
  ['192.0.0.0', 24], // IETF protocol assignments
  ['192.0.2.0', 24], // documentation
  ['192.88.99.0', 24], // 6to4 relay
  ['192.168.0.0', 16], // private
  ['198.18.0.0', 15], // benchmarking
  ['198.51.100.0', 24], // documentation
  ['203.0.113.0', 24], // documentation
  ['224.0.0.0', 4], // multicast
  ['240.0.0.0', 4], // reserved, and the broadcast address
] as const) {
  internalAddresses.addSubnet(network, prefix, 'ipv4');
}
for (const [network, prefix] of [
  ['::', 128], // unspecified
  ['::1', 128], // loopback
  ['100::', 64], // discard
  ['2001::', 23], // IETF protocol assignments
  ['2001:db8::', 32], // documentation
  ['fc00::', 7], // unique local
  ['fe80::', 10], // link-local
  ['fec0::', 10], // site-local (deprecated)
  ['ff00::', 8], // multicast
] as const) {
  internalAddresses.addSubnet(network, prefix, 'ipv6');
}

/** An IPv4 address carried inside an IPv6 one (IPv4-mapped, IPv4-compatible, NAT64, 6to4), if any. */
function embeddedIpv4(address: string): string | undefined {
  const mapped = /^(?:::ffff:(?:0:)?|::|64:ff9b::)(\d+\.\d+\.\d+\.\d+)$/iu.exec(address);
  if (mapped) return mapped[1];
  const hex = /^(?:::ffff:(?:0:)?|64:ff9b::)([0-9a-f]{1,4}):([0-9a-f]{1,4})$/iu.exec(address);
  if (hex?.[1] && hex[2]) {
    const high = Number.parseInt(hex[1], 16);
    const low = Number.parseInt(hex[2], 16);
    return [high >> 8, high & 255, low >> 8, low & 255].join('.');
  }
  const sixToFour = /^2002:([0-9a-f]{1,4}):([0-9a-f]{1,4}):/iu.exec(address);
  if (sixToFour?.[1] && sixToFour[2]) {
    const high = Number.parseInt(sixToFour[1], 16);
    const low = Number.parseInt(sixToFour[2], 16);
    return [high >> 8, high & 255, low >> 8, low & 255].join('.');
  }
  return undefined;
}

/** Whether an IP address is loopback, private, link-local or otherwise not on the public internet. */
export function isInternalAddress(address: string): boolean {
  const version = isIP(address);
  if (version === 4) return internalAddresses.check(address, 'ipv4');
  if (version !== 6) return true;
  const ipv4 = embeddedIpv4(address);
  if (ipv4 !== undefined) return internalAddresses.check(ipv4, 'ipv4');
  return internalAddresses.check(address, 'ipv6');
}

/** An address a host name resolved to. */
export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

export type Resolver = (hostname: string) => Promise<ResolvedAddress[]>;

const systemResolver: Resolver = async (hostname) =>
  (await dnsLookup(hostname, { all: true, order: 'verbatim' })).map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));

export interface AddressPolicy {
  /** DESTINATIONS_ALLOW_PRIVATE: development and tests may use http and internal addresses. */
  allowPrivate: boolean;
  /** How host names are resolved; the system's resolver unless a test gives its own. */
  resolve?: Resolver;
}

/** A URL that may not be used, and why (for a 422 naming `url`, or a delivery's failure). */
export class DestinationAddressError extends Error {
  override name = 'DestinationAddressError';
  /** `UNRESOLVED`: its host does not resolve now (which may pass); the others: it may never be used. */
  readonly code: 'NOT_HTTPS' | 'UNRESOLVED' | 'INTERNAL_ADDRESS';
  constructor(message: string, code: DestinationAddressError['code']) {
    super(message);
    this.code = code;
  }
}

/**
 * Checks a destination URL and resolves its host: the addresses it may connect to (every one
 * the host resolved to must be public, or one internal answer could be picked later). Throws a
 * DestinationAddressError saying what is wrong.
 */
export async function checkDestinationUrl(url: string, { allowPrivate, resolve = systemResolver }: AddressPolicy): Promise<ResolvedAddress[]> {
  if (!URL.canParse(url)) throw new DestinationAddressError('must be an https URL', 'NOT_HTTPS');
  const parsed = new URL(url);
  if (parsed.protocol !== 'https:' && !(allowPrivate && parsed.protocol === 'http:')) throw new DestinationAddressError('must be an https URL', 'NOT_HTTPS');
  const host = parsed.hostname.replace(/^\[(.*)\]$/u, '$1');
  const literal = isIP(host);
  let addresses: ResolvedAddress[];
  if (literal !== 0) {
    addresses = [{ address: host, family: literal === 6 ? 6 : 4 }];
  } else {
    try {
      addresses = await resolve(host);
    } catch {
      throw new DestinationAddressError(`its host ${host} does not resolve`, 'UNRESOLVED');
    }
    if (addresses.length === 0) throw new DestinationAddressError(`its host ${host} does not resolve`, 'UNRESOLVED');
  }
  if (!allowPrivate && addresses.some(({ address }) => isInternalAddress(address))) {
    throw new DestinationAddressError('must not point to a loopback, private, link-local or other internal address', 'INTERNAL_ADDRESS');
  }
  return addresses;
}
