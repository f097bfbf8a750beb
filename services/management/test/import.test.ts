import ExcelJS from 'exceljs';
import { describe, expect } from 'vitest';
import { type Browser, logIn, test } from './management-app.ts';
import { seedFirm } from './seed.ts';

const ADMIN = 'admin@firm.example';
const BOM = '\uFEFF';

/** A CSV as Dutch Excel saves it: a byte order mark, `;` between cells, CRLF. */
function dutchCsv(rows: readonly (readonly string[])[]): string {
  return BOM + rows.map((cells) => cells.map((value) => (/[;"\r\n]/u.test(value) ? `"${value.replaceAll('"', '""')}"` : value)).join(';')).join('\r\n') + '\r\n';
}

async function upload(admin: Browser, kind: 'employees' | 'projects', content: Buffer | string, name = `${kind}.csv`) {
  await admin.get('/import');
  return admin.upload('/import', { kind }, { field: 'file', name, content });
}

/** The rows of the preview: [row, id, action] per row. */
function previewRows(page: string): string[][] {
  return [...page.matchAll(/<tr class="(\w+)"><td>(\d+)<\/td><td>([^<]*)<\/td>/gu)].map((match) => [match[2]!, match[3]!, match[1]!]);
}

const employeesFile = dutchCsv([
  ['id', 'name', 'email', 'managerId', 'division', 'locale', 'phone'],
  ['e-anouk', 'Anouk Bakker', 'anouk@firm.example', 'e-joost', 'Water; Bodem', 'nl', ''],
  ['e-bas', 'Bas Çelik', 'BAS@firm.example', 'e-joost', '', 'en', '+31 6 1234 5678'],
  ['e-joost', 'Joost van Dijk-Müller', 'joost@firm.example', 'dirk', 'Water', '', ''],
]);

describe('the import', () => {
  test('is for admins only', async ({ management, database }) => {
    await seedFirm(database.db);
    const anna = await logIn(management, database, 'anna@firm.example');
    expect((await anna.get('/import')).statusCode).toBe(404);
    expect((await anna.get('/import/templates/employees.csv')).statusCode).toBe(404);
  });

  test('reads a Dutch CSV (;, BOM, accents, a quoted ;), previews it without writing, and writes it all on confirmation, audited', async ({
    management,
    database,
  }) => {
    await seedFirm(database.db);
    const { db } = database;
    const admin = await logIn(management, database, ADMIN);
    const uploaded = await upload(admin, 'employees', employeesFile);
    expect(uploaded.statusCode).toBe(303);
    const previewUrl = uploaded.headers.location!;
    expect(previewUrl).toMatch(/^\/import\/[0-9a-f-]{36}$/u);

    const preview = await admin.get(previewUrl);
    expect(preview.statusCode).toBe(200);
    expect(previewRows(preview.body)).toEqual([
      ['2', 'e-anouk', 'create'],
      ['3', 'e-bas', 'create'],
      ['4', 'e-joost', 'create'],
    ]);
    expect(preview.body).toContain('Bevestigen: 3 regels opslaan');
    // A preview (even twice) writes nothing.
    await admin.get(previewUrl);
    expect(await db.selectFrom('employees').select('id').where('id', 'like', 'e-%').execute()).toEqual([]);

    const applied = await admin.post(`${previewUrl}/apply`, {});
    expect(applied.statusCode).toBe(303);
    expect(applied.headers.location).toBe('/import?created=3&changed=0&unchanged=0&refused=0');
    expect((await admin.get(applied.headers.location!)).body).toContain('Import opgeslagen: 3 nieuw, 0 gewijzigd, 0 ongewijzigd, 0 geweigerd');
    expect(await db.selectFrom('employees').select(['id', 'name', 'email', 'managerId', 'division', 'locale', 'phone']).where('id', 'like', 'e-%').orderBy('id').execute()).toEqual([
      { id: 'e-anouk', name: 'Anouk Bakker', email: 'anouk@firm.example', managerId: 'e-joost', division: 'Water; Bodem', locale: 'nl', phone: null },
      { id: 'e-bas', name: 'Bas Çelik', email: 'bas@firm.example', managerId: 'e-joost', division: null, locale: 'en', phone: '+31612345678' },
      { id: 'e-joost', name: 'Joost van Dijk-Müller', email: 'joost@firm.example', managerId: 'dirk', division: 'Water', locale: 'nl', phone: null },
    ]);
    const events = await db.selectFrom('auditEvents').select(['actor', 'action', 'subjectId']).where('action', 'in', ['employee.upserted', 'import.applied']).orderBy('id').execute();
    expect(events).toEqual([
      { actor: ADMIN, action: 'employee.upserted', subjectId: 'e-anouk' },
      { actor: ADMIN, action: 'employee.upserted', subjectId: 'e-bas' },
      { actor: ADMIN, action: 'employee.upserted', subjectId: 'e-joost' },
      { actor: ADMIN, action: 'import.applied', subjectId: previewUrl.slice('/import/'.length) },
    ]);
    // Its rows are gone once applied, and confirming again does nothing.
    expect(await db.selectFrom('imports').select(['rows', 'appliedAt']).execute()).toEqual([{ rows: null, appliedAt: management.clock.read() }]);
    await admin.get('/import');
    expect((await admin.post(`${previewUrl}/apply`, {})).statusCode).toBe(410);

    // The nightly export again: nothing changes.
    const again = await admin.get((await upload(admin, 'employees', employeesFile)).headers.location!);
    expect(previewRows(again.body).map(([, , action]) => action)).toEqual(['unchanged', 'unchanged', 'unchanged']);
    expect(again.body).toContain('Er is niets op te slaan.');
  });

  test('refuses rows with the reason, and writes the others', async ({ management, database }) => {
    await seedFirm(database.db);
    const { db } = database;
    const admin = await logIn(management, database, ADMIN);
    const file = dutchCsv([
      ['ID', 'Name', 'Email', 'ManagerId'],
      ['ok', 'Goed', 'goed@firm.example', 'anna'],
      ['bad email', 'Fout', 'not-an-address', ''],
      ['ok', 'Dubbel', 'dubbel@firm.example', ''],
      ['taken', 'Bezet', 'anna@firm.example', ''],
      ['orphan', 'Wees', 'wees@firm.example', 'nobody'],
      ['marieke', 'Marieke Manager', 'marieke@firm.example', 'anna'],
      ['anna', 'Anna Accountmanager', 'anna@firm.example', 'marieke'],
      ['bram2', 'Bram twee', 'bram@firm.example', ''],
    ]);
    const preview = await admin.get((await upload(admin, 'employees', file)).headers.location!);
    const text = preview.body.replace(/\s+/gu, ' ');
    expect(previewRows(preview.body)).toEqual([
      ['3', 'bad email', 'refused'],
      ['4', 'ok', 'refused'],
      ['5', 'taken', 'refused'],
      ['6', 'orphan', 'refused'],
      ['7', 'marieke', 'refused'],
      ['9', 'bram2', 'refused'],
      ['2', 'ok', 'create'],
      // No division column: the division is emptied, as a PUT without it does.
      ['8', 'anna', 'change'],
    ]);
    expect(text).toContain('id: Een id is 1 tot 64 tekens');
    expect(text).toContain('email: Vul een geldig e-mailadres in.');
    expect(text).toContain('deze id staat al op rij 2');
    expect(text).toContain('dit e-mailadres staat al op rij 8');
    expect(text).toContain('medewerker bram heeft dit e-mailadres al');
    expect(text).toContain('Verandert: division');
    expect(text).toContain('managerId: geen medewerker met id nobody');
    expect(text).toContain('managerId: dan rapporteert iemand (via anderen) aan zichzelf');
    const applied = await admin.post(`/import/${/\/import\/([0-9a-f-]{36})\/apply/u.exec(preview.body)![1]!}/apply`, {});
    expect(applied.headers.location).toBe('/import?created=1&changed=1&unchanged=0&refused=6');
    expect(await db.selectFrom('employees').select('managerId').where('id', '=', 'marieke').executeTakeFirst()).toEqual({ managerId: 'dirk' });
  });

  test('imports projects from a CSV with , (a new client and contact), and shows a changed name on the next import', async ({ management, database }) => {
    await seedFirm(database.db);
    const { db } = database;
    const admin = await logIn(management, database, ADMIN);
    const header = 'id,name,clientId,clientName,contactName,contactEmail,contactLocale,accountManagerId';
    const first = `${header}\nP-1,Dijkversterking,c-rws,Rijkswaterstaat,Eva Smit,eva@rws.example,,anna\nP-2,Sluis,c-rws,Rijkswaterstaat,Eva Smit,eva@rws.example,en,carla\nP-3,Weg,c-x,X,Y,y@x.example,,nobody\n`;
    const preview = await admin.get((await upload(admin, 'projects', first)).headers.location!);
    expect(previewRows(preview.body)).toEqual([
      ['4', 'P-3', 'refused'],
      ['2', 'P-1', 'create'],
      ['3', 'P-2', 'create'],
    ]);
    expect(preview.body).toContain('accountManagerId: geen medewerker met id nobody');
    await admin.post(`/import/${/\/import\/([0-9a-f-]{36})\/apply/u.exec(preview.body)![1]!}/apply`, {});
    expect(
      await db
        .selectFrom('projects')
        .innerJoin('contacts', 'contacts.id', 'projects.contactId')
        .select(['projects.id', 'projects.clientId', 'contacts.email', 'contacts.locale', 'projects.accountManagerId'])
        .where('projects.id', 'like', 'P-%')
        .orderBy('projects.id')
        .execute(),
    ).toEqual([
      { id: 'P-1', clientId: 'c-rws', email: 'eva@rws.example', locale: 'en', accountManagerId: 'anna' },
      { id: 'P-2', clientId: 'c-rws', email: 'eva@rws.example', locale: 'en', accountManagerId: 'carla' },
    ]);

    const second = first.replace('P-1,Dijkversterking', 'P-1,Dijkversterking Noord').replace(',,anna', ',en,anna');
    const next = await admin.get((await upload(admin, 'projects', second)).headers.location!);
    expect(previewRows(next.body)).toEqual([
      ['4', 'P-3', 'refused'],
      ['2', 'P-1', 'change'],
      ['3', 'P-2', 'unchanged'],
    ]);
    expect(next.body).toContain('Verandert: name');
  });

  test('reads an XLSX file the same way', async ({ management, database }) => {
    await seedFirm(database.db);
    const admin = await logIn(management, database, ADMIN);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Medewerkers');
    sheet.addRow(['id', 'name', 'email', 'managerId', 'division', 'locale', 'phone']);
    sheet.addRow(['x-1', 'Xenia', 'xenia@firm.example', 'dirk', 'Bouw', 'en', '+31612345678']);
    const content = Buffer.from(await workbook.xlsx.writeBuffer());
    const preview = await admin.get((await upload(admin, 'employees', content, 'medewerkers.xlsx')).headers.location!);
    expect(previewRows(preview.body)).toEqual([['2', 'x-1', 'create']]);
  });

  test('refuses a file it cannot read with 422 and says why: unknown or missing columns, not UTF-8, empty, no file', async ({ management, database }) => {
    await seedFirm(database.db);
    const admin = await logIn(management, database, ADMIN);
    const refused = async (kind: 'employees' | 'projects', content: Buffer | string) => {
      const answer = await upload(admin, kind, content);
      expect(answer.statusCode).toBe(422);
      expect(answer.body).toContain('<div class="error-summary" role="alert"');
      return answer.body;
    };
    expect(await refused('employees', 'id;name;email;salary\n1;A;a@b.example;100\n')).toContain('Onbekende kolommen: salary.');
    expect(await refused('projects', 'id;name\n1;A\n')).toContain('Deze kolommen ontbreken: clientId, clientName, contactName, contactEmail, accountManagerId.');
    expect(await refused('employees', Buffer.from('id;name;email\n1;J\xfcrgen;j@b.example\n', 'latin1'))).toContain('Het bestand is geen UTF-8');
    expect(await refused('employees', `${BOM}id;name;email\r\n`)).toContain('geen regels onder de kolomnamen');
    await admin.get('/import');
    const none = await admin.upload('/import', { kind: 'employees' }, { field: 'file', name: '', content: '' });
    expect(none.statusCode).toBe(422);
    expect(none.body).toContain('Kies een bestand.');
  });

  test('refuses an upload without the page\'s CSRF token (403), and a file over 10 MiB (413), storing nothing', async ({ management, database }) => {
    const admin = await logIn(management, database, ADMIN);
    await admin.get('/import');
    const forged = await admin.app.inject({
      method: 'POST',
      url: '/import',
      headers: { ...admin.cookieHeader(), 'content-type': 'multipart/form-data; boundary=x' },
      payload: '--x\r\nContent-Disposition: form-data; name="kind"\r\n\r\nemployees\r\n--x\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nid;name;email\r\n1;A;a@b.example\r\n--x--\r\n',
    });
    expect(forged.statusCode).toBe(403);
    const tooLarge = await upload(admin, 'employees', `id;name;email\n${'x'.repeat(10 * 1024 * 1024)}\n`);
    expect(tooLarge.statusCode).toBe(413);
    expect(tooLarge.body).toContain('Het bestand is groter dan 10 MB.');
    expect(await database.db.selectFrom('imports').select('id').execute()).toEqual([]);
  });

  test('keeps an upload for an hour, to admins only', async ({ management, database }) => {
    await seedFirm(database.db);
    const admin = await logIn(management, database, ADMIN);
    const previewUrl = (await upload(admin, 'employees', employeesFile)).headers.location!;
    const dirk = await logIn(management, database, 'dirk@firm.example');
    expect((await dirk.get(previewUrl)).statusCode).toBe(404);
    expect((await admin.get(previewUrl)).statusCode).toBe(200);

    management.clock.advanceDays(1 / 24 + 0.001);
    const later = await logIn(management, database, ADMIN);
    const expired = await later.get(previewUrl);
    expect(expired.statusCode).toBe(410);
    expect(expired.body).toContain('Deze controle is verlopen of al bevestigd.');
    // The next upload takes the expired one's rows with it.
    await upload(later, 'employees', employeesFile);
    expect(await database.db.selectFrom('imports').select('id').execute()).toHaveLength(1);
  });

  test('offers both templates, as Dutch Excel reads them', async ({ management, database }) => {
    const admin = await logIn(management, database, ADMIN);
    const page = await admin.get('/import');
    expect(page.body).toContain('href="/import/templates/employees.csv"');
    const template = await admin.get('/import/templates/projects.csv');
    expect(template.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(template.body.startsWith(`${BOM}id;name;clientId;clientName;contactName;contactEmail;contactLocale;accountManagerId\r\n`)).toBe(true);
  });

  test('imports 10,000 employees and then 10,000 projects in seconds', async ({ management, database }) => {
    await seedFirm(database.db);
    const { db } = database;
    const admin = await logIn(management, database, ADMIN);
    const people = [['id', 'name', 'email', 'managerId', 'division', 'locale', 'phone']];
    for (let i = 0; i < 10_000; i += 1) people.push([`bulk-${i}`, `Medewerker ${i}`, `m${i}@firm.example`, i < 100 ? 'dirk' : `bulk-${i % 100}`, `Divisie ${i % 7}`, i % 2 ? 'nl' : 'en', '']);
    const projects = [['id', 'name', 'clientId', 'clientName', 'contactName', 'contactEmail', 'contactLocale', 'accountManagerId']];
    for (let i = 0; i < 10_000; i += 1) projects.push([`bulk-p-${i}`, `Project ${i}`, `client-${i % 500}`, `Klant ${i % 500}`, `Contact ${i}`, `c${i}@client.example`, 'nl', `bulk-${i}`]);

    for (const [kind, rows] of [['employees', people], ['projects', projects]] as const) {
      const started = performance.now();
      const preview = await admin.get((await upload(admin, kind, dutchCsv(rows))).headers.location!);
      const previewed = performance.now();
      expect(preview.body).toContain('<li><strong>10000</strong> nieuw</li>');
      const applied = await admin.post(`/import/${/\/import\/([0-9a-f-]{36})\/apply/u.exec(preview.body)![1]!}/apply`, {});
      const done = performance.now();
      expect(applied.headers.location).toBe('/import?created=10000&changed=0&unchanged=0&refused=0');
      process.stdout.write(`import of 10,000 ${kind}: upload and preview ${Math.round(previewed - started)} ms, confirmation ${Math.round(done - previewed)} ms\n`);
      expect(done - started).toBeLessThan(20_000);
    }
    expect(Number((await db.selectFrom('projects').select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow()).count)).toBe(10_004);
    expect(Number((await db.selectFrom('auditEvents').select((eb) => eb.fn.countAll<string>().as('count')).where('action', '=', 'project.upserted').executeTakeFirstOrThrow()).count)).toBe(10_000);
  });
});
