import { managementRoutes } from '@ambassador/links/links';
import type { Logger } from '@ambassador/observability/logger';
import type { TestDatabase, TestRedis } from '@ambassador/testing/fixtures';
import { startTestIdentityProvider, type TestIdentityProvider } from '@ambassador/testing/identity-provider';
import { freePort } from '@ambassador/testing/redis-server';
import { buildManagement, type ManagementOptions, type ManagementUnderTest } from './management-app.ts';

export interface CompanySignInUnderTest {
  management: ManagementUnderTest;
  /** The firm's identity provider: a real OpenID provider on a local port. */
  provider: TestIdentityProvider;
  /** Where management listens, its MANAGEMENT_BASE_URL: the provider redirects the browser back here. */
  origin: string;
  close(): Promise<void>;
}

export const TEST_BUTTON_LABEL = 'Inloggen met Testprovider';

/**
 * Management listening on a real port, with company sign-in at a local OpenID provider whose
 * client has `{origin}/login/oidc/callback` as its redirect URI: every hop of a sign-in is
 * real HTTP.
 */
export async function startCompanySignIn(
  infrastructure: { database: TestDatabase; redis: TestRedis; logger: Logger },
  { trustEmail = false, ...options }: Omit<ManagementOptions, 'baseUrl' | 'companySignIn'> & { trustEmail?: boolean } = {},
): Promise<CompanySignInUnderTest> {
  const port = await freePort();
  const origin = `http://127.0.0.1:${port}`;
  const provider = await startTestIdentityProvider({ redirectUri: `${origin}${managementRoutes.companySignInCallback}` });
  let management: ManagementUnderTest | undefined;
  try {
    management = await buildManagement(infrastructure, {
      ...options,
      baseUrl: origin,
      companySignIn: {
        issuerUrl: new URL(provider.issuer),
        clientId: provider.clientId,
        clientSecret: provider.clientSecret,
        buttonLabel: TEST_BUTTON_LABEL,
        trustEmail,
      },
    });
    await management.app.listen({ host: '127.0.0.1', port });
  } catch (error) {
    await management?.close();
    await provider.close();
    throw error;
  }
  return {
    management,
    provider,
    origin,
    async close() {
      await management.close();
      await provider.close();
    },
  };
}
