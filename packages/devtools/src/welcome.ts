/**
 * Where each page of a running system is, said once it answers: by `pnpm start`, and by the
 * compose file's `welcome` service.
 */

export interface Places {
  /** The client's form and the API (PUBLIC_BASE_URL). */
  publicBaseUrl: string;
  /** The management module (MANAGEMENT_BASE_URL). */
  managementBaseUrl: string;
  /** Where the e-mails can be read. */
  inboxUrl: string;
  /** The first of ADMIN_EMAILS, who can sign in and see everything. */
  adminEmail?: string;
}

export function welcomeLines({ publicBaseUrl, managementBaseUrl, inboxUrl, adminEmail }: Places): string[] {
  return [
    'Ambassador is running:',
    `  the client's form and the API  ${publicBaseUrl}  (API: ${publicBaseUrl}/api/v1, its reference: ${publicBaseUrl}/docs)`,
    `  the management module          ${managementBaseUrl}/login${adminEmail ? `  (sign in as ${adminEmail}: the link arrives in the inbox)` : '  (set ADMIN_EMAILS to sign in as an admin)'}`,
    `  the e-mails                    ${inboxUrl}`,
  ];
}

/** Resolves once each URL answers (any HTTP status), asking every `intervalMs`. */
export async function whenUp(urls: readonly string[], { intervalMs = 250 }: { intervalMs?: number } = {}): Promise<void> {
  for (const url of urls) {
    for (;;) {
      try {
        await fetch(url, { signal: AbortSignal.timeout(2000) });
        break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, intervalMs));
      }
    }
  }
}
