import { ConfigError, parseConfig } from '@ambassador/config/env';
import { describe, expect, it } from 'vitest';
import { managementConfigSchema } from '../src/config.ts';

describe("the management module's configuration", () => {
  it('takes the database pool size from DATABASE_POOL_SIZE, 10 when not set, and refuses 0', () => {
    expect(parseConfig(managementConfigSchema, {}).databasePoolSize).toBe(10);
    expect(parseConfig(managementConfigSchema, { DATABASE_POOL_SIZE: '3' }).databasePoolSize).toBe(3);
    expect(() => parseConfig(managementConfigSchema, { DATABASE_POOL_SIZE: '0' })).toThrow(ConfigError);
  });
});
