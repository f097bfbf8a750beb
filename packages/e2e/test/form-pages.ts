import type { IngestServer } from '@ambassador/ingest/app';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { authorized } from './pipeline.ts';

/** What the browser tests of the client's form share: the screens, a Dutch page, the link to open. */

export const phone: BrowserContextOptions = { viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
export const narrowest: BrowserContextOptions = { viewport: { width: 320, height: 640 }, isMobile: true, hasTouch: true };
export const desktop: BrowserContextOptions = { viewport: { width: 1280, height: 800 } };

/** A page in a fresh context of a Dutch-speaking browser. */
export async function newPage(browser: Browser | undefined, options: BrowserContextOptions): Promise<Page> {
  if (!browser) throw new Error('no browser');
  const context = await browser.newContext({ ...options, locale: 'nl-NL' });
  return context.newPage();
}

// Code run inside the page is given as text: this project's TypeScript knows Node, not the DOM.
export async function hasNoHorizontalScroll(page: Page): Promise<boolean> {
  return page.evaluate<boolean>('document.documentElement.scrollWidth <= window.innerWidth');
}

/** The address ingest serves on over HTTP (listening on a free port first, when it is not yet). */
export async function servedAt(app: IngestServer): Promise<string> {
  if (!app.server.listening) await app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = app.server.address() as AddressInfo;
  return `http://127.0.0.1:${port}`;
}

/** Serves ingest over HTTP, closes project P-100, and returns the personal link there. */
export async function openInvitation(app: IngestServer): Promise<string> {
  const origin = await servedAt(app);
  const closed = await app.inject({ method: 'POST', url: '/api/v1/projects/P-100/close', headers: authorized });
  const { pathname } = new URL(closed.json<{ invitation: { url: string } }>().invitation.url);
  return `${origin}${pathname}`;
}
