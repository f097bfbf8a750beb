import { describe, expect, it } from 'vitest';
import {
  ACKNOWLEDGE_PURPOSE,
  digestUnsubscribeToken,
  readDigestUnsubscribeToken,
  signValue,
  UNVERSIONED_DIGEST_UNSUBSCRIBE_PURPOSE,
} from '../src/tokens.ts';

const key = Buffer.alloc(32, 7);

describe('the token of a digest unsubscribe link', () => {
  it('carries the employee and the version of the subscription it was made for, dots in the id included', () => {
    expect(readDigestUnsubscribeToken(key, digestUnsubscribeToken(key, 'mgr-1', 0))).toEqual({ employeeId: 'mgr-1', subscriptionVersion: 0 });
    expect(readDigestUnsubscribeToken(key, digestUnsubscribeToken(key, 'jan.de.vries.7', 12))).toEqual({
      employeeId: 'jan.de.vries.7',
      subscriptionVersion: 12,
    });
  });

  it('tells a genuine link from before versions (expired) from one we never signed', () => {
    expect(readDigestUnsubscribeToken(key, signValue(key, UNVERSIONED_DIGEST_UNSUBSCRIBE_PURPOSE, 'mgr-1.3'))).toBe('unversioned');
    expect(readDigestUnsubscribeToken(key, signValue(key, ACKNOWLEDGE_PURPOSE, 'mgr-1.3'))).toBeUndefined();
    expect(readDigestUnsubscribeToken(Buffer.alloc(32, 8), digestUnsubscribeToken(key, 'mgr-1', 0))).toBeUndefined();
    const token = digestUnsubscribeToken(key, 'mgr-1', 0);
    expect(readDigestUnsubscribeToken(key, token.replace('mgr-1.0.', 'mgr-1.1.'))).toBeUndefined();
  });
});
