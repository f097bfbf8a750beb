import { generateKeyPairSync, randomBytes, type JsonWebKey } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Adapter, type AdapterPayload, type JWK } from 'oidc-provider';

/**
 * A real OpenID provider for tests (`oidc-provider`, the certified implementation) on a free
 * local port, with one confidential client (PKCE required) and accounts the test makes up.
 * Signing in at it needs no form: its interaction logs in the account the test named with
 * `signInAs` (as if that person had typed their password), or refuses (`refuseSignIn`), and
 * consent is taken as given, as for a firm's own application.
 */

export interface TestAccount {
  email: string;
  /** Left out: no `email_verified` claim at all, as Microsoft Entra ID sends. */
  emailVerified?: boolean;
  name?: string;
}

export interface TestIdentityProviderOptions {
  /** The client's one registered redirect URI. */
  redirectUri: string;
}

export interface TestIdentityProvider {
  /** The issuer URL, `http://127.0.0.1:{port}`. */
  issuer: string;
  clientId: string;
  clientSecret: string;
  /** From now on, a sign-in at the provider logs in as this account. */
  signInAs(account: TestAccount): void;
  /** From now on, a sign-in at the provider is refused: it redirects back with `error=access_denied`. */
  refuseSignIn(): void;
  close(): Promise<void>;
}

let signingKey: JWK | undefined;

/** One RSA key for every provider of the run: making one takes a while. */
function sharedSigningKey(): JWK {
  signingKey ??= { ...(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' }) satisfies JsonWebKey), use: 'sig' } as JWK;
  return signingKey;
}

/** The provider's storage (grants, codes, sessions, interactions): memory, per provider. */
function memoryAdapter(): (model: string) => Adapter {
  const stored = new Map<string, AdapterPayload>();
  return (model) => {
    const key = (id: string) => `${model}:${id}`;
    return {
      async upsert(id, payload) {
        stored.set(key(id), payload);
      },
      async find(id) {
        return stored.get(key(id));
      },
      async findByUid(uid) {
        return [...stored.entries()].find(([name, payload]) => name.startsWith(`${model}:`) && payload.uid === uid)?.[1];
      },
      async findByUserCode(userCode) {
        return [...stored.entries()].find(([name, payload]) => name.startsWith(`${model}:`) && payload.userCode === userCode)?.[1];
      },
      async consume(id) {
        const payload = stored.get(key(id));
        if (payload) payload.consumed = Math.floor(Date.now() / 1000);
      },
      async destroy(id) {
        stored.delete(key(id));
      },
      async revokeByGrantId(grantId) {
        for (const [name, payload] of stored) if (payload.grantId === grantId) stored.delete(name);
      },
    };
  };
}

export async function startTestIdentityProvider({ redirectUri }: TestIdentityProviderOptions): Promise<TestIdentityProvider> {
  const accounts = new Map<string, TestAccount>();
  let signIn: { accountId: string } | 'refuse' | undefined;

  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientId = 'ambassador';
  const clientSecret = randomBytes(24).toString('base64url');

  const provider = new Provider(issuer, {
    adapter: memoryAdapter(),
    clients: [
      {
        client_id: clientId,
        client_secret: clientSecret,
        redirect_uris: [redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [sharedSigningKey()] },
    cookies: { keys: [randomBytes(24).toString('base64url')] },
    pkce: { required: () => true },
    ttl: { AuthorizationCode: 60, AccessToken: 600, IdToken: 600, Interaction: 600, Session: 3600, Grant: 3600 },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name'] },
    features: { devInteractions: { enabled: false } },
    interactions: { url: (_context, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_context, sub) {
      const account = accounts.get(sub);
      if (!account) return undefined;
      return {
        accountId: sub,
        claims: () => ({
          sub,
          email: account.email,
          ...(account.emailVerified === undefined ? {} : { email_verified: account.emailVerified }),
          name: account.name ?? account.email,
        }),
      };
    },
    // Consent taken as given: a grant of what our client asks for, made when first needed.
    async loadExistingGrant(context) {
      const { client, session, provider: self } = context.oidc;
      if (!client || !session?.accountId) return undefined;
      const existing = session.grantIdFor(client.clientId);
      if (existing) return self.Grant.find(existing);
      const grant = new self.Grant({ clientId: client.clientId, accountId: session.accountId });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });

  // The interaction: no form, the account the test named (or a refusal).
  async function interact(request: IncomingMessage, response: ServerResponse): Promise<void> {
    await provider.interactionDetails(request, response);
    if (signIn === undefined) throw new Error('no account to sign in as: call signInAs first');
    const result =
      signIn === 'refuse' ? { error: 'access_denied', error_description: 'The person refused.' } : { login: { accountId: signIn.accountId } };
    await provider.interactionFinished(request, response, result, { mergeWithLastSubmission: false });
  }

  const answer = provider.callback();
  server.on('request', (request: IncomingMessage, response: ServerResponse) => {
    if (!request.url?.startsWith('/interaction/')) return void answer(request, response);
    interact(request, response).catch((error: unknown) => {
      response.statusCode = 500;
      response.end(String(error));
    });
  });

  return {
    issuer,
    clientId,
    clientSecret,
    signInAs(account) {
      const accountId = `account-${accounts.size + 1}`;
      accounts.set(accountId, account);
      signIn = { accountId };
    },
    refuseSignIn() {
      signIn = 'refuse';
    },
    async close() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
    },
  };
}
