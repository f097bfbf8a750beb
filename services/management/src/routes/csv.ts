/**
 * CSV as RFC 4180 has it (CRLF line ends, fields with a quote, comma or line break in
 * double quotes, quotes doubled), with spreadsheet formula injection neutralised: a cell
 * that starts with =, +, -, @, a tab or a carriage return gets a leading apostrophe, so a
 * spreadsheet shows it as text instead of running it.
 */

const FORMULA_START = /^[=+\-@\t\r]/u;

export function csvCell(value: string | number | boolean | null | undefined): string {
  if (value === null || value === undefined) return '';
  let text = String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/u.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

export function csvLine(cells: readonly (string | number | boolean | null | undefined)[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}
