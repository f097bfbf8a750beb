import { createHash } from 'node:crypto';
import { BlockList, isIP } from 'node:net';
import { z } from 'zod';

/**
 * Building blocks for each service's `config.ts`: environment variables as zod
 * schemas with the local-development defaults of DESIGN.md ("Run-time contract").
 */

function urlWithProtocol(protocols: readonly string[], example: string) {
  return z
    .string()
    .trim()
    .refine((value) => {
      if (!URL.canParse(value)) return false;
      return protocols.includes(new URL(value).protocol.slice(0, -1));
    }, `must be a URL starting with ${protocols.map((p) => `${p}://`).join(' or ')}, like ${example}`);
}

export const databaseUrl = urlWithProtocol(['postgres', 'postgresql'], 'postgres://user@host:5432/db').default(
  'postgres://postgres@127.0.0.1:5432/ambassador',
);

export const redisUrl = urlWithProtocol(['redis', 'rediss'], 'redis://host:6379').default('redis://127.0.0.1:6379');

export const smtpUrl = urlWithProtocol(['smtp', 'smtps'], 'smtp://user:pass@host:587').default('smtp://127.0.0.1:1025');

/** Where an SMPP gateway is, and the account (system_id and password) to bind with; unset: none. */
export const smppUrl = urlWithProtocol(['smpp', 'smpps'], 'smpp://system_id:password@host:2775')
  // (A value that is no URL at all is refused above.)
  .refine((value) => !URL.canParse(value) || new URL(value).username !== '', 'must name the system_id to bind with, like smpp://system_id:password@host:2775')
  .optional();

/** The SMS sender as recipients see it: an alphanumeric sender id of at most 11 characters. */
export const smsSender = z
  .string()
  .trim()
  .regex(/^(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}$/u, 'must be 1 to 11 letters, digits or spaces, with at least one letter (an alphanumeric sender id)')
  .default('Ambassador');

/** Loopback and private addresses (RFC 1918, IPv6 unique local), IPv4-mapped ones included. */
const localAddresses = new BlockList();
localAddresses.addSubnet('127.0.0.0', 8, 'ipv4');
localAddresses.addSubnet('10.0.0.0', 8, 'ipv4');
localAddresses.addSubnet('172.16.0.0', 12, 'ipv4');
localAddresses.addSubnet('192.168.0.0', 16, 'ipv4');
localAddresses.addAddress('::1', 'ipv6');
localAddresses.addSubnet('fc00::', 7, 'ipv6');

/**
 * Whether the host of a URL is on this machine or this network: a loopback or private
 * address, or a single-label name (`localhost`, the compose service `mailpit`), which no
 * public DNS answers for.
 */
export function isLocalHost(hostname: string): boolean {
  const host = hostname.replace(/^\[(.*)\]$/u, '$1').replace(/\.$/u, '').toLowerCase();
  const version = isIP(host);
  if (version !== 0) return localAddresses.check(host, version === 4 ? 'ipv4' : 'ipv6');
  return !host.includes('.') || host.endsWith('.localhost');
}

export const httpBaseUrl = (fallback: string) =>
  urlWithProtocol(['http', 'https'], 'https://example.com')
    .default(fallback)
    .transform((value) => value.replace(/\/+$/u, ''));

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

/** A duration in milliseconds, given as a whole number. */
export const milliseconds = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

export const positiveInteger = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

/**
 * Booleans only as "true"/"false"/"1"/"0": `z.coerce.boolean()` would read "false" as true.
 * A fallback of `undefined` leaves a variable that is not set undecided, for a default that
 * depends on other variables.
 */
export const flag = <F extends boolean | undefined>(fallback: F) =>
  z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((value): boolean | F => (value === undefined ? fallback : value === 'true' || value === '1'));

/** A comma-separated list, blanks dropped: `a, b,,c` → `['a', 'b', 'c']`. */
export const commaSeparated = z
  .string()
  .optional()
  .transform((value) =>
    (value ?? '')
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0),
  );

/** What an API key may do: `read` GETs; `write` also responses, projects and closing; `admin` everything. */
export const apiKeyScopes = ['read', 'write', 'admin'] as const;
export type ApiKeyScope = (typeof apiKeyScopes)[number];

export interface ApiKey {
  key: string;
  scope: ApiKeyScope;
}

/**
 * `API_KEYS`: comma-separated keys, each optionally followed by `:read`, `:write` or `:admin`
 * (`key1:read,key2:write,key3`). A key without a scope has every scope, as keys had before
 * scopes existed; an entry whose last `:` is followed by letters that name no scope is refused
 * (a typo must not make a key with every scope). Messages name the entry by its position,
 * never the key.
 */
export const apiKeyList = commaSeparated.transform((entries, context): ApiKey[] =>
  entries.flatMap((entry, index) => {
    const colon = entry.lastIndexOf(':');
    const suffix = colon === -1 ? '' : entry.slice(colon + 1);
    if (!/^[A-Za-z]+$/u.test(suffix)) return [{ key: entry, scope: 'admin' as const }];
    const scope = apiKeyScopes.find((name) => name === suffix);
    const key = entry.slice(0, colon);
    if (scope && key.length > 0) return [{ key, scope }];
    context.addIssue({
      code: 'custom',
      message: scope
        ? `entry ${index + 1} has a scope but no key`
        : `entry ${index + 1} ends in an unknown scope ":${suffix}": use ${apiKeyScopes.map((name) => `:${name}`).join(', ')}, or no scope for every scope`,
    });
    return [];
  }),
);

/** A mailbox as in a From header: `Name <address>` or a bare address. */
export const mailbox = z
  .string()
  .trim()
  .refine(
    (value) => /^(?:[^<>\r\n]*<[^\s<>@]+@[^\s<>@]+>|[^\s<>@]+@[^\s<>@]+)$/u.test(value),
    'must be an address like "Name <noreply@example.com>" or "noreply@example.com"',
  );

/** The firm's name, as clients know it: the sender of invitations, the title of the form. */
export const brandName = z.string().trim().min(1).max(80).default('Ambassador');

/** The firm's colour, `#rrggbb`; text on it is chosen for contrast. */
export const brandColor = z
  .string()
  .trim()
  .regex(/^#[0-9a-fA-F]{6}$/u, 'must be a colour like #1f6feb')
  .default('#1f5fad');

/** The prefix of a key given as its 32 bytes, the form `pnpm secret-key` prints. */
const RAW_KEY_PREFIX = 'base64:';

/**
 * SECRET_KEY, as the 32 bytes every link token and signature is derived from: a passphrase
 * of at least 32 characters is hashed with SHA-256; `base64:` followed by 32 bytes in base64
 * is taken as it is (how a key that was kept in the database moves to the environment).
 */
export const secretKey = z
  .string()
  .transform((value, context): Buffer => {
    if (value.startsWith(RAW_KEY_PREFIX)) {
      const encoded = value.slice(RAW_KEY_PREFIX.length);
      if (/^[A-Za-z0-9+/]{43}=$/u.test(encoded)) return Buffer.from(encoded, 'base64');
      context.addIssue({ code: 'custom', message: 'after base64: must come 32 bytes in base64 (44 characters), as `pnpm secret-key` prints them' });
      return z.NEVER;
    }
    if (value.length >= 32) return createHash('sha256').update(value, 'utf8').digest();
    context.addIssue({ code: 'custom', message: 'must be at least 32 characters (e.g. `openssl rand -base64 32`)' });
    return z.NEVER;
  })
  .optional();

/** SECRET_KEY, and the development tools' permission to do without it. */
export const secretKeyVariables = {
  SECRET_KEY: secretKey,
  /**
   * Only the development tools (`pnpm start`, the tests, the bench and the soak) set it:
   * without SECRET_KEY, a key is generated into the database, where anyone who can read
   * the database (a replica, a backup) could forge links with it.
   */
  ALLOW_DATABASE_SECRET_KEY: flag(false),
};

/**
 * Refuses to start without SECRET_KEY unless ALLOW_DATABASE_SECRET_KEY=true; for each
 * service's schema as `.check(secretKeyRequired)`. It runs even when other variables are
 * wrong, so that one line names every problem.
 */
export const secretKeyRequired = z.superRefine<{ SECRET_KEY?: Buffer | undefined; ALLOW_DATABASE_SECRET_KEY: boolean }>(
  (env, context) => {
    if (env.SECRET_KEY !== undefined || env.ALLOW_DATABASE_SECRET_KEY) return;
    context.addIssue({
      code: 'custom',
      path: ['SECRET_KEY'],
      message: 'must be set: every link in the e-mails is signed with it (32+ characters, e.g. `openssl rand -base64 32`)',
    });
  },
  {
    when: ({ issues }) =>
      !issues.some((issue) => issue.path?.[0] === 'SECRET_KEY' || issue.path?.[0] === 'ALLOW_DATABASE_SECRET_KEY'),
  },
);

/** An IANA time zone, like Europe/Amsterdam: working days, weeks and dates follow it. */
export const timeZone = z
  .string()
  .trim()
  .refine((value) => {
    try {
      return Intl.DateTimeFormat('en', { timeZone: value }).resolvedOptions().timeZone.length > 0;
    } catch {
      return false;
    }
  }, 'must be a time zone like Europe/Amsterdam')
  .default('Europe/Amsterdam');

export const days = (fallback: number) => z.coerce.number().int().min(0).max(3650).default(fallback);

/**
 * FOLLOW_UP_NEGATIVE_WORKING_DAYS: working days a − response may go without a follow-up step
 * (the scheduler then escalates to the manager; 0: never). The management module reads it
 * too: an "I am on it" link expires after the deadline.
 */
export const followUpNegativeWorkingDays = days(2);

/** FOLLOW_UP_POSITIVE_WORKING_DAYS: the same for a + response. */
export const followUpPositiveWorkingDays = days(5);

/** Fastify's `trustProxy`, in the forms TRUST_PROXY can give. */
export type TrustProxy = boolean | string[];

/** The names proxy-addr (behind Fastify's `trustProxy`) knows for ranges of addresses. */
const namedRanges = new Set(['loopback', 'linklocal', 'uniquelocal']);

/** An address, a CIDR range (`10.0.0.0/8`, `fd00::/8`), an IPv4 range with a netmask, or a named range. */
function isProxyAddress(value: string): boolean {
  if (namedRanges.has(value) || isIP(value) !== 0) return true;
  const [address = '', range, ...rest] = value.split('/');
  const version = isIP(address);
  if (version === 0 || range === undefined || rest.length > 0) return false;
  if (/^\d{1,3}$/u.test(range)) return Number(range) <= (version === 4 ? 32 : 128);
  return version === 4 && isIP(range) === 4;
}

/**
 * Which proxies in front of a service to believe about the client's address and protocol
 * (X-Forwarded-For, -Proto, -Host). It decides `request.ip`, and so every per-address rate
 * limit, and `request.protocol`. Any client can send those headers: believe only proxies
 * that overwrite them.
 * - not set, or `false`: no proxy; the address is the TCP peer's (the default);
 * - `true`: every proxy, for a service only reachable through proxies that overwrite the headers;
 * - a comma-separated list of addresses, CIDR ranges and the names `loopback`, `linklocal`
 *   and `uniquelocal`: the proxies at those addresses.
 * A number of hops is refused: Fastify no longer honours one, as it cannot tell a proxy from
 * a client that sends the headers itself.
 */
export const trustProxy = z
  .string()
  .trim()
  .optional()
  .transform((value, context): TrustProxy => {
    if (value === undefined || value === 'false') return false;
    if (value === 'true') return true;
    const addresses = value
      .split(',')
      .map((item) => item.trim())
      .filter((item) => item.length > 0);
    if (addresses.length > 0 && addresses.every(isProxyAddress)) return addresses;
    context.addIssue({
      code: 'custom',
      message: 'must be true, false, or a comma-separated list of proxy addresses and CIDR ranges (like 10.0.0.0/8, loopback)',
    });
    return z.NEVER;
  });

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/**
 * Parses `env` with `schema`; on failure throws one readable line naming each bad variable.
 * A variable set to the empty string counts as not set (as `VAR=` in compose files does).
 */
export function parseConfig<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): z.output<S> {
  const given = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(given);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(environment)'}: ${issue.message}`);
  throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
}

/**
 * For entry files: parse the environment at start, or print one clear line and exit 1.
 */
export function loadConfig<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>): z.output<S> {
  try {
    return parseConfig(schema, env);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`${error.message}\n`);
    process.exit(1);
  }
}
