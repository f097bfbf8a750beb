import type { Locale } from '@ambassador/domain/vocabulary';
import { html, type SafeHtml } from '@ambassador/html/template';
import { managementRoutes } from '@ambassador/links/links';
import { messages } from './messages.ts';

/**
 * Company sign-in on the login page, and the page that says why a sign-in was refused. The
 * button is a link: the start is a GET that only hands the browser its sealed cookie and
 * redirects to the provider, and a form's redirect to another origin would break the page's
 * CSP (`form-action 'self'`).
 */
export function companySignInButton(locale: Locale, label: string | undefined): SafeHtml {
  const m = messages[locale].companySignIn;
  return html`<div class="panel">
<p><a class="primary" href="${managementRoutes.companySignIn}">${label ?? m.button}</a></p>
<p>${m.orByEmail}</p>
</div>`;
}

export type SignInRefusal =
  /** No sign-in in progress in this browser, a state that is not its own, or one over 10 minutes old. */
  | 'expired'
  /** The provider answered with an error (`access_denied`: refused, or cancelled). */
  | 'denied'
  /** No `email` claim, or one not verified (and OIDC_TRUST_EMAIL not set). */
  | 'unverified'
  /** A verified address that is no employee's and not in ADMIN_EMAILS. */
  | 'unknown'
  /** The provider could not be reached, or its answer did not pass openid-client's checks. */
  | 'failed';

export const refusalStatus: Record<SignInRefusal, number> = { expired: 400, denied: 403, unverified: 403, unknown: 403, failed: 502 };

export function refusalPage(locale: Locale, refusal: SignInRefusal, email?: string): { title: string; body: SafeHtml } {
  const m = messages[locale].companySignIn;
  const reason = refusal === 'unknown' && email !== undefined ? html`${m.unknownAs} <strong>${email}</strong>. ${m.unknown}` : html`${m[refusal]}`;
  return {
    title: m.refusedTitle,
    body: html`<h1>${m.refusedTitle}</h1>
<div class="panel">
<p>${reason}</p>
<p><a href="/login">${m.back}</a></p>
</div>`,
  };
}
