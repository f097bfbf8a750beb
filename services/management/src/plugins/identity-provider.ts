import { emailAddress } from '@ambassador/domain/inputs';
import * as client from 'openid-client';

/**
 * Company sign-in (OpenID Connect) at the firm's identity provider, with `openid-client`: the
 * authorization code flow with PKCE (S256), state and nonce. openid-client checks the state,
 * exchanges the code and validates the ID token (signature, issuer, audience, nonce, expiry).
 */

/** OIDC_* in config.ts: present only when the issuer, client id and secret are all set. */
export interface CompanySignInSettings {
  issuerUrl: URL;
  clientId: string;
  clientSecret: string;
  /** The text of the button on the login page; undefined: the messages' own. */
  buttonLabel: string | undefined;
  /** Take the `email` claim without `email_verified: true` (OIDC_TRUST_EMAIL). */
  trustEmail: boolean;
}

/** What a callback must match: made at the start, kept in the browser's sealed cookie until then. */
export interface SignInChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** What the provider says about the address of the person who signed in. */
export interface EmailClaims {
  email: unknown;
  emailVerified: unknown;
}

/** The provider could not be reached, or answered something openid-client refused. */
export class IdentityProviderError extends Error {
  override name = 'IdentityProviderError';
}

// A provider that does not answer holds one sign-in, not the page, for long.
const REQUEST_TIMEOUT_SECONDS = 10;

export interface IdentityProvider {
  /** Where to send the browser to sign in, and what its callback must match. */
  authorizationRequest(redirectUri: string): Promise<{ url: URL; checks: SignInChecks }>;
  /** The address claims of the person a callback (the redirect URI with its query) is for. */
  emailClaims(callbackUrl: URL, checks: SignInChecks): Promise<EmailClaims>;
}

/** Failures of openid-client (and of the provider behind it), as an IdentityProviderError with a message safe to log. */
async function atProvider<T>(what: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (!(error instanceof Error)) throw error;
    // Only names and codes: a cause can hold the provider's claims, which are personal data.
    const oauthError = 'error' in error && typeof error.error === 'string' ? ` ${error.error}` : '';
    const code = 'code' in error && typeof error.code === 'string' ? ` (${error.code})` : '';
    throw new IdentityProviderError(`${what}: ${error.name}${oauthError}${code}: ${error.message}`);
  }
}

export function identityProvider(settings: CompanySignInSettings): IdentityProvider {
  // Discovered at the first sign-in, not at start: a provider that is down keeps only itself from working.
  let discovered: client.Configuration | undefined;
  const configuration = async (): Promise<client.Configuration> => {
    discovered ??= await atProvider('discovery', () =>
      client.discovery(settings.issuerUrl, settings.clientId, undefined, client.ClientSecretBasic(settings.clientSecret), {
        timeout: REQUEST_TIMEOUT_SECONDS,
        // config.ts takes http only for a provider on this machine or network (deprecated only to stand out).
        // eslint-disable-next-line @typescript-eslint/no-deprecated
        execute: settings.issuerUrl.protocol === 'http:' ? [client.allowInsecureRequests] : [],
      }),
    );
    return discovered;
  };

  return {
    async authorizationRequest(redirectUri) {
      const config = await configuration();
      const checks = { state: client.randomState(), nonce: client.randomNonce(), codeVerifier: client.randomPKCECodeVerifier() };
      const url = client.buildAuthorizationUrl(config, {
        redirect_uri: redirectUri,
        scope: 'openid email profile',
        code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
        code_challenge_method: 'S256',
        state: checks.state,
        nonce: checks.nonce,
      });
      return { url, checks };
    },

    async emailClaims(callbackUrl, checks) {
      const config = await configuration();
      const tokens = await atProvider('code exchange', () =>
        client.authorizationCodeGrant(config, callbackUrl, {
          expectedState: checks.state,
          expectedNonce: checks.nonce,
          pkceCodeVerifier: checks.codeVerifier,
        }),
      );
      // expectedNonce makes openid-client refuse an answer without an ID token.
      const idToken = tokens.claims();
      if (!idToken) throw new IdentityProviderError('code exchange: no ID token');
      if (idToken.email !== undefined) return { email: idToken.email, emailVerified: idToken.email_verified };
      // Claims asked for by scope may come only from UserInfo when an access token is issued (OpenID Connect Core 5.4).
      const userInfo = await atProvider('userinfo', () => client.fetchUserInfo(config, tokens.access_token, idToken.sub));
      return { email: userInfo.email, emailVerified: userInfo.email_verified };
    },
  };
}

/**
 * The address that identifies the person: the `email` claim when `email_verified` is true,
 * or, with `trustEmail`, whenever there is one (Microsoft Entra ID sends no `email_verified`).
 * Lower-cased, as employees' addresses are kept.
 */
export function identifiedEmail(claims: EmailClaims, trustEmail: boolean): string | undefined {
  if (claims.emailVerified !== true && !trustEmail) return undefined;
  const parsed = emailAddress.safeParse(claims.email);
  return parsed.success ? parsed.data : undefined;
}
