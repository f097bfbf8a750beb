// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/gu;

/**
 * User text on its way into a mail header (a subject, a display name): no control
 * characters (so no header injection, whatever got past input validation), one line,
 * at most `max` characters. Nodemailer then encodes non-ASCII text (RFC 2047).
 */
export function headerText(value: string, max = 80): string {
  const line = value.replace(CONTROL, ' ').replace(/\s+/gu, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}
