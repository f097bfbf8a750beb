import type { ImportKind } from '@ambassador/db/imports';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { importColumns, requiredColumns } from './plan.ts';

/**
 * Reads an uploaded file into rows of cells by column: XLSX (the first sheet) or CSV, the
 * columns named in the first row. CSV as Excel writes it: `;` (Dutch) or `,` separated, UTF-8
 * with or without a byte order mark, quoted cells with line breaks. Column names are matched
 * without regard to case; an unknown column or a missing required one refuses the whole file.
 */

export const MAX_ROWS = 50_000;

export type FileProblem =
  | { problem: 'empty' }
  | { problem: 'not_utf8' }
  | { problem: 'unreadable'; detail: string }
  | { problem: 'unknown_columns'; columns: string[] }
  | { problem: 'missing_columns'; columns: string[] }
  | { problem: 'too_many_rows' };

export class ImportFileError extends Error {
  readonly detail: FileProblem;
  constructor(detail: FileProblem) {
    super(detail.problem);
    this.detail = detail;
  }
}

const ZIP_SIGNATURE = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export async function readImportFile(kind: ImportKind, file: Buffer): Promise<Record<string, string>[]> {
  const table = file.subarray(0, 4).equals(ZIP_SIGNATURE) ? await readWorkbook(file) : readCsv(file);
  return rowsByColumn(kind, table);
}

/** The separator of a CSV file: the one its header line has more of (`;` when Excel is Dutch). */
function separatorOf(text: string): ';' | ',' {
  const header = text.slice(0, text.search(/\r?\n|$/u));
  return (header.match(/;/gu)?.length ?? 0) > (header.match(/,/gu)?.length ?? 0) ? ';' : ',';
}

function readCsv(file: Buffer): string[][] {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(file);
  } catch {
    throw new ImportFileError({ problem: 'not_utf8' });
  }
  try {
    const table: string[][] = parse(text, { delimiter: separatorOf(text), bom: true, skip_empty_lines: true, relax_column_count: true });
    return table;
  } catch (error) {
    throw new ImportFileError({ problem: 'unreadable', detail: error instanceof Error ? error.message : String(error) });
  }
}

async function readWorkbook(file: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
  } catch (error) {
    throw new ImportFileError({ problem: 'unreadable', detail: error instanceof Error ? error.message : String(error) });
  }
  const sheet = workbook.worksheets[0];
  if (!sheet) return [];
  const table: string[][] = [];
  sheet.eachRow({ includeEmpty: false }, (row) => {
    const cells: string[] = [];
    for (let column = 1; column <= row.cellCount; column += 1) cells.push(row.getCell(column).text);
    table.push(cells);
  });
  return table;
}

function rowsByColumn(kind: ImportKind, table: readonly string[][]): Record<string, string>[] {
  const [header, ...body] = table;
  if (!header || body.length === 0) throw new ImportFileError({ problem: 'empty' });
  if (body.length > MAX_ROWS) throw new ImportFileError({ problem: 'too_many_rows' });
  const known: readonly string[] = importColumns[kind];
  const columns = header.map((name) => known.find((column) => column.toLowerCase() === name.trim().toLowerCase()) ?? name.trim());
  const unknown = columns.filter((column) => column !== '' && !known.includes(column));
  if (unknown.length > 0) throw new ImportFileError({ problem: 'unknown_columns', columns: unknown });
  const missing = requiredColumns[kind].filter((column) => !columns.includes(column));
  if (missing.length > 0) throw new ImportFileError({ problem: 'missing_columns', columns: missing });
  return body
    .filter((cells) => cells.some((value) => value.trim() !== ''))
    .map((cells) => Object.fromEntries(columns.flatMap((column, index) => (column === '' ? [] : [[column, cells[index] ?? '']]))));
}
