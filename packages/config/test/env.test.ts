import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import {
  apiKeyList,
  ConfigError,
  commaSeparated,
  databaseUrl,
  flag,
  parseConfig,
  port,
  secretKey,
  secretKeyRequired,
  secretKeyVariables,
  trustProxy,
} from '../src/env.ts';

const schema = z.object({ DATABASE_URL: databaseUrl, PORT: port(3000), DEBUG: flag(false), API_KEYS: commaSeparated, SECRET_KEY: secretKey });

describe('parsing the environment', () => {
  it('applies the local-development defaults', () => {
    expect(parseConfig(schema, {})).toEqual({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/ambassador',
      PORT: 3000,
      DEBUG: false,
      API_KEYS: [],
      SECRET_KEY: undefined,
    });
  });

  it('treats a variable set to the empty string as not set', () => {
    const config = parseConfig(schema, { PORT: '', SECRET_KEY: '', API_KEYS: '' });
    expect(config.PORT).toBe(3000);
    expect(config.SECRET_KEY).toBeUndefined();
    expect(config.API_KEYS).toEqual([]);
  });

  it('reads booleans only from true/false/1/0, so "false" is false', () => {
    expect(parseConfig(schema, { DEBUG: 'false' }).DEBUG).toBe(false);
    expect(parseConfig(schema, { DEBUG: '1' }).DEBUG).toBe(true);
    expect(() => parseConfig(schema, { DEBUG: 'yes' })).toThrow(ConfigError);
  });

  it('splits comma-separated lists and drops blanks', () => {
    expect(parseConfig(schema, { API_KEYS: ' a, b,,c ' }).API_KEYS).toEqual(['a', 'b', 'c']);
  });

  it('reads API keys with an optional scope; a key without one has every scope, as before', () => {
    const keys = z.object({ API_KEYS: apiKeyList });
    expect(parseConfig(keys, { API_KEYS: 'k1:read, k2:write,k3:admin,k4,a:b:c:read,x-y:12' }).API_KEYS).toEqual([
      { key: 'k1', scope: 'read' },
      { key: 'k2', scope: 'write' },
      { key: 'k3', scope: 'admin' },
      { key: 'k4', scope: 'admin' },
      { key: 'a:b:c', scope: 'read' },
      { key: 'x-y:12', scope: 'admin' },
    ]);
  });

  it('refuses an API key whose scope is misspelt, naming the entry and not the key', () => {
    try {
      parseConfig(z.object({ API_KEYS: apiKeyList }), { API_KEYS: 'hunter2:read,hunter3:wirte,:admin' });
      expect.unreachable();
    } catch (error) {
      const message = (error as Error).message;
      expect(message).toMatch(/API_KEYS: entry 2 ends in an unknown scope ":wirte"/);
      expect(message).toMatch(/entry 3 has a scope but no key/);
      expect(message).not.toContain('hunter');
    }
  });

  it('names every bad variable in one line, without echoing its value', () => {
    try {
      parseConfig(schema, { DATABASE_URL: 'mysql://root:hunter2@db/x', PORT: '99999', SECRET_KEY: 'short' });
      expect.unreachable();
    } catch (error) {
      const message = (error as Error).message;
      expect(message.split('\n')).toHaveLength(1);
      expect(message).toMatch(/DATABASE_URL: must be a URL starting with postgres/);
      expect(message).toMatch(/PORT:/);
      expect(message).toMatch(/SECRET_KEY: must be at least 32 characters/);
      expect(message).not.toContain('hunter2');
      expect(message).not.toContain('short');
    }
  });

  it('reads TRUST_PROXY as false (the default), true, or a list of proxy addresses and ranges', () => {
    const proxies = z.object({ TRUST_PROXY: trustProxy });
    const read = (value?: string) => parseConfig(proxies, { TRUST_PROXY: value }).TRUST_PROXY;
    expect(read()).toBe(false);
    expect(read('')).toBe(false);
    expect(read('false')).toBe(false);
    expect(read('true')).toBe(true);
    expect(read(' 10.0.0.0/8, 192.168.1.7 ,fd00::/8,::1,loopback, 172.16.0.0/255.240.0.0')).toEqual([
      '10.0.0.0/8',
      '192.168.1.7',
      'fd00::/8',
      '::1',
      'loopback',
      '172.16.0.0/255.240.0.0',
    ]);
  });

  it('refuses a TRUST_PROXY that is not an address, a range or a named range, and hop counts', () => {
    const proxies = z.object({ TRUST_PROXY: trustProxy });
    for (const value of ['1', 'yes', '10.0.0.0/33', '::1/129', '10.0.0/8', 'proxy.internal', '10.0.0.1/8/8', ',']) {
      expect(() => parseConfig(proxies, { TRUST_PROXY: value }), value).toThrow(/TRUST_PROXY: must be true, false, or a comma-separated list/);
    }
  });
});

describe('the secret key', () => {
  const service = z.object({ DATABASE_URL: databaseUrl, ...secretKeyVariables }).check(secretKeyRequired);

  it('hashes a passphrase of 32 or more characters to 32 bytes with SHA-256', () => {
    const passphrase = 'correct horse battery staple, and more';
    expect(parseConfig(service, { SECRET_KEY: passphrase }).SECRET_KEY).toEqual(createHash('sha256').update(passphrase).digest());
  });

  it('takes base64: followed by 32 bytes as the key itself, the form `pnpm secret-key` prints', () => {
    const key = randomBytes(32);
    expect(parseConfig(service, { SECRET_KEY: `base64:${key.toString('base64')}` }).SECRET_KEY).toEqual(key);
  });

  it('refuses a base64: key of another length, or not in base64, naming SECRET_KEY without echoing it', () => {
    for (const value of [`base64:${randomBytes(31).toString('base64')}`, `base64:${randomBytes(33).toString('base64')}`, `base64:${'*'.repeat(43)}=`]) {
      expect(() => parseConfig(service, { SECRET_KEY: value })).toThrow(/SECRET_KEY: after base64: must come 32 bytes in base64/);
      try {
        parseConfig(service, { SECRET_KEY: value });
      } catch (error) {
        expect((error as Error).message).not.toContain(value.slice(7));
      }
    }
  });

  it('is required, unless ALLOW_DATABASE_SECRET_KEY=true lets a development tool keep one in the database', () => {
    expect(() => parseConfig(service, {})).toThrow(/^invalid configuration: SECRET_KEY: must be set/);
    expect(() => parseConfig(service, { ALLOW_DATABASE_SECRET_KEY: 'false' })).toThrow(/SECRET_KEY: must be set/);
    const allowed = parseConfig(service, { ALLOW_DATABASE_SECRET_KEY: 'true' });
    expect(allowed.ALLOW_DATABASE_SECRET_KEY).toBe(true);
    expect(allowed.SECRET_KEY).toBeUndefined();
  });

  it('is named missing in the same line as the other problems', () => {
    expect(() => parseConfig(service, { DATABASE_URL: 'mysql://db/x' })).toThrow(/^invalid configuration: DATABASE_URL: .*; SECRET_KEY: must be set/);
  });
});
