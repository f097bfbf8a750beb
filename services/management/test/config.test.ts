import { ConfigError, parseConfig } from '@ambassador/config/env';
import { describe, expect, it } from 'vitest';
import { managementConfigSchema } from '../src/config.ts';

/** Every configuration needs the secret key; these tests are about other settings. */
const secret = { SECRET_KEY: 'k'.repeat(32) };

describe("the management module's configuration", () => {
  it('takes the database pool size from DATABASE_POOL_SIZE, 10 when not set, and refuses 0', () => {
    expect(parseConfig(managementConfigSchema, { ...secret }).databasePoolSize).toBe(10);
    expect(parseConfig(managementConfigSchema, { ...secret, DATABASE_POOL_SIZE: '3' }).databasePoolSize).toBe(3);
    expect(() => parseConfig(managementConfigSchema, { ...secret, DATABASE_POOL_SIZE: '0' })).toThrow(ConfigError);
  });

  it('limits the login e-mails to one address to LOGIN_EMAILS_PER_RECIPIENT per 15 minutes, 5 when not set', () => {
    expect(parseConfig(managementConfigSchema, { ...secret }).loginEmailsPerRecipient).toBe(5);
    expect(parseConfig(managementConfigSchema, { ...secret, LOGIN_EMAILS_PER_RECIPIENT: '2' }).loginEmailsPerRecipient).toBe(2);
    expect(() => parseConfig(managementConfigSchema, { ...secret, LOGIN_EMAILS_PER_RECIPIENT: 'many' })).toThrow(ConfigError);
  });
});
