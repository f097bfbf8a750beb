import { parseConfig } from '@ambassador/config/env';
import { describe, expect, it } from 'vitest';
import { notifierConfigSchema } from '../src/config.ts';

const smppOf = (env: Record<string, string>) => parseConfig(notifierConfigSchema, { ALLOW_DATABASE_SECRET_KEY: 'true', ...env }).smpp;

describe('SMPP_URL and SMS_SENDER', () => {
  it('leave SMS off when SMPP_URL is not set', () => {
    expect(smppOf({})).toBeUndefined();
    expect(smppOf({ SMPP_URL: '' })).toBeUndefined();
  });

  it('read the gateway and the account to bind with from SMPP_URL, on the SMPP ports by default', () => {
    expect(smppOf({ SMPP_URL: 'smpp://firm:p%40ss@smpp.gateway.example:2776', SMS_SENDER: 'Ingenieurs' })).toEqual({
      host: 'smpp.gateway.example',
      port: 2776,
      tls: false,
      systemId: 'firm',
      password: 'p@ss',
      sender: 'Ingenieurs',
    });
    expect(smppOf({ SMPP_URL: 'smpp://firm:secret@smpp.gateway.example' })).toMatchObject({ port: 2775, tls: false, sender: 'Ambassador' });
    expect(smppOf({ SMPP_URL: 'smpps://firm:secret@smpp.gateway.example' })).toMatchObject({ port: 3550, tls: true });
  });

  it.each(['http://firm:secret@gateway.example', 'smpp://gateway.example:2775', 'not a url'])('refuse SMPP_URL=%s, naming it', (url) => {
    expect(() => smppOf({ SMPP_URL: url })).toThrow(/SMPP_URL/);
  });

  it.each(['TwelveLetter', 'Firm-Alerts', '31612345678', 'Ambassadé'])('refuse SMS_SENDER=%s: alphanumeric, at most 11, with a letter', (sender) => {
    expect(() => smppOf({ SMPP_URL: 'smpp://firm:secret@gateway.example', SMS_SENDER: sender })).toThrow(/SMS_SENDER/);
  });
});
