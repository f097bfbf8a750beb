import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { purposeKey } from '@ambassador/domain/tokens';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ManagementDependencies } from '../dependencies.ts';
import type { SignInChecks } from './identity-provider.ts';
import { cookieName, cookieOptions } from './session.ts';

/**
 * A company sign-in in progress, kept by the browser that started it and nowhere else: its
 * state, nonce and PKCE code verifier in an encrypted cookie (AES-256-GCM under a key of its
 * own, so it can be neither read nor forged), HttpOnly, SameSite=Lax (the provider's redirect
 * back is a top-level GET, which Lax lets through), `__Host-` over https like the session
 * cookie. It lasts 10 minutes and is cleared by the callback whatever happens: one use.
 */

const ATTEMPT_MINUTES = 10;
const IV_BYTES = 12;
const TAG_BYTES = 16;

const attempt = z.object({ state: z.string(), nonce: z.string(), codeVerifier: z.string(), expiresAt: z.number() });

type Dependencies = Pick<ManagementDependencies, 'baseUrl' | 'secretKey' | 'clock'>;

function key(dependencies: Dependencies): Buffer {
  return purposeKey(dependencies.secretKey, 'company-sign-in-attempt');
}

function seal(dependencies: Dependencies, value: z.input<typeof attempt>): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key(dependencies), iv);
  const sealed = Buffer.concat([cipher.update(JSON.stringify(value), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, sealed, cipher.getAuthTag()]).toString('base64url');
}

/** The value a cookie of ours was sealed with, or undefined for anything else (altered, or sealed under another key). */
function unseal(dependencies: Dependencies, cookie: string): z.output<typeof attempt> | undefined {
  const bytes = Buffer.from(cookie, 'base64url');
  if (bytes.length <= IV_BYTES + TAG_BYTES) return undefined;
  const decipher = createDecipheriv('aes-256-gcm', key(dependencies), bytes.subarray(0, IV_BYTES));
  decipher.setAuthTag(bytes.subarray(bytes.length - TAG_BYTES));
  let plain: string;
  try {
    plain = Buffer.concat([decipher.update(bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    // final() throws when the authentication tag does not match: not a cookie we sealed.
    return undefined;
  }
  const parsed = attempt.safeParse(JSON.parse(plain));
  return parsed.success ? parsed.data : undefined;
}

/** Hands the browser the checks of the sign-in it is starting. */
export function keepSignInAttempt(dependencies: Dependencies, reply: FastifyReply, checks: SignInChecks): void {
  const expiresAt = dependencies.clock().getTime() + ATTEMPT_MINUTES * 60_000;
  reply.setCookie(cookieName(dependencies, 'ambassador_oidc'), seal(dependencies, { ...checks, expiresAt }), {
    ...cookieOptions(dependencies),
    maxAge: ATTEMPT_MINUTES * 60,
  });
}

/** The checks of the sign-in this browser started, unless it has expired; the cookie is cleared either way. */
export function takeSignInAttempt(dependencies: Dependencies, request: FastifyRequest, reply: FastifyReply): SignInChecks | undefined {
  const name = cookieName(dependencies, 'ambassador_oidc');
  const cookie = request.cookies[name];
  if (cookie === undefined) return undefined;
  reply.clearCookie(name, cookieOptions(dependencies));
  const kept = unseal(dependencies, cookie);
  if (!kept || kept.expiresAt <= dependencies.clock().getTime()) return undefined;
  return { state: kept.state, nonce: kept.nonce, codeVerifier: kept.codeVerifier };
}
