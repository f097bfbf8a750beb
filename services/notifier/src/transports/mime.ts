import { domainToASCII } from 'node:url';
import addressparser from 'nodemailer/lib/addressparser';
import { encodeWord, encodeWords, foldLines, quoteString } from 'nodemailer/lib/mime-funcs';
import { encode as encodeQuotedPrintable, wrap as wrapQuotedPrintable } from 'nodemailer/lib/qp';

/**
 * The MIME text of the e-mails the notifier sends, written in one pass into one buffer.
 *
 * Every e-mail has the same shape: a sender, one recipient, perhaps a Reply-To, a subject, a
 * text and an HTML part as multipart/alternative, and a few fixed headers. Nodemailer's
 * MailComposer builds that as a tree of streams, scans each part to choose its encoding and
 * draws random bytes for its boundaries: about a third of the notifier's CPU per e-mail.
 * This writes the same headers with nodemailer's own encoders (RFC 2047 words, folding,
 * quoted-printable), and what is the same for every message (the sender, the domain of the
 * Message-ID, the fixed headers, the part headers) once per mailer.
 */

export interface Mailbox {
  name: string;
  address: string;
}

export interface MimeMail {
  from: Mailbox;
  to: Mailbox;
  replyTo?: Mailbox;
  subject: string;
  text: string;
  html: string;
  messageId: string;
  date: Date;
  /** Further headers, each written as one line (folded where long). */
  headers: readonly (readonly [string, string])[];
}

/**
 * The boundary of the two parts. `=_` never occurs in quoted-printable text (an `=` there is
 * always followed by two hex digits or a line break), so one fixed boundary is safe.
 */
const BOUNDARY = '----=_Part_ambassador_alternative';

const PART_HEADERS = {
  text: 'Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable',
  html: 'Content-Type: text/html; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable',
};

// eslint-disable-next-line no-control-regex -- control characters are what it looks for
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/u;
// eslint-disable-next-line no-control-regex -- control characters are what it removes
const NOT_IN_AN_ADDRESS = /[\x00-\x1f\x7f<>]+/gu;

/** Quoted-printable (`Q`) for text that is mostly Latin letters, base64 (`B`) otherwise: nodemailer's choice. */
function wordEncoding(value: string): 'Q' | 'B' {
  let latin = 0;
  let other = 0;
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code <= 0x08 || code === 0x0b || code === 0x0c || (code >= 0x0e && code <= 0x1f) || code >= 0x80) other++;
    else if ((code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a)) latin++;
  }
  return other < latin ? 'Q' : 'B';
}

/** Unstructured header text (a subject): encoded words where it is not plain ASCII. */
function headerText(value: string): string {
  const line = value.replace(/\r?\n|\r/gu, ' ');
  return CONTROL.test(line) ? encodeWord(line, wordEncoding(line), 52) : encodeWords(line, wordEncoding(line), 52, true);
}

/** A display name: as it is when it is letters, digits and spaces; quoted when ASCII; encoded words otherwise. */
function displayName(name: string): string {
  if (/^[\w ]*$/u.test(name)) return name;
  if (/^[\x20-\x7e]*$/u.test(name)) return quoteString(name);
  return encodeWord(name, wordEncoding(name), 52);
}

/** An address as it goes into the header and the envelope: no control characters, the domain as ASCII (punycode). */
export function normaliseAddress(address: string): string {
  const clean = address.replace(NOT_IN_AN_ADDRESS, ' ').trim();
  const at = clean.lastIndexOf('@');
  if (at < 0) return clean;
  const domain = clean.slice(at + 1);
  // A non-ASCII local part needs SMTPUTF8 anyway; its domain then stays as it is, as nodemailer keeps it.
  if (/^[\x20-\x7e]*$/u.test(domain) || /[^\x20-\x7e]/u.test(clean.slice(0, at))) return clean;
  return `${clean.slice(0, at)}@${domainToASCII(domain) || domain}`;
}

/** `Name <address>`, or `<address>` without a name. */
function mailboxHeader({ name, address }: Mailbox): string {
  const normalised = normaliseAddress(address);
  return name ? `${displayName(name)} <${normalised}>` : `<${normalised}>`;
}

function headerLine(key: string, value: string): string {
  return foldLines(`${key}: ${value}`, 76);
}

/** A part's text as quoted-printable, with CRLF line breaks and lines of at most 76 characters. */
function quotedPrintable(text: string): string {
  return wrapQuotedPrintable(encodeQuotedPrintable(text.replace(/\r?\n|\r/gu, '\r\n')), 76);
}

/** A configured sender (`Name <address>` or an address) as a mailbox. */
export function parseMailbox(value: string): Mailbox {
  const [first] = addressparser(value, { flatten: true });
  if (!first?.address) throw new Error(`not a sender address: ${value}`);
  return { name: first.name, address: first.address };
}

/** Writes e-mails from one configured sender; what is the same for all of them is written once. */
export function mimeWriter(defaultFrom: Mailbox): (mail: Omit<MimeMail, 'from'> & { from?: Mailbox }) => Buffer {
  const defaultFromHeader = headerLine('From', mailboxHeader(defaultFrom));
  const fixed = ['MIME-Version: 1.0', `Content-Type: multipart/alternative;\r\n boundary="${BOUNDARY}"`].join('\r\n');
  return (mail) => {
    const lines = [
      mail.from ? headerLine('From', mailboxHeader(mail.from)) : defaultFromHeader,
      headerLine('To', mailboxHeader(mail.to)),
      ...(mail.replyTo ? [headerLine('Reply-To', mailboxHeader(mail.replyTo))] : []),
      headerLine('Subject', headerText(mail.subject)),
      `Message-ID: ${mail.messageId}`,
      `Date: ${mail.date.toUTCString().replace(/GMT/u, '+0000')}`,
      ...mail.headers.map(([key, value]) => headerLine(key, headerText(value))),
      fixed,
      '',
      `--${BOUNDARY}`,
      PART_HEADERS.text,
      '',
      quotedPrintable(mail.text),
      `--${BOUNDARY}`,
      PART_HEADERS.html,
      '',
      quotedPrintable(mail.html),
      `--${BOUNDARY}--`,
      '',
    ];
    return Buffer.from(lines.join('\r\n'), 'utf8');
  };
}
