import { ACKNOWLEDGE_PURPOSE, digestUnsubscribeToken, invitationToken, loginToken, signValue } from '@ambassador/domain/tokens';

/**
 * Every link a message carries, and the route it points at, in one place: the services
 * register these patterns and the renderers fill them in, so a renamed route is renamed for
 * both (and a test that follows each link from a message notices a route that went missing).
 */

/** Routes of the management module (MANAGEMENT_BASE_URL) that messages link to. */
export const managementRoutes = {
  response: '/responses/:id',
  register: '/register',
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

/** A route pattern with its `:name` parameters filled in (each encoded as a path segment). */
export function pathTo(pattern: string, parameters: Readonly<Record<string, string>> = {}): string {
  return pattern.replace(/:([A-Za-z]+)/gu, (_match, name: string) => {
    const value = parameters[name];
    if (value === undefined) throw new Error(`no value for :${name} in ${pattern}`);
    return encodeURIComponent(value);
  });
}

export interface LinkSettings {
  managementBaseUrl: string;
  publicBaseUrl: string;
  secretKey: Buffer;
}

export interface Links {
  /** A response in the management module. */
  response: (responseId: string) => string;
  register: () => string;
  /** The one-time login link of a login link id. */
  login: (loginLinkId: string) => string;
  /** The signed "I am on it" link of an alert. */
  acknowledge: (alertId: string) => string;
  /** The signed link that stops the weekly digest for an employee, while their subscription is at this version. */
  digestUnsubscribe: (employeeId: string, subscriptionVersion: number) => string;
  /** The personal link of an invitation: the client's form. */
  form: (invitationId: string) => string;
}

export function createLinks({ managementBaseUrl, publicBaseUrl, secretKey }: LinkSettings): Links {
  const management = (pattern: string, parameters?: Record<string, string>) => `${managementBaseUrl}${pathTo(pattern, parameters)}`;
  return {
    response: (responseId) => management(managementRoutes.response, { id: responseId }),
    register: () => management(managementRoutes.register),
    login: (loginLinkId) => management(managementRoutes.login, { token: loginToken(secretKey, loginLinkId) }),
    acknowledge: (alertId) => management(managementRoutes.acknowledge, { token: signValue(secretKey, ACKNOWLEDGE_PURPOSE, alertId) }),
    digestUnsubscribe: (employeeId, subscriptionVersion) =>
      management(managementRoutes.digestUnsubscribe, { token: digestUnsubscribeToken(secretKey, employeeId, subscriptionVersion) }),
    form: (invitationId) => `${publicBaseUrl}${formRoutes.prefix}${pathTo(formRoutes.form, { token: invitationToken(secretKey, invitationId) })}`,
  };
}
