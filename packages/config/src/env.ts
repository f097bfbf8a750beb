import { isIP } from 'node:net';
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

export const httpBaseUrl = (fallback: string) =>
  urlWithProtocol(['http', 'https'], 'https://example.com')
    .default(fallback)
    .transform((value) => value.replace(/\/+$/u, ''));

export const port = (fallback: number) => z.coerce.number().int().min(0).max(65535).default(fallback);

export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

/** A duration in milliseconds, given as a whole number. */
export const milliseconds = (fallback: number) => z.coerce.number().int().min(0).default(fallback);

export const positiveInteger = (fallback: number) => z.coerce.number().int().min(1).default(fallback);

/** Booleans only as "true"/"false"/"1"/"0": `z.coerce.boolean()` would read "false" as true. */
export const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0'])
    .optional()
    .transform((value) => (value === undefined ? fallback : value === 'true' || value === '1'));

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

/** At least 32 characters, so that it can carry 32 bytes of secret. */
export const secretKey = z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -base64 32`)').optional();

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
 * (the classifier then escalates to the manager; 0: never). The management module reads it
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
