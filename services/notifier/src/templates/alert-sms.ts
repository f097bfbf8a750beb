import type { AlertMessage } from '@ambassador/db/alerts';
import { isHotLead } from '@ambassador/domain/classification';
import type { AlertRole, Locale } from '@ambassador/domain/vocabulary';
import { MAX_SMS_SEGMENTS, smsSegments } from '../transports/sms-encoding.ts';

type Kind = 'negative' | 'positive' | 'hotLead';

// The sign is written [-] with a hyphen-minus, not the − (U+2212) of the e-mails: that one is
// not in the GSM alphabet, and would make every alert a UCS-2 SMS of less than half the room.
const messages = {
  nl: {
    headline: { negative: '[-] Negatieve ambassadeur', positive: '[+] Positieve ambassadeur', hotLead: '[+] Hot lead' },
    action: {
      account_manager: {
        negative: 'Bel binnen één werkdag.',
        positive: 'Bedank persoonlijk en vraag om een introductie of referentie.',
        hotLead: 'Bedank persoonlijk en bespreek wat ze nog meer willen.',
      },
      manager: {
        negative: 'Zorg dat er binnen één werkdag gebeld wordt.',
        positive: 'Zorg dat er persoonlijk bedankt wordt.',
        hotLead: 'Zorg dat er persoonlijk bedankt en doorgepakt wordt.',
      },
    },
  },
  en: {
    headline: { negative: '[-] Negative ambassador', positive: '[+] Positive ambassador', hotLead: '[+] Hot lead' },
    action: {
      account_manager: {
        negative: 'Call within one working day.',
        positive: 'Thank them personally and ask for an introduction or a reference.',
        hotLead: 'Thank them personally and discuss what more they want.',
      },
      manager: {
        negative: 'Make sure they are called within one working day.',
        positive: 'Make sure they are thanked personally.',
        hotLead: 'Make sure they are thanked and followed up.',
      },
    },
  },
} satisfies Record<Locale, { headline: Record<Kind, string>; action: Record<AlertRole, Record<Kind, string>> }>;

const ELLIPSIS = '...';

const graphemes = new Intl.Segmenter('nl', { granularity: 'grapheme' });

/** The characters of a name as people see them (an accented letter or a flag is one). */
function charactersOf(name: string): string[] {
  return Array.from(graphemes.segment(name), (part) => part.segment);
}

/** The name cut to `length` characters, marked as cut. */
function shortened(name: readonly string[], length: number): string {
  return length >= name.length ? name.join('') : `${name.slice(0, length).join('').trimEnd()}${ELLIPSIS}`;
}

/**
 * The alert as an SMS to one recipient, in their language: the sign, who answered and for which
 * client, what to do, and a short link to the response. It fits in `MAX_SMS_SEGMENTS`: when the
 * names are long, they are cut (the longer one first), never the link.
 */
export function renderAlertSms(alert: AlertMessage, { responseUrl }: { responseUrl: string }): string {
  const group = alert.response.group;
  if (group !== 'positive' && group !== 'negative') throw new Error(`alert ${alert.id} is for a response without a + or \u2212 group`);
  const kind: Kind = group === 'negative' ? 'negative' : isHotLead(group, alert.response.wantsMoreServices) ? 'hotLead' : 'positive';
  const m = messages[alert.recipient.locale];
  const compose = (respondent: string, client: string) => `${m.headline[kind]}: ${respondent}, ${client}. ${m.action[alert.role][kind]} ${responseUrl}`;

  const respondent = charactersOf(alert.response.respondentName);
  const client = charactersOf(alert.client.name);
  let respondentLength = respondent.length;
  let clientLength = client.length;
  let text = compose(respondent.join(''), client.join(''));
  while (smsSegments(text) > MAX_SMS_SEGMENTS && (respondentLength > 1 || clientLength > 1)) {
    if (respondentLength >= clientLength) respondentLength -= 1;
    else clientLength -= 1;
    text = compose(shortened(respondent, respondentLength), shortened(client, clientLength));
  }
  return text;
}
