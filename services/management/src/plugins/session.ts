import { createHash, randomBytes } from 'node:crypto';
import { recordAuditEvent } from '@ambassador/db/audit';
import { createSession, deleteSession, findSessionEmail } from '@ambassador/db/login';
import { findViewer, type Scope, scopeOf, type Viewer } from '@ambassador/db/scope';
import type { CookieSerializeOptions } from '@fastify/cookie';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ManagementDependencies } from '../dependencies.ts';

/**
 * Sessions: a random token in an HttpOnly, SameSite=Lax cookie; the database keeps its
 * SHA-256. Served over HTTPS, the cookies are Secure and named `__Host-…`, which a browser
 * only accepts from this host itself, for the whole site: a sibling subdomain cannot plant
 * or overwrite them. The viewer is looked up again on every request, so a changed
 * ADMIN_EMAILS or a removed employee takes effect at once.
 */

declare module 'fastify' {
  interface FastifyRequest {
    viewer: Viewer | null;
  }
}

function hash(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export function secureCookies(dependencies: Pick<ManagementDependencies, 'baseUrl'>): boolean {
  return dependencies.baseUrl.startsWith('https:');
}

/** The name of one of our cookies: `__Host-` in front when they are Secure. */
export function cookieName(dependencies: Pick<ManagementDependencies, 'baseUrl'>, name: 'ambassador_session' | 'ambassador_csrf' | 'ambassador_oidc'): string {
  return secureCookies(dependencies) ? `__Host-${name}` : name;
}

/** What every cookie of ours is set (and cleared) with; `__Host-` needs Secure, Path=/ and no Domain. */
export function cookieOptions(dependencies: Pick<ManagementDependencies, 'baseUrl'>): CookieSerializeOptions {
  return { httpOnly: true, sameSite: 'lax', secure: secureCookies(dependencies), path: '/' };
}

function sessionToken(dependencies: ManagementDependencies, request: FastifyRequest): string | undefined {
  return request.cookies[cookieName(dependencies, 'ambassador_session')];
}

/**
 * Signs a person in, by a login link or at the firm's identity provider alike: the session and
 * the login's audit event commit together, so there is no access without a trail.
 */
export async function signIn(dependencies: ManagementDependencies, reply: FastifyReply, email: string): Promise<void> {
  const token = randomBytes(32).toString('base64url');
  const now = dependencies.clock();
  await dependencies.db.transaction().execute(async (trx) => {
    await recordAuditEvent(trx, { at: now, actor: { type: 'user', email }, action: 'login' });
    await createSession(trx, { email, tokenHash: hash(token), now, validHours: dependencies.sessionHours });
  });
  reply.setCookie(cookieName(dependencies, 'ambassador_session'), token, { ...cookieOptions(dependencies), maxAge: dependencies.sessionHours * 3600 });
}

export async function closeSession(dependencies: ManagementDependencies, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const token = sessionToken(dependencies, request);
  if (token) await deleteSession(dependencies.db, hash(token));
  reply.clearCookie(cookieName(dependencies, 'ambassador_session'), cookieOptions(dependencies));
}

/**
 * What binds a CSRF token to the session it was made in: the hash of the session cookie, or
 * `no-session` without one (the login form; the CSRF library refuses an empty binding). A
 * token from one session is refused in another, even in the same browser with the same CSRF
 * cookie.
 */
export function sessionBinding(dependencies: ManagementDependencies, request: FastifyRequest): string {
  const token = sessionToken(dependencies, request);
  return token ? hash(token).toString('base64url') : 'no-session';
}

/** The logged-in viewer of a request, if its session cookie is valid. */
export async function viewerOf(dependencies: ManagementDependencies, request: FastifyRequest): Promise<Viewer | undefined> {
  const token = sessionToken(dependencies, request);
  if (!token) return undefined;
  const email = await findSessionEmail(dependencies.db, hash(token), dependencies.clock());
  return email ? findViewer(dependencies.db, email, dependencies.adminEmails) : undefined;
}

/** The viewer of a request that passed `requireViewer`. */
export function viewer(request: FastifyRequest): Viewer {
  if (!request.viewer) throw new Error('no viewer: route is not behind requireViewer');
  return request.viewer;
}

export async function scopeOfRequest(dependencies: ManagementDependencies, request: FastifyRequest): Promise<Scope> {
  return scopeOf(dependencies.db, viewer(request));
}
