import { apiKeyList, commaSeparated, httpBaseUrl, port } from '@ambassador/config/env';
import { z } from 'zod';

/** What the development tools read from the environment (services read their own). */
export const devConfig = z
  .object({
    SMTP_URL: z.string().optional(),
    /** Where the development inbox keeps the e-mails it catches. */
    MAIL_DIR: z.string().default('.mail'),
    /** The development inbox in a browser (`pnpm start`). */
    INBOX_PORT: port(1080),
    /** Where the e-mails are read, when it is not the development inbox (compose: Mailpit). */
    INBOX_URL: httpBaseUrl('http://localhost:1080').optional(),
    /** Where the services are, as a person opens them (as the services' own settings have it). */
    PUBLIC_BASE_URL: httpBaseUrl('http://localhost:3000'),
    MANAGEMENT_BASE_URL: httpBaseUrl('http://localhost:3001'),
    /** Where the demo reaches ingest (inside compose: the ingest service). */
    INGEST_URL: httpBaseUrl('http://localhost:3000'),
    DEMO_API_KEY: z.string().optional(),
    API_KEYS: apiKeyList,
    ADMIN_EMAILS: commaSeparated,
  })
  .transform((env) => ({
    smtpUrl: env.SMTP_URL,
    mailDir: env.MAIL_DIR,
    inboxPort: env.INBOX_PORT,
    inboxUrl: env.INBOX_URL,
    publicBaseUrl: env.PUBLIC_BASE_URL,
    managementBaseUrl: env.MANAGEMENT_BASE_URL,
    ingestUrl: env.INGEST_URL,
    // The demo creates employees: it needs a key with every scope.
    apiKey: env.DEMO_API_KEY ?? env.API_KEYS.find(({ scope }) => scope === 'admin')?.key,
    adminEmail: env.ADMIN_EMAILS[0],
  }))
  .parse(process.env);

/**
 * What `pnpm start` hands each service: this environment, the permission to keep a generated
 * secret key in the database when SECRET_KEY is not set, and to point destinations at a webhook
 * receiver on this machine (unless set otherwise): development only.
 */
export const serviceEnvironment: Record<string, string | undefined> = {
  DESTINATIONS_ALLOW_PRIVATE: 'true',
  ...process.env,
  ALLOW_DATABASE_SECRET_KEY: 'true',
};
