import { ACKNOWLEDGE_PURPOSE, digestUnsubscribeToken, invitationToken, loginToken, signValue } from '@ambassador/domain/tokens';
import type { Satisfaction } from '@ambassador/domain/vocabulary';

/**
 * Every link a message carries, and the route it points at, in one place: the services
 * register these patterns and the renderers fill them in, so a renamed route is renamed for
 * both (and a test that follows each link from a message notices a route that went missing).
 */

/** Routes of the management module (MANAGEMENT_BASE_URL) that messages link to. */
export const managementRoutes = {
  response: '/responses/:id',
  /** The same response by a short code, for an SMS (`responseShortCode`); redirects to `response`. */
  shortResponse: '/r/:code',
  register: '/register',
  /** One client organisation: its projects, contacts, answers and open follow-ups. */
  client: '/clients/:id',
  /** The firm's destinations (admins), and one of them with its delivery log. */
  destinations: '/destinations',
  destination: '/destinations/:id',
  /** The signed-in employee's own settings (phone, alert channels). */
  settings: '/settings',
  login: '/login/:token',
  /** Company sign-in: the start, and the redirect URI registered with the identity provider. */
  companySignIn: '/login/oidc',
  companySignInCallback: '/login/oidc/callback',
  acknowledge: '/ack/:token',
  acknowledged: '/ack/:token/done',
  digestUnsubscribe: '/digest/unsubscribe/:token',
  digestUnsubscribed: '/digest/unsubscribe/:token/done',
} as const;

/** Routes of the client's form (PUBLIC_BASE_URL): the form's pages live under `prefix`. */
export const formRoutes = {
  prefix: '/s',
  form: '/:token',
  thanks: '/:token/thanks',
} as const;

/**
 * The query parameter of the form that preselects the first answer (`?satisfaction=tevreden`):
 * the answer buttons in the invitation e-mail carry it. It only preselects; nothing is stored
 * until the client sends the form.
 */
export const formAnswerParameter = 'satisfaction';

/** A route pattern with its `:name` parameters filled in (each encoded as a path segment). */
export function pathTo(pattern: string, parameters: Readonly<Record<string, string>> = {}): string {
  return pattern.replace(/:([A-Za-z]+)/gu, (_match, name: string) => {
    const value = parameters[name];
    if (value === undefined) throw new Error(`no value for :${name} in ${pattern}`);
    return encodeURIComponent(value);
  });
}

/**
 * A response id (a UUID, 36 characters) as 22 characters: its 16 bytes in base64url. Not a
 * secret, and no shortcut past the sign-in: it names the response as the long link does.
 */
export function responseShortCode(responseId: string): string {
  return Buffer.from(responseId.replaceAll('-', ''), 'hex').toString('base64url');
}

/** The response id of a short code; undefined when it is not one. */
export function responseIdOfShortCode(code: string): string | undefined {
  if (!/^[A-Za-z0-9_-]{22}$/u.test(code)) return undefined;
  const hex = Buffer.from(code, 'base64url').toString('hex');
  if (responseShortCode(hex) !== code) return undefined;
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface LinkSettings {
  managementBaseUrl: string;
  publicBaseUrl: string;
  secretKey: Buffer;
}

export interface Links {
  /** A response in the management module. */
  response: (responseId: string) => string;
  /** The same, short enough for an SMS. */
  shortResponse: (responseId: string) => string;
  register: () => string;
  /** The one-time login link of a login link id. */
  login: (loginLinkId: string) => string;
  /** The signed "I am on it" link of an alert. */
  acknowledge: (alertId: string) => string;
  /** The signed link that stops the weekly digest for an employee, while their subscription is at this version. */
  digestUnsubscribe: (employeeId: string, subscriptionVersion: number) => string;
  /** The personal link of an invitation: the client's form. */
  form: (invitationId: string) => string;
  /** The same form with the first question answered: an answer button in the invitation e-mail. */
  formWithAnswer: (invitationId: string, satisfaction: Satisfaction) => string;
}

export function createLinks({ managementBaseUrl, publicBaseUrl, secretKey }: LinkSettings): Links {
  const management = (pattern: string, parameters?: Record<string, string>) => `${managementBaseUrl}${pathTo(pattern, parameters)}`;
  const form = (invitationId: string) =>
    `${publicBaseUrl}${formRoutes.prefix}${pathTo(formRoutes.form, { token: invitationToken(secretKey, invitationId) })}`;
  return {
    response: (responseId) => management(managementRoutes.response, { id: responseId }),
    shortResponse: (responseId) => management(managementRoutes.shortResponse, { code: responseShortCode(responseId) }),
    register: () => management(managementRoutes.register),
    login: (loginLinkId) => management(managementRoutes.login, { token: loginToken(secretKey, loginLinkId) }),
    acknowledge: (alertId) => management(managementRoutes.acknowledge, { token: signValue(secretKey, ACKNOWLEDGE_PURPOSE, alertId) }),
    digestUnsubscribe: (employeeId, subscriptionVersion) =>
      management(managementRoutes.digestUnsubscribe, { token: digestUnsubscribeToken(secretKey, employeeId, subscriptionVersion) }),
    form,
    formWithAnswer: (invitationId, satisfaction) => `${form(invitationId)}?${new URLSearchParams({ [formAnswerParameter]: satisfaction }).toString()}`,
  };
}
