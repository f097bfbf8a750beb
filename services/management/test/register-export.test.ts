import { get, type IncomingMessage } from 'node:http';
import type { Database } from '@ambassador/db/database';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { describe, expect, vi } from 'vitest';
import { type Browser, logIn, test } from './management-app.ts';
import { respond, seedFirm } from './seed.ts';

const HEADER = [
  'group',
  'hot_lead',
  'respondent_name',
  'respondent_email',
  'client',
  'project',
  'account_manager',
  'division',
  'submitted_at',
  'satisfaction',
  'would_recommend',
  'recommend_score',
  'wants_more_services',
  'motivation',
  'follow_up_status',
  'follow_up_updated_at',
];
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Splits CSV text into records as a spreadsheet does: fields in double quotes may hold the
 * delimiter, quotes (doubled) and line breaks; records end at CRLF. Excel set to Dutch
 * splits on `;`, other locales on `,`.
 */
function parseCsv(text: string, delimiter: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index]!;
    if (quoted) {
      if (char === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === delimiter) {
      record.push(field);
      field = '';
    } else if (char === '\r' && text[index + 1] === '\n') {
      records.push([...record, field]);
      record = [];
      field = '';
      index += 1;
    } else field += char;
  }
  if (field !== '' || record.length > 0) records.push([...record, field]);
  return records;
}

async function readXlsx(body: Buffer): Promise<ExcelJS.Worksheet> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(body as unknown as ExcelJS.Buffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) throw new Error('the workbook has no sheet');
  return sheet;
}

function sheetRows(sheet: ExcelJS.Worksheet): ExcelJS.CellValue[][] {
  const rows: ExcelJS.CellValue[][] = [];
  sheet.eachRow({ includeEmpty: true }, (row) => {
    rows.push(HEADER.map((_, column) => row.getCell(column + 1).value));
  });
  return rows;
}

const accountManagers = ['anna', 'bram', 'carla', 'xander'];

/**
 * `count` classified responses, made by PostgreSQL: number i goes to the project of
 * `accountManagers[i % 4]`, into `groupsByRest[i % 3]`, wants more services when i % 5 = 0,
 * is submitted i minutes after 1 January 2026 and is named R00001 and so on. `motivation`
 * is an SQL expression (per row).
 */
async function respondMany(db: Database, count: number, motivation = sql`null`): Promise<void> {
  await sql`
    INSERT INTO responses (project_id, respondent_name, respondent_email, satisfaction, motivation, would_recommend,
      wants_more_services, submitted_at, "group", rule_version, classified_at)
    SELECT 'project-' || (${sql.val(accountManagers)}::text[])[i % 4 + 1],
      'R' || lpad(i::text, 5, '0'), 'r' || i || '@client.example',
      (ARRAY['meer_dan_tevreden', 'ontevreden', 'tevreden'])[i % 3 + 1]::satisfaction, ${motivation}, i % 3 <> 1,
      i % 5 = 0, timestamptz '2026-01-01T00:00:00Z' + i * interval '1 minute',
      (ARRAY['positive', 'negative', 'neutral'])[i % 3 + 1]::response_group, 1, now()
    FROM generate_series(1, ${count}) AS i
  `.execute(db);
}

/** The names `respondMany` gave, in the register's order: +, −, 0; hot leads first in +; newest first. */
function expectedOrder(count: number, within: readonly string[]): string[] {
  const numbers = Array.from({ length: count }, (_, index) => index + 1).filter((i) => within.includes(accountManagers[i % 4]!));
  const rank = (i: number) => [i % 3, i % 3 === 0 && i % 5 === 0 ? 0 : 1, -i];
  numbers.sort((a, b) => {
    const [x, y] = [rank(a), rank(b)];
    return x[0]! - y[0]! || x[1]! - y[1]! || x[2]! - y[2]!;
  });
  return numbers.map((i) => `R${String(i).padStart(5, '0')}`);
}

/** The export's request as a browser sends it, over a real connection; resolves when the reply's head is in. */
function download(origin: string, browser: Browser, path: string): Promise<IncomingMessage> {
  const cookie = [...browser.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  return new Promise((resolve, reject) => get(`${origin}${path}`, { headers: { cookie } }, resolve).on('error', reject));
}

/** Reads `response` until `bytes` have come, then stops reading. */
function received(response: IncomingMessage, bytes: number): Promise<void> {
  let count = 0;
  return new Promise((resolve, reject) => {
    response.on('data', (chunk: Buffer) => {
      count += chunk.length;
      if (count < bytes) return;
      response.pause();
      response.removeAllListeners('data');
      resolve();
    });
    response.once('end', () => reject(new Error(`the download ended after ${count} bytes`)));
  });
}

/** Queries of the register that PostgreSQL is running for this test's database right now. */
async function runningRegisterQueries(db: Database): Promise<number> {
  const { rows } = await sql<{ running: number }>`
    SELECT count(*)::int AS running FROM pg_stat_activity
    WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'active' AND query LIKE '%"follow_up_steps"%'
  `.execute(db);
  return rows[0]!.running;
}

/** Makes every audit write fail, as a full disk or a revoked grant would. */
async function breakAuditTrail(db: Database): Promise<void> {
  await sql`
    CREATE FUNCTION refuse_audit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'audit trail unavailable'; END $$;
    CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_events FOR EACH ROW EXECUTE FUNCTION refuse_audit();
  `.execute(db);
}

describe('the register as CSV', () => {
  test('has a BOM, a header row, the same rows as the page, and RFC 4180 quoting', async ({ management, database }) => {
    await seedFirm(database.db);
    await respond(database.db, 'anna', 'positive', {
      name: 'Jansen, "Jan"',
      wantsMoreServices: true,
      motivation: 'Regel een\nRegel twee',
      recommendScore: 9,
    });
    await respond(database.db, 'bram', 'negative', { name: 'Piet' });
    const browser = await logIn(management, database, 'admin@firm.example');
    const csv = await browser.get('/register.csv?group=positive');
    expect(csv.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(csv.headers['content-disposition']).toMatch(/^attachment; filename="ambassador-register-\d{4}-\d\d-\d\d\.csv"$/);
    // Excel reads a CSV file without a byte order mark as Windows-1252.
    expect(csv.rawPayload.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    const text = csv.rawPayload.subarray(3).toString('utf8');
    expect(text.split('\r\n')[0]).toBe(HEADER.join(','));
    expect(text).toContain('positive,yes,"Jansen, ""Jan""",');
    expect(text).toContain('"Regel een\nRegel twee"');
    expect(text).not.toContain('Piet');
    expect(text.endsWith('\r\n')).toBe(true);

    const everything = await browser.get('/register.csv');
    expect(everything.body).toContain('Piet');
    // The 0–10 score where it was given, an empty cell where it was not asked.
    const records = parseCsv(everything.rawPayload.subarray(3).toString('utf8'), ',').slice(1);
    expect(records.map((record) => [record[HEADER.indexOf('respondent_name')], record[HEADER.indexOf('recommend_score')]])).toEqual([
      ['Jansen, "Jan"', '9'],
      ['Piet', ''],
    ]);
  });

  test('keeps a cell with a semicolon in one cell in Excel set to Dutch, and no cell there starts a formula', async ({ management, database }) => {
    await seedFirm(database.db);
    await respond(database.db, 'anna', 'negative', { name: 'Klant; =2+3', motivation: 'Goed werk;=1+1;' });
    const browser = await logIn(management, database, 'admin@firm.example');
    const text = (await browser.get('/register.csv')).rawPayload.subarray(3).toString('utf8');
    expect(text).toContain('"Goed werk;=1+1;"');

    const dutch = parseCsv(text, ';');
    for (const record of dutch) for (const cell of record) expect(cell).not.toMatch(FORMULA_START);
    expect(dutch[1]!.join(';')).toContain('Goed werk;=1+1;');

    const [header, row] = parseCsv(text, ',');
    expect(header).toEqual(HEADER);
    expect(row![HEADER.indexOf('respondent_name')]).toBe('Klant; =2+3');
    expect(row![HEADER.indexOf('motivation')]).toBe('Goed werk;=1+1;');
  });

  test('neutralises cells that a spreadsheet would run as a formula', async ({ management, database }) => {
    await seedFirm(database.db);
    await respond(database.db, 'anna', 'negative', { name: '=HYPERLINK("http://evil.example","klik")', motivation: '+31 6 1234' });
    await respond(database.db, 'anna', 'negative', { name: '@SUM(A1)', motivation: '-1' });
    await respond(database.db, 'anna', 'negative', { name: '\tTab', motivation: '\rCR' });
    const browser = await logIn(management, database, 'admin@firm.example');
    const text = (await browser.get('/register.csv')).rawPayload.subarray(3).toString('utf8');
    expect(text).toContain(`"'=HYPERLINK(""http://evil.example"",""klik"")"`);
    const cells = parseCsv(text, ',').slice(1).flatMap((record) => [record[HEADER.indexOf('respondent_name')], record[HEADER.indexOf('motivation')]]);
    expect(cells.sort()).toEqual(["'\rCR", "'\tTab", "'+31 6 1234", "'-1", "'=HYPERLINK(\"http://evil.example\",\"klik\")", "'@SUM(A1)"].sort());
  });
});

describe('the register as XLSX', () => {
  test('has the columns, rows and filters of the CSV, text cells that are never formulas, and dates as dates', async ({ management, database }) => {
    await seedFirm(database.db);
    await respond(database.db, 'anna', 'positive', {
      name: '=HYPERLINK("http://evil.example","klik")',
      wantsMoreServices: true,
      motivation: 'Goed werk;=1+1;',
      submittedAt: new Date('2026-07-01T08:30:00Z'),
      recommendScore: 10,
    });
    await respond(database.db, 'bram', 'negative', { name: 'Piet' });
    const browser = await logIn(management, database, 'admin@firm.example');

    const register = await browser.get('/register?group=positive');
    expect(register.body).toContain('href="/register.xlsx?group=positive"');

    const answer = await browser.get('/register.xlsx?group=positive');
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(answer.headers['content-disposition']).toMatch(/^attachment; filename="ambassador-register-\d{4}-\d\d-\d\d\.xlsx"$/);
    const rows = sheetRows(await readXlsx(answer.rawPayload));
    expect(rows[0]).toEqual(HEADER);
    expect(rows).toHaveLength(2);
    const row = rows[1]!;
    const cell = (name: string) => row[HEADER.indexOf(name)];
    expect(cell('respondent_name')).toBe('=HYPERLINK("http://evil.example","klik")');
    expect(cell('motivation')).toBe('Goed werk;=1+1;');
    expect(cell('hot_lead')).toBe('yes');
    expect(cell('client')).toBe('Klant van Anna');
    // 08:30 UTC is 10:30 on the clocks in Amsterdam in July; Excel dates have no time zone.
    expect(cell('submitted_at')).toEqual(new Date('2026-07-01T10:30:00Z'));
    expect(cell('follow_up_updated_at')).toBeNull();
    expect(cell('recommend_score')).toBe(10);
    for (const value of row) expect(typeof value === 'object' && value !== null && !(value instanceof Date)).toBe(false);

    const everything = sheetRows(await readXlsx((await browser.get('/register.xlsx')).rawPayload));
    expect(everything.map((entry) => entry[HEADER.indexOf('respondent_name')])).toContain('Piet');
    expect(everything.find((entry) => entry[HEADER.indexOf('respondent_name')] === 'Piet')![HEADER.indexOf('recommend_score')]).toBeNull();
    const filtered = sheetRows(await readXlsx((await browser.get('/register.xlsx?accountManager=bram')).rawPayload));
    expect(filtered.slice(1).map((entry) => entry[HEADER.indexOf('respondent_name')])).toEqual(['Piet']);
    expect((await browser.get('/register.xlsx?from=yesterday')).statusCode).toBe(400);
  });

  test('is recorded in the audit trail like the CSV', async ({ management, database }) => {
    await seedFirm(database.db);
    const browser = await logIn(management, database, 'anna@firm.example');
    expect((await browser.get('/register.xlsx')).statusCode).toBe(200);
    const events = await database.db.selectFrom('auditEvents').select(['actor', 'action']).where('action', '=', 'register.exported').execute();
    expect(events).toEqual([{ actor: 'anna@firm.example', action: 'register.exported' }]);
  });
});

describe('both exports', () => {
  test('send nothing when the export cannot be recorded in the audit trail', async ({ management, database }) => {
    await seedFirm(database.db);
    await respond(database.db, 'anna', 'negative', { name: 'Geheime Klant' });
    const browser = await logIn(management, database, 'admin@firm.example');
    await breakAuditTrail(database.db);
    for (const url of ['/register.csv', '/register.xlsx']) {
      const answer = await browser.get(url);
      expect(answer.statusCode, url).toBe(500);
      expect(answer.headers['content-type'], url).toMatch(/^text\/html/);
      expect(answer.body, url).not.toContain('Geheime Klant');
    }
  });
});

describe('a large export', () => {
  test('has every row of every group in the scope, in the register\'s order, in both formats', async ({ management, database }) => {
    await seedFirm(database.db);
    await respondMany(database.db, 3000);
    // Marieke sees Anna's and Bram's projects.
    const browser = await logIn(management, database, 'marieke@firm.example');
    const expected = expectedOrder(3000, ['anna', 'bram']);
    expect(expected).toHaveLength(1500);

    const csv = parseCsv((await browser.get('/register.csv')).rawPayload.subarray(3).toString('utf8'), ',');
    expect(csv.slice(1).map((record) => record[HEADER.indexOf('respondent_name')])).toEqual(expected);
    const xlsx = sheetRows(await readXlsx((await browser.get('/register.xlsx')).rawPayload));
    expect(xlsx.slice(1).map((row) => row[HEADER.indexOf('respondent_name')])).toEqual(expected);
  });

  test.for(['csv', 'xlsx'])('sends its first megabyte while PostgreSQL is still reading the rows (%s), and ends the query when the download is cancelled', async (
    extension,
    { management, database },
  ) => {
    await seedFirm(database.db);
    // About 30 MB of text that compresses poorly: more than every buffer between the cursor and the client holds.
    await sql`CREATE TABLE noise AS SELECT k, (SELECT string_agg(md5(k || '-' || j), ' ') FROM generate_series(1, 45) j) AS text FROM generate_series(0, 996) k`.execute(database.db);
    await sql`ALTER TABLE noise ADD PRIMARY KEY (k)`.execute(database.db);
    await respondMany(database.db, 20_000, sql`(SELECT text FROM noise WHERE k = i % 997)`);
    const browser = await logIn(management, database, 'admin@firm.example');
    const origin = await management.app.listen({ host: '127.0.0.1', port: 0 });

    const response = await download(origin, browser, `/register.${extension}`);
    try {
      expect(response.statusCode).toBe(200);
      // A megabyte: rows, not just the zip's first entries.
      await received(response, 1024 * 1024);
      // A reply built whole would only start once the query had read its last row.
      expect(await runningRegisterQueries(database.db)).toBe(1);
    } finally {
      // Also when an expectation failed: a download left open would keep the server from closing.
      response.destroy();
    }
    await vi.waitFor(async () => expect(await runningRegisterQueries(database.db)).toBe(0));
  });
});
