import { type Group, groupSigns, type Locale } from '@ambassador/domain/vocabulary';
import { html, type SafeHtml } from '@ambassador/html/template';
import { linkMessages } from './link-messages.ts';
import { messages } from './messages.ts';

/** A page that a link from an e-mail opens, in the language of the person it was made for. */
export interface LinkPage {
  locale: Locale;
  title: string;
  body: SafeHtml;
}

/**
 * The page a GET of a link shows: what the link would do, and one button that POSTs to the
 * link itself. Only that POST acts, so a mail scanner opening the link changes nothing.
 */
function confirmPage(locale: Locale, title: string, content: SafeHtml, button: string, action: string): LinkPage {
  return {
    locale,
    title,
    body: html`<h1>${title}</h1>
<div class="panel">
${content}
<form method="post" action="${action}"><p><button class="primary" type="submit">${button}</button></p></form>
</div>`,
  };
}

export function signInPage(locale: Locale, email: string, action: string): LinkPage {
  const m = linkMessages[locale].signIn;
  return confirmPage(locale, m.title, html`<p>${m.as} <strong>${email}</strong>.</p>
<p>${m.notYou}</p>`, m.button, action);
}

export interface AcknowledgeFacts {
  recipientEmail: string;
  respondentName: string;
  clientName: string;
  projectName: string;
  group: Group;
}

export function acknowledgePage(locale: Locale, facts: AcknowledgeFacts, action: string): LinkPage {
  const m = linkMessages[locale].acknowledge;
  const r = messages[locale].response;
  return confirmPage(
    locale,
    m.title,
    html`<p>${m.intro} <strong>${facts.recipientEmail}</strong>.</p>
<dl class="facts"><dt>${r.respondent}</dt><dd>${facts.respondentName}</dd><dt>${r.client}</dt><dd>${facts.clientName}</dd><dt>${r.project}</dt><dd>${facts.projectName}</dd><dt>${m.group}</dt><dd>${groupSigns[facts.group]} ${messages[locale].groups[facts.group]}</dd></dl>`,
    m.button,
    action,
  );
}

export function acknowledgedPage(locale: Locale, responseId: string): LinkPage {
  const m = linkMessages[locale].acknowledge;
  return {
    locale,
    title: m.doneTitle,
    body: html`<h1>${m.doneTitle}</h1>
<p class="notice" role="status">${m.done}</p>
<p><a href="/responses/${responseId}">${m.open}</a></p>`,
  };
}

export function unsubscribePage(locale: Locale, email: string, action: string): LinkPage {
  const m = linkMessages[locale].unsubscribe;
  return confirmPage(locale, m.title, html`<p>${m.question} <strong>${email}</strong>?</p>
<p>${m.keeps}</p>`, m.button, action);
}

export function unsubscribedPage(locale: Locale): LinkPage {
  const m = linkMessages[locale].unsubscribe;
  return {
    locale,
    title: m.doneTitle,
    body: html`<h1>${m.doneTitle}</h1>
<p class="notice" role="status">${m.done}</p>
<p>${m.resubscribe}</p>`,
  };
}

export type SpentReason = 'expired' | 'used';

/** An expired or used link: it says so, and offers to sign in instead. */
export function spentLinkPage(locale: Locale, reason: SpentReason): LinkPage {
  const m = linkMessages[locale].spent;
  return {
    locale,
    title: m.title,
    body: html`<h1>${m.title}</h1>
<div class="panel">
<p>${m[reason]} ${m.signInHint}</p>
<p><a href="/login">${m.signIn}</a></p>
</div>`,
  };
}
