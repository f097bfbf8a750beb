import { createHash, randomBytes } from 'node:crypto';
import { createSession, deleteSession, findSessionEmail } from '@ambassador/db/login';
import { findViewer, type Scope, scopeOf, type Viewer } from '@ambassador/db/scope';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ManagementDependencies } from '../dependencies.ts';

/**
 * Sessions: a random token in an HttpOnly, SameSite=Lax cookie (Secure when the module is
 * served over HTTPS); the database keeps its SHA-256. The viewer is looked up again on every
 * request, so a changed ADMIN_EMAILS or a removed employee takes effect at once.
 */

export const SESSION_COOKIE = 'ambassador_session';

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

export async function openSession(dependencies: ManagementDependencies, reply: FastifyReply, email: string): Promise<void> {
  const token = randomBytes(32).toString('base64url');
  await createSession(dependencies.db, { email, tokenHash: hash(token), now: dependencies.clock(), validHours: dependencies.sessionHours });
  reply.setCookie(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: 'lax',
    secure: secureCookies(dependencies),
    path: '/',
    maxAge: dependencies.sessionHours * 3600,
  });
}

export async function closeSession(dependencies: ManagementDependencies, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const token = request.cookies[SESSION_COOKIE];
  if (token) await deleteSession(dependencies.db, hash(token));
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** The logged-in viewer of a request, if its session cookie is valid. */
export async function viewerOf(dependencies: ManagementDependencies, request: FastifyRequest): Promise<Viewer | undefined> {
  const token = request.cookies[SESSION_COOKIE];
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
