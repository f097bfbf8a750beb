import { describe, expect, it } from 'vitest';
import { type ChatAlert, renderSlackAlert, renderTeamsAlert } from '../src/templates/event-chat.ts';

const alert: ChatAlert = {
  data: {
    responseId: 'r-1',
    projectId: 'P-1',
    clientId: 'c-1',
    accountManagerId: 'am-1',
    group: 'negative',
    hotLead: false,
    satisfaction: 'ontevreden',
    wouldRecommend: false,
    wantsMoreServices: false,
    recommendScore: null,
    motivation: 'Zie <https://evil.example|hier> & [klik](https://evil.example) *nu*',
    respondent: { name: '<!channel> Jan', email: 'jan@client.example' },
    submittedAt: '2026-12-02T10:00:00.000Z',
    classifiedAt: '2026-12-02T10:00:01.000Z',
  },
  clientName: 'Gemeente Utrecht',
  projectName: 'Riolering Oost',
  accountManagerName: 'Anton Bakker',
  responseUrl: 'https://management.example/responses/r-1',
};

describe('alerts in chat channels', () => {
  it('escapes what people typed where Slack reads mrkdwn, so it cannot add links or mentions', () => {
    const message = renderSlackAlert(alert) as { text: string; blocks: unknown[] };
    // The notification text and every mrkdwn field; the header is plain_text, which Slack never parses.
    const mrkdwn = [message.text, ...[...JSON.stringify(message.blocks).matchAll(/"type":"mrkdwn","text":"((?:[^"\\]|\\.)*)"/gu)].map((match) => match[1]!)];
    expect(mrkdwn.length).toBeGreaterThan(5);
    for (const text of mrkdwn) {
      expect(text).not.toContain('<!channel>');
      expect(text).not.toContain('<https://evil.example');
    }
    expect(mrkdwn.join('\n')).toContain('&lt;!channel&gt; Jan');
    expect(mrkdwn.join('\n')).toContain('Zie &lt;https://evil.example|hier&gt; &amp; [klik]');
  });

  it('puts what people typed in Teams TextRuns only, where no markdown is read', () => {
    const message = renderTeamsAlert(alert) as { attachments: { content: { body: { type: string; inlines: { type: string; text: string }[] }[] } }[] };
    const blocks = message.attachments[0]!.content.body;
    expect(blocks.every((block) => block.type === 'RichTextBlock' && block.inlines.every((inline) => inline.type === 'TextRun'))).toBe(true);
    expect(blocks.at(-1)!.inlines.map((inline) => inline.text).join('')).toBe('Toelichting: Zie <https://evil.example|hier> & [klik](https://evil.example) *nu*');
  });
});
