import type { Viewer } from '@ambassador/db/scope';
import type { Group, Locale } from '@ambassador/domain/vocabulary';
import { groupSigns } from '@ambassador/domain/vocabulary';
import { html, type SafeHtml, trustedHtml } from '@ambassador/html/template';
import { managementRoutes } from '@ambassador/links/links';
import { messages } from './messages.ts';

// One inline style sheet: no external resources. Text keeps 4.5:1 against its background,
// control borders 3:1; the + and − badges carry their sign, not only their colour.
const STYLE = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;line-height:1.5;color:#1f2328;background:#f6f7f9}
a{color:#0b57d0}
.skip{position:absolute;left:-999px}.skip:focus{left:1rem;top:1rem;background:#fff;padding:.5rem;z-index:1}
header.bar{background:#1f2328;color:#fff}
header.bar .inner{display:flex;flex-wrap:wrap;gap:1rem;align-items:center;max-width:72rem;margin:0 auto;padding:.75rem 1rem}
header.bar .brand{font-weight:700;margin-right:auto;color:#fff;text-decoration:none}
header.bar nav{order:3;flex-basis:100%;display:flex;flex-wrap:wrap;column-gap:1.25rem;row-gap:.25rem}
header.bar nav a{color:#fff}
header.bar nav a[aria-current="page"]{font-weight:700;text-decoration-thickness:3px}
header.bar form{display:inline;margin:0}
header.bar button{font:inherit;color:#fff;background:none;border:1px solid #8c959f;border-radius:.375rem;padding:.25rem .75rem;cursor:pointer}
header.bar .who{color:#d0d7de;font-size:.875rem}
main{display:block;max-width:72rem;margin:0 auto;padding:1rem 1rem 3rem}
h1{font-size:1.6rem;line-height:1.25;margin:1rem 0 .5rem}
h2{font-size:1.2rem;margin:2rem 0 .5rem}
.lead{color:#424a53;margin-top:0}
.filters{display:flex;flex-wrap:wrap;gap:.75rem 1rem;align-items:flex-end;background:#fff;border:1px solid #d0d7de;border-radius:.5rem;padding:1rem;margin:1rem 0}
.filters fieldset{border:0;margin:0;padding:0;display:contents}
.filters legend{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
label{display:block;font-weight:600;font-size:.9rem}
input,select,textarea,button{font:inherit}
input,select,textarea{display:block;margin-top:.25rem;padding:.4rem .5rem;color:inherit;background:#fff;border:1px solid #6e7781;border-radius:.375rem;max-width:100%}
textarea{width:100%;min-height:6rem}
button.primary,a.primary{padding:.5rem 1rem;color:#fff;background:#1f5fad;border:0;border-radius:.375rem;font-weight:700;cursor:pointer}
a.primary{display:inline-block;text-decoration:none}
:focus-visible{outline:3px solid #1f2328;outline-offset:2px}
header.bar :focus-visible{outline-color:#fff}
.tabs{display:flex;flex-wrap:wrap;gap:.5rem;margin:1rem 0;padding:0;list-style:none}
.tabs a{display:block;padding:.5rem 1rem;border:2px solid #6e7781;border-radius:.5rem;background:#fff;text-decoration:none;color:#1f2328;font-weight:600}
.tabs a[aria-current="page"]{border-color:#1f2328;background:#1f2328;color:#fff}
.table-wrap{overflow-x:auto;background:#fff;border:1px solid #d0d7de;border-radius:.5rem}
table{border-collapse:collapse;width:100%}
caption{text-align:left;padding:.75rem 1rem;font-weight:700}
th,td{text-align:left;padding:.5rem 1rem;border-top:1px solid #d0d7de;vertical-align:top}
thead th{background:#f6f8fa;font-size:.875rem}
.badge{display:inline-block;min-width:1.75rem;padding:0 .5rem;border-radius:1rem;font-weight:700;text-align:center;color:#fff}
.badge.positive{background:#1a7f37}.badge.negative{background:#b42318}.badge.neutral{background:#57606a}
.hot{display:inline-block;margin-left:.5rem;padding:0 .5rem;border:1px solid #9a6700;border-radius:1rem;color:#7d4e00;font-size:.8rem;font-weight:700}
dl.facts{display:grid;grid-template-columns:minmax(9rem,max-content) 1fr;gap:.25rem 1rem;background:#fff;border:1px solid #d0d7de;border-radius:.5rem;padding:1rem;margin:0}
dl.facts dt{font-weight:600}dl.facts dd{margin:0;white-space:pre-wrap}
ol.timeline{list-style:none;margin:0;padding:0}
ol.timeline li{background:#fff;border:1px solid #d0d7de;border-left:4px solid #1f5fad;border-radius:.375rem;padding:.5rem 1rem;margin:.5rem 0}
ol.answers{list-style:none;margin:0;padding:0}ol.answers li{margin:.125rem 0}
.muted{color:#57606a}
.panel{background:#fff;border:1px solid #d0d7de;border-radius:.5rem;padding:1rem;margin:1rem 0;max-width:40rem}
.panel h2{margin-top:0}
.notice{border-left:4px solid #1a7f37;background:#fff;padding:.75rem 1rem;margin:1rem 0}
.error{color:#b42318;font-weight:700}
.error-summary{border:2px solid #b42318;border-radius:.5rem;background:#fff;padding:.75rem 1rem;margin:1rem 0;max-width:40rem}
.error-summary h2{margin:0 0 .5rem;font-size:1.1rem}.error-summary a{color:#b42318;font-weight:700}
.hint{margin:.25rem 0 0;color:#57606a;font-size:.9rem}
.field{margin:.75rem 0}
.actions{display:flex;flex-wrap:wrap;gap:1rem;align-items:center}
button.danger{background:#b42318}
ul.tree,ul.tree ul{list-style:none;margin:0;padding-left:1.5rem;border-left:2px solid #d0d7de}
ul.tree{background:#fff;border:1px solid #d0d7de;border-radius:.5rem;padding:1rem 1rem 1rem 1.5rem}
ul.tree li{margin:.25rem 0}
ul.counts{display:flex;flex-wrap:wrap;gap:.5rem 1.5rem;list-style:none;padding:0;margin:1rem 0;font-size:1.1rem}
.action{font-weight:700}.action.refused{color:#b42318}.action.create{color:#1a7f37}
ul.reasons{margin:0;padding-left:1rem}
code{background:#eaeef2;padding:0 .25rem;border-radius:.25rem;overflow-wrap:anywhere}
fieldset{border:0;margin:1.25rem 0 0;padding:0}legend{font-weight:600;font-size:.9rem;padding:0}
.check{display:flex;gap:.5rem;align-items:center;margin:.5rem 0}.check input{margin:0;width:1.25rem;height:1.25rem}.check label{font-weight:400;font-size:1rem}
.status.failed{color:#b42318;font-weight:700}.status.delivered{color:#1a7f37;font-weight:700}
.actions{display:flex;flex-wrap:wrap;gap:.5rem 1rem;align-items:center;margin:1rem 0}.actions form{margin:0}.actions .hint{margin:0}
.actions button,td form button{padding:.35rem .75rem;color:#1f2328;background:#fff;border:1px solid #6e7781;border-radius:.375rem;cursor:pointer}
.visually-hidden{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
svg text{font-family:inherit}
`.trim();

export type Section = 'register' | 'stats' | 'projects' | 'people' | 'import' | 'queues' | 'audit' | 'destinations' | 'settings';

export interface PageOptions {
  locale: Locale;
  title: string;
  nonce: string;
  body: SafeHtml;
  viewer?: Viewer;
  /** For the logout form of a logged-in page. */
  csrfToken?: string;
  active?: Section;
}

export function page({ locale, title, nonce, body, viewer, csrfToken, active }: PageOptions): string {
  const m = messages[locale];
  const link = (section: Section, href: string, label: string) =>
    html`<a href="${href}"${active === section ? html` aria-current="page"` : ''}>${label}</a>`;
  return html`<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title} · ${m.appName}</title>
<style nonce="${nonce}">${trustedHtml(STYLE)}</style>
</head>
<body>
<a class="skip" href="#main">${m.nav.skip}</a>
<header class="bar"><div class="inner">
<a class="brand" href="/">${m.appName}</a>
${
  viewer && csrfToken
    ? html`<nav aria-label="${m.appName}">${link('register', '/register', m.nav.register)}${link('stats', '/stats', m.nav.stats)}${link('projects', '/projects', m.nav.projects)}${
        viewer.isAdmin
          ? html`${link('people', '/people', m.nav.people)}${link('import', '/import', m.nav.import)}${link('queues', '/queues', m.nav.queues)}${link('audit', '/audit', m.nav.audit)}${link('destinations', managementRoutes.destinations, m.nav.destinations)}`
          : ''
      }${viewer.employeeId ? link('settings', managementRoutes.settings, m.nav.settings) : ''}</nav>
<span class="who">${viewer.name ?? viewer.email}</span>
<form method="post" action="/logout"><input type="hidden" name="_csrf" value="${csrfToken}"><button type="submit">${m.nav.logout}</button></form>`
    : ''
}
</div></header>
<main id="main">
${body}
</main>
</body>
</html>
`.markup;
}

export function groupBadge(group: Group, locale: Locale): SafeHtml {
  return html`<span class="badge ${group}" title="${messages[locale].groups[group]}"><span aria-hidden="true">${groupSigns[group]}</span><span class="visually-hidden">${messages[locale].groups[group]}</span></span>`;
}

const dateFormats: Record<Locale, (timeZone: string) => Intl.DateTimeFormat> = {
  nl: (timeZone) => new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium', timeZone }),
  en: (timeZone) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeZone }),
};
const dateTimeFormats: Record<Locale, (timeZone: string) => Intl.DateTimeFormat> = {
  nl: (timeZone) => new Intl.DateTimeFormat('nl-NL', { dateStyle: 'medium', timeStyle: 'short', timeZone }),
  en: (timeZone) => new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone }),
};

export function formatDate(moment: Date, locale: Locale, timeZone: string): string {
  return dateFormats[locale](timeZone).format(moment);
}

export function formatDateTime(moment: Date, locale: Locale, timeZone: string): string {
  return dateTimeFormats[locale](timeZone).format(moment);
}
