import { parseConfig } from '@ambassador/config/env';
import { describe, expect, it } from 'vitest';
import { notifierConfigSchema } from '../src/config.ts';

const requireTls = (env: Record<string, string>) =>
  parseConfig(notifierConfigSchema, { ALLOW_DATABASE_SECRET_KEY: 'true', ...env }).smtpRequireTls;

describe('SMTP_REQUIRE_TLS', () => {
  it.each([
    'smtp://127.0.0.1:1025',
    'smtp://127.8.9.10:25',
    'smtp://localhost:1025',
    'smtp://mailpit:1025',
    'smtp://MAILPIT.:1025',
    'smtp://relay.localhost:25',
    'smtp://10.1.2.3:25',
    'smtp://172.16.0.9:25',
    'smtp://172.31.255.1:25',
    'smtp://192.168.1.20:587',
    'smtp://[::1]:25',
    'smtp://[fd12:3456::1]:25',
    'smtp://[::ffff:192.168.1.20]:25',
  ])('is off by default for the local host of %s', (url) => {
    expect(requireTls({ SMTP_URL: url })).toBe(false);
  });

  it.each([
    'smtp://smtp.example.com:587',
    'smtp://user:pass@mail.firm.example:25',
    'smtp://203.0.113.7:25',
    'smtp://172.32.0.1:25',
    'smtp://11.0.0.1:25',
    'smtp://[2001:db8::25]:25',
    'smtps://smtp.example.com:465',
  ])('is on by default for the host of %s, which is not local', (url) => {
    expect(requireTls({ SMTP_URL: url })).toBe(true);
  });

  it('is off by default for the default SMTP_URL, the development mail catcher on 127.0.0.1', () => {
    expect(requireTls({})).toBe(false);
  });

  it('follows an explicit setting whatever the host', () => {
    expect(requireTls({ SMTP_URL: 'smtp://smtp.example.com:587', SMTP_REQUIRE_TLS: 'false' })).toBe(false);
    expect(requireTls({ SMTP_URL: 'smtp://mailpit:1025', SMTP_REQUIRE_TLS: 'true' })).toBe(true);
    expect(() => requireTls({ SMTP_REQUIRE_TLS: 'yes' })).toThrow(/SMTP_REQUIRE_TLS/);
  });
});
