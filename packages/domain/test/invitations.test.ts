import { describe, expect, it } from 'vitest';
import { invitationSchedule, throttleWindowStart } from '../src/invitations.ts';
import { invitationToken, isWellFormedToken, tokenHash } from '../src/tokens.ts';

const created = new Date('2026-11-22T09:00:00Z');

describe('the invitation schedule', () => {
  it('expires after the validity period and reminds once after the reminder period', () => {
    expect(invitationSchedule(created, { validityDays: 60, reminderAfterDays: 7, throttleDays: 90 })).toEqual({
      expiresAt: new Date('2027-01-21T09:00:00Z'),
      reminderDueAt: new Date('2026-11-29T09:00:00Z'),
    });
  });

  it('has no reminder when reminders are turned off with 0', () => {
    expect(invitationSchedule(created, { validityDays: 60, reminderAfterDays: 0, throttleDays: 90 }).reminderDueAt).toBeNull();
  });

  it('has no reminder that would come after the link expired', () => {
    expect(invitationSchedule(created, { validityDays: 5, reminderAfterDays: 7, throttleDays: 90 }).reminderDueAt).toBeNull();
  });

  it('throttles from the given number of days back', () => {
    expect(throttleWindowStart(created, { validityDays: 60, reminderAfterDays: 7, throttleDays: 90 })).toEqual(
      new Date('2026-08-24T09:00:00Z'),
    );
  });
});

describe('invitation tokens', () => {
  const key = Buffer.alloc(32, 7);

  it('are 32 bytes of base64url, the same for the same invitation and key', () => {
    const token = invitationToken(key, 'a3f1c2d4-0000-4000-8000-000000000001');
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(token, 'base64url')).toHaveLength(32);
    expect(invitationToken(key, 'a3f1c2d4-0000-4000-8000-000000000001')).toBe(token);
    expect(isWellFormedToken(token)).toBe(true);
  });

  it('differ per invitation and per key', () => {
    const token = invitationToken(key, 'one');
    expect(invitationToken(key, 'two')).not.toBe(token);
    expect(invitationToken(Buffer.alloc(32, 8), 'one')).not.toBe(token);
  });

  it('are hashed with SHA-256 for storage (the database keeps the hash, never the token)', () => {
    // The test vector of FIPS 180-2 for "abc".
    expect(tokenHash('abc').toString('hex')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    const token = invitationToken(key, 'one');
    expect(tokenHash(token)).toHaveLength(32);
    expect(tokenHash(token).toString('base64url')).not.toBe(token);
  });

  it('refuse anything but 43 base64url characters', () => {
    for (const value of ['', 'short', `${'a'.repeat(42)}=`, `${'a'.repeat(42)}/`, 'a'.repeat(44)]) {
      expect(isWellFormedToken(value)).toBe(false);
    }
  });
});

describe('signed values', () => {
  const key = Buffer.alloc(32, 7);

  it('give back the value only for its own signature and purpose', async () => {
    const { signValue, verifySignedValue } = await import('../src/tokens.ts');
    const signed = signValue(key, 'alert-ack', 'a3f1c2d4-0000-4000-8000-000000000001');
    expect(verifySignedValue(key, 'alert-ack', signed)).toBe('a3f1c2d4-0000-4000-8000-000000000001');
    expect(verifySignedValue(key, 'other-purpose', signed)).toBeUndefined();
    expect(verifySignedValue(Buffer.alloc(32, 8), 'alert-ack', signed)).toBeUndefined();
    expect(verifySignedValue(key, 'alert-ack', signed.replace('0001.', '0002.'))).toBeUndefined();
    expect(verifySignedValue(key, 'alert-ack', `${signed}x`)).toBeUndefined();
    expect(verifySignedValue(key, 'alert-ack', 'no-signature')).toBeUndefined();
  });
});
