import { recordAuditEvent } from '@ambassador/db/audit';
import { type DigestSubscription, findDigestSubscription, optOutOfDigest } from '@ambassador/db/digests';
import { integratorId } from '@ambassador/domain/inputs';
import { readDigestUnsubscribeToken } from '@ambassador/domain/tokens';
import { defaultLocale, type Locale } from '@ambassador/domain/vocabulary';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ManagementDependencies } from '../dependencies.ts';
import { emailLinkPost } from '../plugins/email-links.ts';
import { sendErrorPage, sendPage } from '../plugins/pages.ts';
import { type SpentReason, spentLinkPage, unsubscribedPage, unsubscribePage } from '../views/link-pages.ts';
import { managementRoutes, pathTo } from '@ambassador/links/links';

interface Params extends Record<string, string> {
  token: string;
}

type LinkState =
  | { usable: true; employeeId: string; subscriptionVersion: number; subscription: DigestSubscription }
  | { usable: false; reason: SpentReason; locale: Locale };

/** RFC 8058: the body a mail provider's unsubscribe button POSTs, from its own servers. */
function isOneClick(request: FastifyRequest): boolean {
  return (request.body as Record<string, unknown> | undefined)?.['List-Unsubscribe'] === 'One-Click';
}

/**
 * The unsubscribe link of the weekly digest, `/digest/unsubscribe/{employeeId}.{version}.{signature}`,
 * also its `List-Unsubscribe` header: no login needed. Opening it shows a page with one
 * button, whose POST stops the digest. A mail provider's one-click unsubscribe (RFC 8058,
 * `List-Unsubscribe-Post`) POSTs to it directly, from anywhere: its signature is its only
 * check. The link was made for one version of the employee's subscription and stops working
 * when that changes (they unsubscribed, or were subscribed again).
 */
export default async function digestRoutes(app: FastifyInstance, dependencies: ManagementDependencies): Promise<void> {
  const { db, clock } = dependencies;

  // Mail providers post the one-click body urlencoded or as multipart/form-data (only here).
  app.addContentTypeParser('multipart/form-data', { parseAs: 'buffer', bodyLimit: 4096 }, async (request: FastifyRequest, body: Buffer) => {
    try {
      const parsed = new Response(new Uint8Array(body), { headers: { 'content-type': request.headers['content-type'] ?? '' } });
      // Deprecated for uploads, which it holds in memory whole: this body is at most 4 KiB.
      // eslint-disable-next-line @typescript-eslint/no-deprecated
      const form = await parsed.formData();
      return Object.fromEntries(form);
    } catch (error) {
      throw Object.assign(new Error('malformed multipart body', { cause: error }), { statusCode: 400 });
    }
  });

  /** What a token's link can do now; undefined for anything we did not sign. */
  async function stateOf(token: string): Promise<LinkState | undefined> {
    const signed = readDigestUnsubscribeToken(dependencies.secretKey, token);
    if (signed === undefined) return undefined;
    // A link from before subscriptions had versions has expired.
    if (signed === 'unversioned') return { usable: false, reason: 'expired', locale: defaultLocale };
    if (!integratorId.safeParse(signed.employeeId).success) return undefined;
    const subscription = await findDigestSubscription(db, signed.employeeId);
    // So has one for an employee since removed.
    if (!subscription) return { usable: false, reason: 'expired', locale: defaultLocale };
    if (subscription.version !== signed.subscriptionVersion) {
      return { usable: false, reason: subscription.optedOut ? 'used' : 'expired', locale: subscription.locale };
    }
    return { usable: true, ...signed, subscription };
  }

  app.get<{ Params: Params }>(managementRoutes.digestUnsubscribe, async (request, reply) => {
    const state = await stateOf(request.params.token);
    if (!state) return sendErrorPage(request, reply, 404);
    if (!state.usable) return sendPage(request, reply, 410, spentLinkPage(state.locale, state.reason));
    const { locale, email } = state.subscription;
    return sendPage(request, reply, 200, unsubscribePage(locale, email, pathTo(managementRoutes.digestUnsubscribe, request.params)));
  });

  app.post<{ Params: Params }>(managementRoutes.digestUnsubscribe, emailLinkPost(dependencies.baseUrl, isOneClick), async (request, reply) => {
    const state = await stateOf(request.params.token);
    if (!state) return sendErrorPage(request, reply, 404);
    if (!state.usable) return sendPage(request, reply, 410, spentLinkPage(state.locale, state.reason));
    const { employeeId, subscriptionVersion, subscription } = state;
    // The change and its audit event (in the employee's name: the link was made for them) commit together.
    const changed = await db.transaction().execute(async (trx) => {
      const employee = await optOutOfDigest(trx, employeeId, subscriptionVersion);
      if (employee) {
        await recordAuditEvent(trx, { at: clock(), actor: { type: 'user', email: employee.email }, action: 'digest.unsubscribed', subjectId: employeeId });
      }
      return employee;
    });
    // The subscription changed in the moment since the look.
    if (!changed) return sendPage(request, reply, 410, spentLinkPage(subscription.locale, 'used'));
    request.log.info({ employeeId, oneClick: isOneClick(request) }, 'digest opt-out from the e-mail link');
    // The mail provider gets its answer at once; a person's browser a page to stay on.
    if (isOneClick(request)) return sendPage(request, reply, 200, unsubscribedPage(changed.locale));
    return reply.redirect(pathTo(managementRoutes.digestUnsubscribed, request.params), 303);
  });

  // Where the POST lands: the confirmation, once the employee is unsubscribed.
  app.get<{ Params: Params }>(managementRoutes.digestUnsubscribed, async (request, reply) => {
    const state = await stateOf(request.params.token);
    if (!state) return sendErrorPage(request, reply, 404);
    // Used: the subscription moved on from the link's version, to unsubscribed.
    if (state.usable || state.reason !== 'used') return reply.redirect(pathTo(managementRoutes.digestUnsubscribe, request.params), 303);
    return sendPage(request, reply, 200, unsubscribedPage(state.locale));
  });
}
