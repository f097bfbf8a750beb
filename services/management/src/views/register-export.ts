import { PassThrough, pipeline, Readable, type Writable } from 'node:stream';
import type { RegisterRow } from '@ambassador/db/register';
import { wallClockOf } from '@ambassador/domain/calendar';
import { stringify } from 'csv-stringify';
import type ExcelJS from 'exceljs';

/**
 * The register as a file, CSV or XLSX, written row by row as the rows arrive: nothing holds
 * the whole export. Both have the same columns, and each cell is text, a date or a number
 * (the 0–10 score, empty where it was not asked), never a formula.
 */

interface Column {
  key: keyof RegisterRow;
  header: string;
  /** Width in characters, in the spreadsheet. */
  width: number;
}

const columns: readonly Column[] = [
  { key: 'group', header: 'group', width: 9 },
  { key: 'hotLead', header: 'hot_lead', width: 9 },
  { key: 'respondentName', header: 'respondent_name', width: 24 },
  { key: 'respondentEmail', header: 'respondent_email', width: 28 },
  { key: 'clientName', header: 'client', width: 24 },
  { key: 'projectName', header: 'project', width: 24 },
  { key: 'accountManagerName', header: 'account_manager', width: 24 },
  { key: 'division', header: 'division', width: 14 },
  { key: 'submittedAt', header: 'submitted_at', width: 17 },
  { key: 'satisfaction', header: 'satisfaction', width: 18 },
  { key: 'wouldRecommend', header: 'would_recommend', width: 9 },
  { key: 'recommendScore', header: 'recommend_score', width: 9 },
  { key: 'wantsMoreServices', header: 'wants_more_services', width: 9 },
  { key: 'motivation', header: 'motivation', width: 60 },
  { key: 'followUpStatus', header: 'follow_up_status', width: 12 },
  { key: 'followUpUpdatedAt', header: 'follow_up_updated_at', width: 17 },
];

const yesNo = (value: boolean): string => (value ? 'yes' : 'no');

export const registerCsvType = 'text/csv; charset=utf-8';

/**
 * RFC 4180 (CRLF, a header row, quotes doubled), UTF-8 with a byte order mark: without one
 * Excel reads the file as Windows-1252. Excel set to Dutch splits on `;`, so a cell with a
 * `;` is quoted like one with a comma; and a cell that starts with = + - @, a tab or a
 * carriage return gets a leading apostrophe, so that no spreadsheet runs it as a formula.
 * Dates are ISO 8601 in UTC.
 */
export function registerCsv(rows: AsyncIterable<RegisterRow>): Readable {
  const csv = stringify({
    bom: true,
    header: true,
    columns: columns.map(({ key, header }) => ({ key, header })),
    record_delimiter: 'windows',
    // Set explicitly: with a record delimiter given, csv-stringify would leave a lone \n unquoted.
    quote_record_delimiter: true,
    quoted_match: ';',
    escape_formulas: true,
    cast: { boolean: yesNo, date: (value) => value.toISOString() },
  });
  // An error on the way (the database) destroys `csv` with it, and so ends the reply;
  // a reply that ends early destroys `csv`, and so closes the cursor.
  pipeline(Readable.from(rows), csv, () => undefined);
  return csv;
}

export const registerXlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * One sheet, a frozen header row, strings as strings (a cell that starts with = is text, not a
 * formula) and dates as dates at the time the clocks in `timeZone` showed: a spreadsheet's
 * dates have no time zone. Rows are read as fast as the zip takes them.
 */
export function registerXlsx(rows: AsyncIterable<RegisterRow>, timeZone: string): Readable {
  const output = new PassThrough();
  writeXlsx(rows, output, timeZone).catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return output;
}

async function writeXlsx(rows: AsyncIterable<RegisterRow>, output: PassThrough, timeZone: string): Promise<void> {
  // Loaded on the first export, not at start: exceljs is large, and most processes never export.
  const { default: excel } = await import('exceljs');
  const workbook = new excel.stream.xlsx.WorkbookWriter({ stream: output, useStyles: true, useSharedStrings: false });
  const sheet = workbook.addWorksheet('register', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = columns.map(({ key, header, width }) => ({
    key,
    header,
    width,
    ...(key === 'submittedAt' || key === 'followUpUpdatedAt' ? { style: { numFmt: 'yyyy-mm-dd hh:mm' } } : {}),
  }));
  for await (const row of rows) {
    sheet.addRow(columns.map(({ key }) => spreadsheetCell(row[key], timeZone))).commit();
    await zipReady(sheet, output);
  }
  sheet.commit();
  await workbook.commit();
}

function spreadsheetCell(value: RegisterRow[keyof RegisterRow], timeZone: string): string | number | Date | null {
  if (typeof value === 'boolean') return yesNo(value);
  if (value instanceof Date) return wallClockOf(value, timeZone);
  return value;
}

/**
 * exceljs (4.4) hands a sheet's XML to the zip without waiting for it: rows given faster than
 * they are compressed (or than the reply is read) would pile up in memory. So the next row
 * waits until the zip has taken what it was given. The sheet's stream and the zip entry it is
 * piped into (a readable-stream 2 PassThrough in front of the compressor) are not in exceljs's
 * typed API; should they change, the export fails loudly (and its test with it) instead of
 * quietly holding the whole file in memory.
 */
interface ZipEntry {
  _writableState?: { needDrain?: unknown };
  once(event: 'drain', listener: () => void): unknown;
}

function zipEntryOf(sheet: ExcelJS.Worksheet): ZipEntry | undefined {
  const pipes = (sheet as unknown as { stream?: { pipes?: unknown } }).stream?.pipes;
  if (!Array.isArray(pipes)) throw new Error('exceljs changed: a streamed sheet has no `stream.pipes` (see register-export.ts)');
  const entry = pipes[0] as ZipEntry | undefined;
  if (entry && typeof entry._writableState?.needDrain !== 'boolean') throw new Error('exceljs changed: the zip entry of a sheet is not a stream it knows');
  return entry;
}

async function zipReady(sheet: ExcelJS.Worksheet, output: Writable): Promise<void> {
  for (;;) {
    const entry = zipEntryOf(sheet);
    // The zip takes the sheet once the entries before it are written: a moment after the start.
    if (!entry) await untilClosedOr(output, (ready) => setImmediate(ready));
    else if (entry._writableState?.needDrain === true) await untilClosedOr(output, (ready) => entry.once('drain', ready));
    else return;
  }
}

/** Resolves when `wait` calls back; rejects when `output` closes first (the reply went away). */
function untilClosedOr(output: Writable, wait: (ready: () => void) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const closed = () => reject(new Error('the reply closed before the export ended'));
    if (output.destroyed) return closed();
    output.once('close', closed);
    wait(() => {
      output.off('close', closed);
      resolve();
    });
  });
}
