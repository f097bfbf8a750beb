import { commaSeparated, httpBaseUrl } from '@ambassador/config/env';
import { z } from 'zod';

/** What the development tools read from the environment (services read their own). */
export const devConfig = z
  .object({
    SMTP_URL: z.string().optional(),
    /** Where the dev mail catcher writes the e-mails it receives. */
    MAIL_DIR: z.string().default('.mail'),
    INGEST_URL: httpBaseUrl('http://localhost:3000'),
    DEMO_API_KEY: z.string().optional(),
    API_KEYS: commaSeparated,
  })
  .transform((env) => ({
    smtpUrl: env.SMTP_URL,
    mailDir: env.MAIL_DIR,
    ingestUrl: env.INGEST_URL,
    apiKey: env.DEMO_API_KEY ?? env.API_KEYS[0],
  }))
  .parse(process.env);

/**
 * What `pnpm start` hands each service: this environment, and the permission to keep a
 * generated secret key in the database when SECRET_KEY is not set (development only).
 */
export const serviceEnvironment: Record<string, string | undefined> = { ...process.env, ALLOW_DATABASE_SECRET_KEY: 'true' };
