import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, commaSeparated, databaseUrl, flag, parseConfig, port, secretKey } from '../src/env.ts';

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
});
