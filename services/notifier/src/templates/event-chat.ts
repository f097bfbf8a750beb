import type { ResponseClassifiedData } from '@ambassador/db/events';
import { satisfactionLabels, yesNo } from '@ambassador/domain/labels';
import { type Group, groupSigns, type Locale } from '@ambassador/domain/vocabulary';

/**
 * An alert in a Teams or Slack channel: the same facts as the alert e-mail (who answered, for
 * which client and project, what they said) and a button to the response in the management
 * module. A channel is shared, so it has no one's language: the firm's default (Dutch).
 */

/** What a chat card says: an event's data, and the names the data refers to by id. */
export interface ChatAlert {
  data: ResponseClassifiedData;
  clientName: string;
  projectName: string;
  accountManagerName: string;
  responseUrl: string;
}

const messages = {
  nl: {
    headline: { negative: 'Negatieve ambassadeur', positive: 'Positieve ambassadeur', neutral: 'Reactie' } satisfies Record<Group, string>,
    hotLead: 'hot lead',
    respondent: 'Respondent',
    client: 'Klant',
    project: 'Project',
    accountManager: 'Accountmanager',
    satisfaction: 'Tevredenheid',
    wouldRecommend: 'Zou ons aanbevelen',
    wantsMoreServices: 'Wil meer van onze diensten',
    motivation: 'Toelichting',
    open: 'Open de reactie',
    test: 'Testbericht van Ambassador: dit kanaal is bereikbaar.',
  },
} satisfies Record<Locale & 'nl', unknown>;

const locale = 'nl';

function headlineOf({ data, clientName }: ChatAlert): string {
  const m = messages[locale];
  const lead = data.hotLead ? ` (${m.hotLead})` : '';
  return `[${groupSigns[data.group]}] ${m.headline[data.group]}${lead}: ${data.respondent.name}, ${clientName}`;
}

function factsOf(alert: ChatAlert): { title: string; value: string }[] {
  const m = messages[locale];
  const { data } = alert;
  return [
    { title: m.respondent, value: `${data.respondent.name} <${data.respondent.email}>` },
    { title: m.client, value: alert.clientName },
    { title: m.project, value: alert.projectName },
    { title: m.accountManager, value: alert.accountManagerName },
    { title: m.satisfaction, value: satisfactionLabels[locale][data.satisfaction] },
    { title: m.wouldRecommend, value: yesNo(locale, data.wouldRecommend) },
    { title: m.wantsMoreServices, value: yesNo(locale, data.wantsMoreServices) },
  ];
}

/**
 * Text in a card as a TextRun: unlike a TextBlock or a FactSet, Teams reads no markdown in it,
 * so what a respondent typed (`[click](https://…)`) stays text.
 */
function textRuns(...runs: { text: string; weight?: 'Bolder' }[]): object {
  return { type: 'RichTextBlock', inlines: runs.map((run) => ({ type: 'TextRun', ...run })) };
}

/** The message body a Teams Workflows webhook takes: one Adaptive Card with the facts and a button to the response. */
export function renderTeamsAlert(alert: ChatAlert): object {
  const m = messages[locale];
  const motivation = alert.data.motivation;
  return teamsMessage(
    [
      { type: 'RichTextBlock', inlines: [{ type: 'TextRun', text: headlineOf(alert), weight: 'Bolder', size: 'Medium', color: alert.data.group === 'negative' ? 'Attention' : 'Good' }] },
      ...factsOf(alert).map(({ title, value }) => textRuns({ text: `${title}: `, weight: 'Bolder' }, { text: value })),
      ...(motivation ? [textRuns({ text: `${m.motivation}: `, weight: 'Bolder' }, { text: motivation })] : []),
    ],
    [{ type: 'Action.OpenUrl', title: m.open, url: alert.responseUrl }],
  );
}

export function renderTeamsTest(): object {
  return teamsMessage([textRuns({ text: messages[locale].test })], []);
}

function teamsMessage(body: object[], actions: object[]): object {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
          ...(actions.length > 0 ? { actions } : {}),
        },
      },
    ],
  };
}

/** Slack's mrkdwn gives `&`, `<` and `>` a meaning: text from people is escaped. */
function slackText(value: string): string {
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');
}

/** The message body a Slack incoming webhook takes: `text` (the notification) and Block Kit blocks with a button. */
export function renderSlackAlert(alert: ChatAlert): object {
  const m = messages[locale];
  const headline = headlineOf(alert);
  const motivation = alert.data.motivation;
  return {
    text: slackText(headline),
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: headline.slice(0, 150), emoji: false } },
      { type: 'section', fields: factsOf(alert).map(({ title, value }) => ({ type: 'mrkdwn', text: `*${title}*\n${slackText(value)}` })) },
      ...(motivation ? [{ type: 'section', text: { type: 'mrkdwn', text: `*${m.motivation}*\n${slackText(motivation).slice(0, 2900)}` } }] : []),
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: m.open }, url: alert.responseUrl, action_id: 'open-response' }] },
    ],
  };
}

export function renderSlackTest(): object {
  const text = messages[locale].test;
  return { text, blocks: [{ type: 'section', text: { type: 'plain_text', text } }] };
}
