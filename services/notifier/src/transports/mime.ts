import { randomBytes } from 'node:crypto';
import { domainToASCII } from 'node:url';
import addressparser from 'nodemailer/lib/addressparser';
import { encodeWord, encodeWords, foldLines } from 'nodemailer/lib/mime-funcs';
import { encode as quotedPrintable, wrap as wrapQuotedPrintable } from 'nodemailer/lib/qp';

/**
 * Every e-mail we send has one shape: a few headers and a multipart/alternative body of a text
 * and an HTML part. This writes that shape straight into one buffer, with nodemailer's own
 * encoders (RFC 2047 words in headers, quoted-printable bodies), instead of nodemailer's
 * general MIME tree of streams, which cost about a millisecond of CPU and much garbage per
 * message.
 */

export interface Mailbox {
  name: string;
  address: string;
}

export interface MimeMessage {
  from: Mailbox;
  to: Mailbox;
  replyTo?: Mailbox;
  subject: string;
  text: string;
  html: string;
  /** `<…@…>` */
  messageId: string;
  /** Further headers, ASCII values (folded here). */
  headers?: Record<string, string>;
  date: Date;
}

/** The sender of every message, parsed once from `MAIL_FROM` (`Name <address>` or an address). */
export function parseMailbox(value: string): Mailbox {
  const [first] = addressparser(value, { flatten: true });
  if (!first?.address) throw new Error(`not a mailbox: ${value}`);
  return { name: first.name, address: first.address };
}

/** The address with its domain in ASCII (punycode), as the SMTP envelope and headers need it. */
export function asciiAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at < 0) return address;
  return `${address.slice(0, at + 1)}${domainToASCII(address.slice(at + 1)) || address.slice(at + 1)}`;
}

// Unique per process and message, and unable to occur in a quoted-printable body ("=_" is
// always encoded there).
const boundaryPrefix = `=_ambassador_${randomBytes(8).toString('hex')}_`;
let boundaryCount = 0;

/** A header line, its value on one line (no header injection) and folded at 76 characters. */
function header(name: string, value: string): string {
  return `${foldLines(`${name}: ${value.replace(/[\r\n]+/gu, ' ')}`, 76)}\r\n`;
}

function displayName(name: string): string {
  if (/^[\w ]*$/u.test(name)) return name;
  if (/^[\x20-\x7e]*$/u.test(name)) return `"${name.replace(/([\\"])/gu, '\\$1')}"`;
  return encodeWord(name, 'Q', 52);
}

function mailbox({ name, address }: Mailbox): string {
  const ascii = asciiAddress(address);
  const single = name.replace(/[\r\n]+/gu, ' ').trim();
  return single ? `${displayName(single)} <${ascii}>` : ascii;
}

function part(contentType: string, content: string): string {
  const body = wrapQuotedPrintable(quotedPrintable(Buffer.from(content.replace(/\r?\n/gu, '\r\n'), 'utf8')), 76);
  return `Content-Type: ${contentType}; charset=utf-8\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n${body}\r\n`;
}

/** The whole message, ready for SMTP DATA. */
export function buildMimeMessage(message: MimeMessage): Buffer {
  boundaryCount = (boundaryCount + 1) % Number.MAX_SAFE_INTEGER;
  const boundary = `${boundaryPrefix}${boundaryCount.toString(36)}`;
  let head = header('Content-Type', `multipart/alternative; boundary="${boundary}"`);
  head += header('From', mailbox(message.from));
  if (message.replyTo) head += header('Reply-To', mailbox(message.replyTo));
  head += header('To', mailbox(message.to));
  head += header('Subject', encodeWords(message.subject.replace(/[\r\n]+/gu, ' '), 'Q', 52));
  head += header('Message-ID', message.messageId);
  for (const [name, value] of Object.entries(message.headers ?? {})) head += header(name, value);
  head += header('Date', message.date.toUTCString().replace(/GMT/u, '+0000'));
  head += header('MIME-Version', '1.0');
  return Buffer.from(
    `${head}\r\n--${boundary}\r\n${part('text/plain', message.text)}--${boundary}\r\n${part('text/html', message.html)}--${boundary}--\r\n`,
    'utf8',
  );
}
