import {
  commaSeparated,
  databaseUrl,
  flag,
  followUpNegativeWorkingDays,
  followUpPositiveWorkingDays,
  httpBaseUrl,
  invitationPolicyOf,
  invitationPolicyVariables,
  isLocalHost,
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

/** An identity provider's issuer: https, or http for a host on this machine or network (a Keycloak beside us). */
const issuerUrl = z
  .string()
  .trim()
  .refine((value) => {
    if (!URL.canParse(value)) return false;
    const url = new URL(value);
    return url.protocol === 'https:' || (url.protocol === 'http:' && isLocalHost(url.hostname));
  }, "must be the identity provider's https:// issuer URL (http:// only on this machine or network), like https://login.microsoftonline.com/{tenant}/v2.0");

const COMPANY_SIGN_IN_REQUIRED = ['OIDC_ISSUER_URL', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'] as const;

/** Company sign-in takes the issuer, client id and secret together, or none of them (then only the e-mail link). */
const companySignInComplete = z.superRefine<Partial<Record<(typeof COMPANY_SIGN_IN_REQUIRED)[number], string>>>(
  (env, context) => {
    const missing = COMPANY_SIGN_IN_REQUIRED.filter((name) => env[name] === undefined);
    if (missing.length === 0 || missing.length === COMPANY_SIGN_IN_REQUIRED.length) return;
    context.addIssue({
      code: 'custom',
      path: missing.slice(0, 1),
      message: `company sign-in needs ${COMPANY_SIGN_IN_REQUIRED.join(', ')} together, or none of them; not set: ${missing.join(', ')}`,
    });
  },
  { when: ({ issues }) => !issues.some((issue) => COMPANY_SIGN_IN_REQUIRED.some((name) => issue.path?.[0] === name)) },
);

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
    /** Closing a project from its page invites as the API does: the same settings as ingest. */
    ...invitationPolicyVariables,
    OIDC_ISSUER_URL: issuerUrl.optional(),
    OIDC_CLIENT_ID: z.string().trim().min(1).optional(),
    OIDC_CLIENT_SECRET: z.string().min(1).optional(),
    /** The text of the button, e.g. "Inloggen met Microsoft"; not set: "Inloggen met je organisatieaccount". */
    OIDC_BUTTON_LABEL: z.string().trim().min(1).max(80).optional(),
    /** Take the `email` claim without `email_verified` (Entra ID sends none): only for a provider that issues only addresses the firm controls. */
    OIDC_TRUST_EMAIL: flag(false),
    /** Lets destinations use http and internal addresses: development and tests only. */
    DESTINATIONS_ALLOW_PRIVATE: flag(false),
  })
  .check(secretKeyRequired)
  .check(companySignInComplete)
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
    destinations: { allowPrivate: env.DESTINATIONS_ALLOW_PRIVATE },
    invitationPolicy: invitationPolicyOf(env),
    companySignIn:
      env.OIDC_ISSUER_URL !== undefined && env.OIDC_CLIENT_ID !== undefined && env.OIDC_CLIENT_SECRET !== undefined
        ? {
            issuerUrl: new URL(env.OIDC_ISSUER_URL),
            clientId: env.OIDC_CLIENT_ID,
            clientSecret: env.OIDC_CLIENT_SECRET,
            buttonLabel: env.OIDC_BUTTON_LABEL,
            trustEmail: env.OIDC_TRUST_EMAIL,
          }
        : undefined,
  }));

export type ManagementConfig = z.output<typeof managementConfigSchema>;

/** The configuration from the process environment; a missing or malformed variable ends the process with one line. */
export function loadManagementConfig(): ManagementConfig {
  return loadConfig(managementConfigSchema, process.env);
}
