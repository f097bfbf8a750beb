/**
 * A browser without a page, over real HTTP: fetch with a cookie jar (cookies per host and
 * path, as a browser keeps them, whatever the port), following redirects one hop at a time
 * across origins, so a test can watch each hop of a sign-in and stop at any of them.
 */

interface StoredCookie {
  name: string;
  value: string;
  host: string;
  path: string;
  expiresAt: number | undefined;
}

export interface Hop {
  url: string;
  response: Response;
}

function parseSetCookie(header: string, url: URL): { cookie: StoredCookie; expired: boolean } {
  const [pair = '', ...attributes] = header.split(';').map((part) => part.trim());
  const equals = pair.indexOf('=');
  const cookie: StoredCookie = {
    name: pair.slice(0, equals),
    value: pair.slice(equals + 1),
    host: url.hostname,
    // RFC 6265 5.1.4: without a Path, the request path up to its last slash.
    path: url.pathname.slice(0, Math.max(1, url.pathname.lastIndexOf('/'))),
    expiresAt: undefined,
  };
  for (const attribute of attributes) {
    const [name = '', value = ''] = attribute.split('=');
    const lower = name.toLowerCase();
    if (lower === 'path' && value.startsWith('/')) cookie.path = value;
    else if (lower === 'max-age') cookie.expiresAt = Date.now() + Number(value) * 1000;
    else if (lower === 'expires' && cookie.expiresAt === undefined) cookie.expiresAt = Date.parse(value);
  }
  return { cookie, expired: cookie.expiresAt !== undefined && cookie.expiresAt <= Date.now() };
}

function pathMatches(cookiePath: string, requestPath: string): boolean {
  return requestPath === cookiePath || requestPath.startsWith(cookiePath.endsWith('/') ? cookiePath : `${cookiePath}/`);
}

export class WebClient {
  private jar: StoredCookie[] = [];

  /** The value of a cookie this client holds for `url`'s host. */
  cookie(url: string, name: string): string | undefined {
    const { hostname } = new URL(url);
    return this.jar.find((cookie) => cookie.host === hostname && cookie.name === name)?.value;
  }

  /** Sets a cookie by hand, as a copied cookie would be. */
  setCookie(url: string, name: string, value: string): void {
    const { hostname } = new URL(url);
    this.jar = this.jar.filter((cookie) => !(cookie.host === hostname && cookie.name === name));
    this.jar.push({ name, value, host: hostname, path: '/', expiresAt: undefined });
  }

  /** One request, no redirect followed; its cookies are kept. */
  async request(url: string, init: { method?: string; body?: URLSearchParams } = {}): Promise<Response> {
    const target = new URL(url);
    const now = Date.now();
    const cookies = this.jar.filter((cookie) => cookie.host === target.hostname && pathMatches(cookie.path, target.pathname) && (cookie.expiresAt ?? Infinity) > now);
    const response = await fetch(target, {
      method: init.method ?? 'GET',
      body: init.body,
      redirect: 'manual',
      headers: cookies.length ? { cookie: cookies.map((cookie) => `${cookie.name}=${cookie.value}`).join('; ') } : {},
    });
    for (const header of response.headers.getSetCookie()) {
      const { cookie, expired } = parseSetCookie(header, target);
      this.jar = this.jar.filter((kept) => !(kept.host === cookie.host && kept.path === cookie.path && kept.name === cookie.name));
      if (!expired) this.jar.push(cookie);
    }
    return response;
  }

  /**
   * GETs `url` and follows its redirects, each a GET, until an answer that is no redirect, or
   * until `stopAt` says a URL the redirects lead to is not to be opened (`stoppedAt`).
   * Returns every hop; the bodies of redirects are read and dropped.
   */
  async follow(url: string, { stopAt }: { stopAt?: (url: URL) => boolean } = {}): Promise<{ hops: Hop[]; last: Hop; stoppedAt?: URL }> {
    const hops: Hop[] = [];
    let next = url;
    for (let hop = 0; hop < 20; hop += 1) {
      const last = hops.at(-1);
      if (last && stopAt?.(new URL(next))) return { hops, last, stoppedAt: new URL(next) };
      const response = await this.request(next);
      hops.push({ url: next, response });
      const location = response.headers.get('location');
      if (response.status < 300 || response.status >= 400 || location === null) return { hops, last: { url: next, response } };
      await response.arrayBuffer();
      next = new URL(location, next).href;
    }
    throw new Error(`more than 20 redirects from ${url}`);
  }
}
