import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Secrets derived from the installation's secret key, one key per purpose, so that a value
 * made for one purpose (an invitation link) can never pass for another (a login link).
 */
export function purposeKey(secretKey: Buffer, purpose: string): Buffer {
  let keys = purposeKeys.get(secretKey);
  if (!keys) purposeKeys.set(secretKey, (keys = new Map<string, Buffer>()));
  let key = keys.get(purpose);
  if (!key) keys.set(purpose, (key = createHmac('sha256', secretKey).update(`ambassador:${purpose}`).digest()));
  return key;
}

/** Derived once per secret key and purpose: every link in every e-mail needs one. */
const purposeKeys = new WeakMap<Buffer, Map<string, Buffer>>();

/**
 * The personal token of an invitation link: 32 bytes that only someone holding the secret
 * key can compute from the invitation id, base64url (43 characters). It is never stored;
 * the database keeps its SHA-256 to look the invitation up. Deriving it (instead of drawing
 * it at random) lets the notifier rebuild the link for the e-mail and lets a repeated
 * close answer the same link, without the token ever being in Redis or the database.
 */
export function invitationToken(secretKey: Buffer, invitationId: string): string {
  return createHmac('sha256', purposeKey(secretKey, 'invitation-token')).update(invitationId).digest('base64url');
}

export function tokenHash(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** 32 bytes in base64url without padding. Anything else is not a token of ours. */
export function isWellFormedToken(value: string): boolean {
  return /^[A-Za-z0-9_-]{43}$/u.test(value);
}

/** A login link's token: like an invitation's, derived from the link id under its own purpose. */
export function loginToken(secretKey: Buffer, loginLinkId: string): string {
  return createHmac('sha256', purposeKey(secretKey, 'login-token')).update(loginLinkId).digest('base64url');
}

/** The purpose of the signed "I am on it" links in alert e-mails. */
export const ACKNOWLEDGE_PURPOSE = 'alert-ack';


/** `value.signature`, so that a link can carry an id that nobody without the key can make up. */
export function signValue(secretKey: Buffer, purpose: string, value: string): string {
  return `${value}.${createHmac('sha256', purposeKey(secretKey, purpose)).update(value).digest('base64url')}`;
}

/** The value of a `value.signature` made by `signValue` for this purpose, or undefined. */
export function verifySignedValue(secretKey: Buffer, purpose: string, signed: string): string | undefined {
  const dot = signed.lastIndexOf('.');
  if (dot <= 0) return undefined;
  const value = signed.slice(0, dot);
  const expected = Buffer.from(signValue(secretKey, purpose, value).slice(dot + 1));
  const given = Buffer.from(signed.slice(dot + 1));
  return given.length === expected.length && timingSafeEqual(given, expected) ? value : undefined;
}

/**
 * The purpose of the signed unsubscribe links in digests. They sign `employeeId.version`:
 * the version of the subscription the link was made for, so that the link stops working
 * when the subscription changes. (A purpose of its own: an id ending in `.<digits>` signed
 * by the unversioned links of before could otherwise pass for an id and a version.)
 */
export const DIGEST_UNSUBSCRIBE_PURPOSE = 'digest-unsubscribe-version';

/** The purpose of the unsubscribe links made before subscriptions had versions: they count as expired. */
export const UNVERSIONED_DIGEST_UNSUBSCRIBE_PURPOSE = 'digest-unsubscribe';

/** The token of a digest's unsubscribe link (`/digest/unsubscribe/{token}`). */
export function digestUnsubscribeToken(secretKey: Buffer, employeeId: string, subscriptionVersion: number): string {
  return signValue(secretKey, DIGEST_UNSUBSCRIBE_PURPOSE, `${employeeId}.${subscriptionVersion}`);
}

export type DigestUnsubscribeLink = { employeeId: string; subscriptionVersion: number } | 'unversioned';

/**
 * What an unsubscribe token was signed for, `'unversioned'` for a genuine link from before
 * versions (expired), or undefined for anything we did not sign. The value is checked only
 * for its shape here; whether the employee exists is the database's answer.
 */
export function readDigestUnsubscribeToken(secretKey: Buffer, token: string): DigestUnsubscribeLink | undefined {
  const value = verifySignedValue(secretKey, DIGEST_UNSUBSCRIBE_PURPOSE, token);
  if (value === undefined) return verifySignedValue(secretKey, UNVERSIONED_DIGEST_UNSUBSCRIBE_PURPOSE, token) === undefined ? undefined : 'unversioned';
  const dot = value.lastIndexOf('.');
  const version = value.slice(dot + 1);
  if (dot <= 0 || !/^\d{1,9}$/u.test(version)) return undefined;
  return { employeeId: value.slice(0, dot), subscriptionVersion: Number(version) };
}
