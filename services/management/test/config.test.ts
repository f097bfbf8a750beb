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

  describe('company sign-in (OIDC_*)', () => {
    const provider = { OIDC_ISSUER_URL: 'https://login.microsoftonline.com/tenant-id/v2.0', OIDC_CLIENT_ID: 'ambassador', OIDC_CLIENT_SECRET: 's3cret' };

    it('is off without the variables, and on with the issuer, client id and secret', () => {
      expect(parseConfig(managementConfigSchema, { ...secret }).companySignIn).toBeUndefined();
      expect(parseConfig(managementConfigSchema, { ...secret, ...provider }).companySignIn).toEqual({
        issuerUrl: new URL('https://login.microsoftonline.com/tenant-id/v2.0'),
        clientId: 'ambassador',
        clientSecret: 's3cret',
        buttonLabel: undefined,
        trustEmail: false,
      });
      expect(
        parseConfig(managementConfigSchema, { ...secret, ...provider, OIDC_BUTTON_LABEL: 'Inloggen met Microsoft', OIDC_TRUST_EMAIL: 'true' }).companySignIn,
      ).toMatchObject({ buttonLabel: 'Inloggen met Microsoft', trustEmail: true });
      expect(() => parseConfig(managementConfigSchema, { ...secret, ...provider, OIDC_TRUST_EMAIL: 'yes' })).toThrow(/OIDC_TRUST_EMAIL/);
    });

    it('refuses some of the three without the others, in one line naming what is missing', () => {
      expect(() => parseConfig(managementConfigSchema, { ...secret, OIDC_ISSUER_URL: provider.OIDC_ISSUER_URL })).toThrow(
        new ConfigError(
          'invalid configuration: OIDC_CLIENT_ID: company sign-in needs OIDC_ISSUER_URL, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET together, or none of them; not set: OIDC_CLIENT_ID, OIDC_CLIENT_SECRET',
        ),
      );
      expect(() => parseConfig(managementConfigSchema, { ...secret, ...provider, OIDC_CLIENT_SECRET: undefined })).toThrow(/not set: OIDC_CLIENT_SECRET$/);
    });

    it('takes an http issuer only on this machine or network', () => {
      for (const issuer of ['http://localhost:8080/realms/firm', 'http://keycloak:8080/realms/firm', 'http://10.1.2.3/realms/firm']) {
        expect(parseConfig(managementConfigSchema, { ...secret, ...provider, OIDC_ISSUER_URL: issuer }).companySignIn?.issuerUrl.href, issuer).toBe(issuer);
      }
      expect(() => parseConfig(managementConfigSchema, { ...secret, ...provider, OIDC_ISSUER_URL: 'http://login.example.com' })).toThrow(/OIDC_ISSUER_URL: must be the identity provider's https:\/\/ issuer URL/);
      expect(() => parseConfig(managementConfigSchema, { ...secret, ...provider, OIDC_ISSUER_URL: 'login.example.com' })).toThrow(/OIDC_ISSUER_URL/);
    });
  });
});
