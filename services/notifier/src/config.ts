import {
  brandColor,
  brandName,
  databaseUrl,
  flag,
  httpBaseUrl,
  isLocalHost,
  loadConfig,
  logLevel,
  mailbox,
  milliseconds,
  port,
  positiveInteger,
  redisUrl,
  secretKeyRequired,
  secretKeyVariables,
  smppUrl,
  smsSender,
  smtpUrl,
  timeZone,
} from '@ambassador/config/env';
import { z } from 'zod';

export const notifierConfigSchema = z
  .object({
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    SMTP_URL: smtpUrl,
    /**
     * With smtp://, send only after STARTTLS, so that login and invitation links never cross
     * a network in clear text (smtps:// is TLS from the start). Not set: true unless the
     * SMTP host is local (loopback, a private address, or a single-label name like `mailpit`).
     */
    SMTP_REQUIRE_TLS: flag(undefined),
    MAIL_FROM: mailbox.default('Ambassador <noreply@localhost>'),
    /** The SMS gateway (SMPP 3.4); unset, no SMS is sent and SMS messages fail with that reason. */
    SMPP_URL: smppUrl,
    SMS_SENDER: smsSender,
    PUBLIC_BASE_URL: httpBaseUrl('http://localhost:3000'),
    MANAGEMENT_BASE_URL: httpBaseUrl('http://localhost:3001'),
    LOG_LEVEL: logLevel,
    /**
     * Messages in progress at a time. Each spends most of its time waiting on PostgreSQL, Redis
     * and the SMTP server, so more than the pool's connections: at 5 the notifier sent about 200
     * e-mails a second using half a core.
     */
    NOTIFIER_CONCURRENCY: positiveInteger(16),
    /** Simultaneous SMTP connections of the pool. */
    SMTP_POOL_SIZE: positiveInteger(5),
    /**
     * How long a job stays locked to a worker that stopped renewing it (it crashed or was
     * killed) before another worker takes it over.
     */
    JOB_LOCK_MS: milliseconds(30_000),
    ...secretKeyVariables,
    BRAND_NAME: brandName,
    BRAND_COLOR: brandColor,
    HEALTH_PORT: port(3102),
    HOST: z.string().trim().min(1).default('0.0.0.0'),
    /** The firm's time zone: where a digest's week begins, and the dates in e-mails about it. */
    TIME_ZONE: timeZone,
  })
  .check(secretKeyRequired)
  .transform((env) => ({
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    smtpUrl: env.SMTP_URL,
    smtpRequireTls: env.SMTP_REQUIRE_TLS ?? !isLocalHost(new URL(env.SMTP_URL).hostname),
    mailFrom: env.MAIL_FROM,
    smpp: env.SMPP_URL === undefined ? undefined : smppAccount(env.SMPP_URL, env.SMS_SENDER),
    publicBaseUrl: env.PUBLIC_BASE_URL,
    managementBaseUrl: env.MANAGEMENT_BASE_URL,
    logLevel: env.LOG_LEVEL,
    concurrency: env.NOTIFIER_CONCURRENCY,
    smtpPoolSize: env.SMTP_POOL_SIZE,
    jobLockMs: env.JOB_LOCK_MS,
    secretKey: env.SECRET_KEY,
    brand: { name: env.BRAND_NAME, color: env.BRAND_COLOR },
    healthPort: env.HEALTH_PORT,
    host: env.HOST,
    timeZone: env.TIME_ZONE,
  }));

export type NotifierConfig = z.output<typeof notifierConfigSchema>;

/** An SMPP gateway and the account to bind to it with. */
export interface SmppAccount {
  host: string;
  port: number;
  /** smpps:// (the `smpp` package calls it ssmpp): TLS from the start. */
  tls: boolean;
  systemId: string;
  password: string;
  /** The sender id recipients see (SMS_SENDER). */
  sender: string;
}

/** The account in an SMPP_URL, with the sender id to use. */
export function smppAccount(url: string, sender: string): SmppAccount {
  const parsed = new URL(url);
  const tls = parsed.protocol === 'smpps:';
  return {
    host: parsed.hostname.replace(/^\[(.*)\]$/u, '$1'),
    // The ports IANA lists for SMPP, and for SMPP over TLS.
    port: parsed.port === '' ? (tls ? 3550 : 2775) : Number(parsed.port),
    tls,
    systemId: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    sender,
  };
}

/** The configuration from the process environment; a missing or malformed variable ends the process with one line. */
export function loadNotifierConfig(): NotifierConfig {
  return loadConfig(notifierConfigSchema, process.env);
}
