/**
 * How an SMS text travels: in the GSM 7-bit default alphabet (3GPP TS 23.038) when every
 * character has a place in it, else in UCS-2 (UTF-16). A single message holds 160 GSM-7
 * characters or 70 UCS-2 code units; a concatenated one loses room to its header in each
 * segment: 153 and 67. The renderer fits texts into `MAX_SMS_SEGMENTS`; the transport encodes
 * them and refuses what does not fit.
 */

export type SmsEncoding = 'gsm7' | 'ucs2';

/** At most this many segments per SMS: an alert is short, and each segment is paid for. */
export const MAX_SMS_SEGMENTS = 2;

// The default alphabet, by septet value; 0x1B (ESC) leads into the extension table below.
const GSM7_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\u001bÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?' +
  '¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const ESCAPE = 0x1b;
// Characters of the extension table, each sent as ESC and its septet: two septets.
const GSM7_EXTENSION = new Map<string, number>([
  ['\f', 0x0a],
  ['^', 0x14],
  ['{', 0x28],
  ['}', 0x29],
  ['\\', 0x2f],
  ['[', 0x3c],
  ['~', 0x3d],
  [']', 0x3e],
  ['|', 0x40],
  ['€', 0x65],
]);
const GSM7_SEPTET = new Map<string, number>(Array.from(GSM7_BASIC).flatMap((character, septet) => (septet === ESCAPE ? [] : [[character, septet] as const])));

const limits: Record<SmsEncoding, { single: number; perSegment: number }> = {
  gsm7: { single: 160, perSegment: 153 },
  ucs2: { single: 70, perSegment: 67 },
};

/** The text in GSM-7 septets (an extension character as ESC and its septet); undefined when a character has no place in it. */
function gsm7Septets(text: string): number[] | undefined {
  const septets: number[] = [];
  for (const character of text) {
    const basic = GSM7_SEPTET.get(character);
    const extension = GSM7_EXTENSION.get(character);
    if (basic !== undefined) septets.push(basic);
    else if (extension !== undefined) septets.push(ESCAPE, extension);
    else return undefined;
  }
  return septets;
}

/** GSM-7 when every character of the text is in its default alphabet or extension table. */
export function smsEncodingOf(text: string): SmsEncoding {
  return gsm7Septets(text) ? 'gsm7' : 'ucs2';
}

/** What each character costs in its encoding: septets (an extension character two), or UTF-16 code units. */
function costs(text: string, encoding: SmsEncoding): number[] {
  // Code points: a surrogate pair is one character of two code units.
  return Array.from(text).map((character) => (encoding === 'gsm7' ? (GSM7_EXTENSION.has(character) ? 2 : 1) : character.length));
}

/**
 * How many segments the text takes. A character is never split over two segments (an escape
 * and its septet, a surrogate pair), so a segment may end a unit short.
 */
export function smsSegments(text: string, encoding = smsEncodingOf(text)): number {
  const units = costs(text, encoding);
  const { single, perSegment } = limits[encoding];
  if (units.reduce((sum, cost) => sum + cost, 0) <= single) return 1;
  let segments = 1;
  let used = 0;
  for (const cost of units) {
    if (used + cost > perSegment) {
      segments += 1;
      used = 0;
    }
    used += cost;
  }
  return segments;
}

export interface EncodedSms {
  encoding: SmsEncoding;
  /** SMPP data_coding: 0 (the SMSC's default alphabet, GSM-7) or 8 (UCS-2). */
  dataCoding: 0 | 8;
  /** GSM-7 one septet per octet (unpacked, as SMPP carries it), UCS-2 big-endian. */
  bytes: Buffer;
  segments: number;
}

export function encodeSms(text: string): EncodedSms {
  const septets = gsm7Septets(text);
  if (septets) return { encoding: 'gsm7', dataCoding: 0, bytes: Buffer.from(septets), segments: smsSegments(text, 'gsm7') };
  return { encoding: 'ucs2', dataCoding: 8, bytes: Buffer.from(text, 'utf16le').swap16(), segments: smsSegments(text, 'ucs2') };
}
