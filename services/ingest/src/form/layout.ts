import { html, type SafeHtml, trustedHtml } from '@ambassador/html/template';
import type { Brand } from '@ambassador/html/brand';

/** Per-response CSP nonces for the one inline style sheet and the one inline script. */
export interface Nonces {
  style: string;
  script: string;
}

// One small style sheet, inline: the page loads nothing else. Borders of controls keep 3:1
// against white, text 4.5:1 or more; the focus ring is near-black on white.
const STYLE = `
*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;font-size:1rem;line-height:1.5;color:#1f2328;background:#f6f7f9}
.top{border-top:6px solid var(--brand);background:#fff;padding:.75rem 1rem;border-bottom:1px solid #d0d7de}
.top p{margin:0 auto;max-width:38rem;font-weight:700;color:var(--accent)}
main{display:block;max-width:38rem;margin:0 auto;padding:.5rem 1rem 2.5rem}
h1{font-size:1.5rem;line-height:1.25;margin:1rem 0 .5rem}
p{margin:.5rem 0}
.lead{color:#424a53}
fieldset{border:0;margin:1.75rem 0 0;padding:0;min-width:0}
legend{font-weight:700;font-size:1.05rem;padding:0;margin-bottom:.5rem}
.choices{display:grid;gap:.5rem}
@media (min-width:36rem){.choices-3{grid-template-columns:repeat(3,1fr)}.choices-2{grid-template-columns:repeat(2,1fr)}}
.choice{display:flex;gap:.75rem;align-items:flex-start;min-height:3rem;padding:.75rem 1rem;background:#fff;border:2px solid #8c959f;border-radius:.5rem;cursor:pointer;-webkit-tap-highlight-color:transparent}
.choice input{width:1.4rem;height:1.4rem;margin:0;flex:none;accent-color:var(--accent)}
.choice:has(input:checked){border-color:var(--accent);box-shadow:inset 0 0 0 1px var(--accent)}
.choice .label{display:block;font-weight:700}
.choice .hint{display:block;color:#57606a;font-size:.9rem}
.scale-ends{display:flex;justify-content:space-between;gap:1rem;margin:0 0 .5rem;color:#57606a;font-size:.9rem}
.scale-ends span:last-child{text-align:right}
.scale{display:grid;grid-template-columns:repeat(6,1fr);gap:.375rem}
@media (min-width:36rem){.scale{grid-template-columns:repeat(11,1fr)}}
.score{display:flex;flex-direction:column;align-items:center;gap:.25rem;min-height:3rem;padding:.5rem 0;background:#fff;border:2px solid #8c959f;border-radius:.5rem;cursor:pointer;-webkit-tap-highlight-color:transparent}
.score input{width:1.25rem;height:1.25rem;margin:0;accent-color:var(--accent)}
.score .label{font-weight:700}
.score:has(input:checked){border-color:var(--accent);box-shadow:inset 0 0 0 1px var(--accent)}
.invalid .score{border-color:#b42318}
.field-label{display:block;font-weight:700;font-size:1.05rem;margin:1.75rem 0 .5rem}
textarea{display:block;width:100%;min-height:7rem;padding:.5rem .75rem;font:inherit;color:inherit;background:#fff;border:2px solid #8c959f;border-radius:.5rem}
.meta{color:#57606a;font-size:.9rem;margin:.25rem 0 0}
button{display:block;width:100%;margin-top:2rem;padding:.875rem 1.5rem;font:inherit;font-size:1.1rem;font-weight:700;color:#fff;background:var(--accent);border:0;border-radius:.5rem;cursor:pointer}
@media (min-width:36rem){button{width:auto}}
:focus-visible{outline:3px solid #1f2328;outline-offset:2px}
.error-summary{background:#fff;border:3px solid #b42318;border-radius:.5rem;padding:1rem;margin:1rem 0}
.error-summary h2{font-size:1.1rem;margin:0 0 .5rem}
.error-summary ul{margin:0;padding-left:1.25rem}
.error-summary a,.error{color:#b42318;font-weight:700}
.error{margin:0 0 .5rem}
.invalid .choice,textarea[aria-invalid="true"]{border-color:#b42318}
a{color:var(--accent)}
.lang{margin-top:2rem}
.small{color:#57606a;font-size:.875rem}
.visually-hidden{position:absolute!important;width:1px;height:1px;margin:-1px;padding:0;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
`.trim();

export interface LayoutOptions {
  lang: string;
  title: string;
  brand: Brand;
  nonces: Nonces;
  body: SafeHtml;
  /** A script to run, markup-free JavaScript written by us (never user input). */
  script?: string;
}

export function layout({ lang, title, brand, nonces, body, script }: LayoutOptions): string {
  const variables = `:root{--brand:${brand.color};--accent:${brand.accent}}`;
  return html`<!doctype html>
<html lang="${lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>${title}</title>
<style nonce="${nonces.style}">${trustedHtml(variables)}
${trustedHtml(STYLE)}</style>
</head>
<body>
<header class="top"><p>${brand.name}</p></header>
<main id="main">
${body}
</main>
${script ? html`<script nonce="${nonces.script}">${trustedHtml(script)}</script>` : ''}
</body>
</html>
`.markup;
}
