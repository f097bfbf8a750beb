import type { DigestContent, DigestItem, DigestList } from '@ambassador/db/digests';
import type { DigestPeriod } from '@ambassador/domain/calendar';
import { type FollowUpStatus, groupSigns, type Locale } from '@ambassador/domain/vocabulary';
import { html, type SafeHtml } from '@ambassador/html/template';
import type { RenderedEmail } from './alert-email.ts';

export interface DigestLinks {
  responseUrl: (responseId: string) => string;
  /** The register in the management module: where the rest of a capped list is. */
  registerUrl: string;
  /** Opens a page whose one button stops the digest for this manager (and takes RFC 8058's one-click POST). */
  unsubscribeUrl: string;
}

type Section = 'newPositive' | 'newNegative' | 'openFollowUps';
const sections: readonly Section[] = ['newPositive', 'newNegative', 'openFollowUps'];

const messages = {
  nl: {
    subject: (c: Counts) => `Weekoverzicht Ambassador: ${c.newPositive} nieuwe +, ${c.newNegative} nieuwe \u2212, ${c.openFollowUps} open`,
    greeting: (name: string) => `Hallo ${name},`,
    intro: (from: string, to: string) => `Dit is het weekoverzicht van jouw team, over ${from} tot en met ${to}.`,
    titles: {
      newPositive: 'Nieuwe positieve ambassadeurs (+)',
      newNegative: 'Nieuwe negatieve ambassadeurs (\u2212)',
      openFollowUps: 'Opvolging nog open',
    } satisfies Record<Section, string>,
    none: 'Geen.',
    more: (count: number) => `… en nog ${count} meer, in het register`,
    hotLead: 'hot lead',
    project: 'project',
    accountManager: 'accountmanager',
    status: { open: 'open', in_progress: 'in behandeling', done: 'afgerond' } satisfies Record<FollowUpStatus, string>,
    answered: (date: string) => `beantwoord op ${date}`,
    register: 'Open het register',
    why: 'Je ontvangt dit overzicht elke week als leidinggevende; het gaat over iedereen die (direct of indirect) aan jou rapporteert.',
    unsubscribe: 'Geen weekoverzicht meer ontvangen? Afmelden',
    footer: 'Dit bericht is automatisch verstuurd door Ambassador.',
  },
  en: {
    subject: (c: Counts) => `Ambassador weekly digest: ${c.newPositive} new +, ${c.newNegative} new \u2212, ${c.openFollowUps} open`,
    greeting: (name: string) => `Hello ${name},`,
    intro: (from: string, to: string) => `This is your team's weekly digest, for ${from} to ${to}.`,
    titles: {
      newPositive: 'New positive ambassadors (+)',
      newNegative: 'New negative ambassadors (\u2212)',
      openFollowUps: 'Follow-up still open',
    } satisfies Record<Section, string>,
    none: 'None.',
    more: (count: number) => `… and ${count} more, in the register`,
    hotLead: 'hot lead',
    project: 'project',
    accountManager: 'account manager',
    status: { open: 'open', in_progress: 'in progress', done: 'done' } satisfies Record<FollowUpStatus, string>,
    answered: (date: string) => `answered ${date}`,
    register: 'Open the register',
    why: 'You receive this digest every week as a manager; it covers everyone who reports to you, directly or indirectly.',
    unsubscribe: 'No more weekly digests? Unsubscribe',
    footer: 'This message was sent automatically by Ambassador.',
  },
} satisfies Record<Locale, unknown>;

type Counts = Record<Section, number>;

const groupColours = { positive: '#1a7f37', negative: '#b42318' } as const;

/**
 * A manager's weekly digest, in their language: the new + and − responses of their whole
 * reporting tree in the week before, and every + or − whose follow-up is still open, by
 * name. Long lists are cut off with the number left out; the register has the rest.
 */
export function renderDigestEmail(
  { managerName, locale, content, period, timeZone }: {
    managerName: string;
    locale: Locale;
    content: DigestContent;
    period: DigestPeriod;
    timeZone: string;
  },
  links: DigestLinks,
): RenderedEmail {
  const m = messages[locale];
  const tag = locale === 'nl' ? 'nl-NL' : 'en-GB';
  const fullDate = new Intl.DateTimeFormat(tag, { dateStyle: 'full', timeZone });
  const shortDate = new Intl.DateTimeFormat(tag, { dateStyle: 'medium', timeZone });
  // The period ends at Monday 00:00; its last day is the Sunday before.
  const intro = m.intro(fullDate.format(period.from), fullDate.format(new Date(period.to.getTime() - 1)));
  const counts: Counts = { newPositive: content.newPositive.total, newNegative: content.newNegative.total, openFollowUps: content.openFollowUps.total };
  const subject = m.subject(counts);

  const who = (item: DigestItem): string => `${item.respondentName}, ${item.clientName}`;
  const details = (item: DigestItem, section: Section): string => {
    const parts = [`${m.project} ${item.projectName}`, `${m.accountManager} ${item.accountManagerName}`];
    if (item.hotLead) parts.push(m.hotLead);
    if (section === 'openFollowUps') parts.push(m.status[item.followUpStatus], m.answered(shortDate.format(item.submittedAt)));
    return parts.join(' \u00b7 ');
  };
  const sign = (item: DigestItem, section: Section): string => (section === 'openFollowUps' ? `[${groupSigns[item.group]}] ` : '');
  const leftOut = (list: DigestList): number => list.total - list.items.length;

  const textSection = (section: Section): string[] => {
    const list = content[section];
    return [
      `${m.titles[section]}: ${list.total}`,
      ...(list.total === 0 ? [m.none] : list.items.map((item) => `- ${sign(item, section)}${who(item)} \u00b7 ${details(item, section)}\n  ${links.responseUrl(item.responseId)}`)),
      ...(leftOut(list) > 0 ? [`${m.more(leftOut(list))}: ${links.registerUrl}`] : []),
      '',
    ];
  };
  const text = [
    m.greeting(managerName),
    '',
    intro,
    '',
    ...sections.flatMap(textSection),
    m.why,
    `${m.unsubscribe}: ${links.unsubscribeUrl}`,
    '',
    '-- ',
    m.footer,
    '',
  ].join('\n');

  const htmlSection = (section: Section): SafeHtml => {
    const list = content[section];
    return html`<h2 style="font-size:17px;margin:24px 0 8px;">${m.titles[section]}: ${list.total}</h2>
${
  list.total === 0
    ? html`<p style="color:#57606a;">${m.none}</p>`
    : html`<ul style="padding-left:20px;margin:0;">
${list.items.map(
  (item) =>
    html`<li style="margin:6px 0;">${
      section === 'openFollowUps'
        ? html`<strong style="color:${groupColours[item.group]};">${groupSigns[item.group]}</strong> `
        : ''
    }<a href="${links.responseUrl(item.responseId)}" style="color:#0b57d0;">${who(item)}</a><br><span style="color:#57606a;">${details(item, section)}</span></li>
`,
)}</ul>`
}${leftOut(list) > 0 ? html`<p><a href="${links.registerUrl}" style="color:#0b57d0;">${m.more(leftOut(list))}</a></p>` : ''}
`;
  };
  const body = html`<!doctype html>
<html lang="${locale}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${subject}</title></head>
<body style="margin:0;padding:0;background:#f4f5f7;font-family:Arial,Helvetica,sans-serif;color:#1f2328;">
<div style="max-width:600px;margin:0 auto;padding:24px;background:#ffffff;">
<p>${m.greeting(managerName)}</p>
<p>${intro}</p>
${sections.map(htmlSection)}
<p style="margin:24px 0;"><a href="${links.registerUrl}" style="display:inline-block;padding:12px 20px;background:#1f5fad;color:#ffffff;font-weight:bold;text-decoration:none;border-radius:6px;">${m.register}</a></p>
<p style="color:#57606a;font-size:13px;">${m.why}<br><a href="${links.unsubscribeUrl}" style="color:#57606a;">${m.unsubscribe}</a></p>
<p style="color:#57606a;font-size:12px;">${m.footer}</p>
</div>
</body>
</html>
`;
  return { subject, text, html: body.markup };
}
