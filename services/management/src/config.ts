import {
  commaSeparated,
  databaseUrl,
  followUpNegativeWorkingDays,
  followUpPositiveWorkingDays,
  httpBaseUrl,
  loadConfig,
  logLevel,
  port,
  positiveInteger,
  redisUrl,
  secretKeyRequired,
  secretKeyVariables,
  timeZone,
  trustProxy,
} from '@ambassador/config/env';
import { z } from 'zod';

export const managementConfigSchema = z
  .object({
    DATABASE_URL: databaseUrl,
    /** Each register download in progress holds one while it streams. */
    DATABASE_POOL_SIZE: positiveInteger(10),
    REDIS_URL: redisUrl,
    LOG_LEVEL: logLevel,
    HOST: z.string().trim().min(1).default('0.0.0.0'),
    MANAGEMENT_PORT: port(3001),
    MANAGEMENT_BASE_URL: httpBaseUrl('http://localhost:3001'),
    /** These addresses see every response and the queues. */
    ADMIN_EMAILS: commaSeparated,
    ...secretKeyVariables,
    SESSION_HOURS: positiveInteger(12),
    LOGIN_LINK_MINUTES: positiveInteger(15),
    LOGIN_RATE_LIMIT_PER_MINUTE: positiveInteger(10),
    /** Against mail-bombing an employee from many client addresses. */
    LOGIN_EMAILS_PER_RECIPIENT: positiveInteger(5),
    TIME_ZONE: timeZone,
    /** The follow-up deadlines, as the classifier has them: an "I am on it" link works until a week after its response's. */
    FOLLOW_UP_NEGATIVE_WORKING_DAYS: followUpNegativeWorkingDays,
    FOLLOW_UP_POSITIVE_WORKING_DAYS: followUpPositiveWorkingDays,
    TRUST_PROXY: trustProxy,
  })
  .check(secretKeyRequired)
  .transform((env) => ({
    databaseUrl: env.DATABASE_URL,
    databasePoolSize: env.DATABASE_POOL_SIZE,
    redisUrl: env.REDIS_URL,
    logLevel: env.LOG_LEVEL,
    host: env.HOST,
    port: env.MANAGEMENT_PORT,
    baseUrl: env.MANAGEMENT_BASE_URL,
    adminEmails: new Set(env.ADMIN_EMAILS.map((email) => email.toLowerCase())),
    secretKey: env.SECRET_KEY,
    sessionHours: env.SESSION_HOURS,
    loginLinkMinutes: env.LOGIN_LINK_MINUTES,
    loginRateLimitPerMinute: env.LOGIN_RATE_LIMIT_PER_MINUTE,
    loginEmailsPerRecipient: env.LOGIN_EMAILS_PER_RECIPIENT,
    timeZone: env.TIME_ZONE,
    followUpPolicy: {
      negativeWorkingDays: env.FOLLOW_UP_NEGATIVE_WORKING_DAYS,
      positiveWorkingDays: env.FOLLOW_UP_POSITIVE_WORKING_DAYS,
      timeZone: env.TIME_ZONE,
    },
    trustProxy: env.TRUST_PROXY,
  }));

export type ManagementConfig = z.output<typeof managementConfigSchema>;

/** The configuration from the process environment; a missing or malformed variable ends the process with one line. */
export function loadManagementConfig(): ManagementConfig {
  return loadConfig(managementConfigSchema, process.env);
}
