import { buildManagement } from '@ambassador/management/test/management-app';
import { launchChromium, screenshot, skipWithoutChromium } from '@ambassador/testing/browser';
import type { TestSmtpServer } from '@ambassador/testing/smtp-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, vi } from 'vitest';
import { expectNoAxeViolations } from './axe.ts';
import { test } from './pipeline.ts';

/**
 * Administration in real Chromium: an admin imports people and projects from a CSV written the
 * Dutch way, checks the preview and confirms; manages people and projects; an account manager
 * closes a project with the button and the invitation e-mail reaches the client over SMTP.
 * axe-core checks every page; screenshots go to test-artifacts/screenshots/.
 */

let browser: Browser | undefined;
const skip = skipWithoutChromium('the browser tests of the administration pages');

beforeAll(async () => {
  if (!skip) browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
});

const BROWSER_TEST_TIMEOUT = 180_000;
const ADMIN = 'beheer@firm.example';
const BOM = '\uFEFF';

/** Signs in through the login e-mail, as a person does. */
async function signIn(page: Page, origin: string, smtp: TestSmtpServer, email: string): Promise<void> {
  await page.goto(`${origin}/login`);
  await page.getByLabel('E-mailadres').fill(email);
  await page.getByRole('button', { name: 'Stuur mij een inloglink' }).click();
  const mail = await vi.waitFor(() => {
    const found = smtp.receivedBy(email).at(-1);
    expect(found?.parsed.subject).toBe('Je inloglink voor Ambassador');
    return found!;
  });
  await page.goto(`${origin}${/http:\/\/management\.test(\/login\/[A-Za-z0-9_-]{43})/.exec(mail.parsed.text ?? '')![1]!}`);
  await page.getByRole('button', { name: 'Inloggen' }).click();
  await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Ambassadeursregister');
}

async function heading(page: Page): Promise<string | null> {
  return page.getByRole('heading', { level: 1 }).textContent();
}

/** Checks the page with axe-core and keeps a screenshot of it. */
async function checked(page: Page, name: string): Promise<void> {
  await expectNoAxeViolations(page);
  await screenshot(page, name);
}

describe.skipIf(skip)('administration in Chromium', () => {
  test('an admin imports 3 employees and 2 projects from Dutch CSV files, checks the previews, confirms, and manages them', { timeout: BROWSER_TEST_TIMEOUT }, async ({
    pipeline,
    smtp,
    database,
    redis,
    logger,
  }) => {
    const management = await buildManagement({ database, redis, logger }, { clock: pipeline.clock, adminEmails: [ADMIN] });
    try {
      const origin = await management.app.listen({ host: '127.0.0.1', port: 0 });
      const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' });
      const page = await context.newPage();
      await signIn(page, origin, smtp, ADMIN);

      await page.getByRole('link', { name: 'Importeren' }).click();
      await expect.poll(() => heading(page)).toBe('Importeren');
      await checked(page, 'admin-import');

      // A file with a column the import does not know: refused as a whole, with the reason.
      await page.getByLabel('Medewerkers').check();
      await page.getByLabel(/Bestand/).setInputFiles({ name: 'salaris.csv', mimeType: 'text/csv', buffer: Buffer.from(`${BOM}id;name;email;salaris\r\n1;A;a@firm.example;100\r\n`) });
      await page.getByRole('button', { name: 'Controleren' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('Onbekende kolommen: salaris.');
      await checked(page, 'admin-import-file-refused');
      // Rows that cannot be imported: the preview says which and why, and offers to store the rest.
      const mixed = `${BOM}id;name;email;managerId\r\nok-1;Goed;goed@firm.example;mgr-1\r\nfout 2;Fout;geen-adres;\r\nok-3;Wees;wees@firm.example;niemand\r\n`;
      await page.getByLabel('Medewerkers').check();
      await page.getByLabel(/Bestand/).setInputFiles({ name: 'gemengd.csv', mimeType: 'text/csv', buffer: Buffer.from(mixed) });
      await page.getByRole('button', { name: 'Controleren' }).click();
      await expect.poll(() => page.getByRole('row', { name: /Geweigerd/ }).count()).toBe(2);
      expect(await page.getByRole('row', { name: /ok-3/ }).textContent()).toContain('managerId: geen medewerker met id niemand');
      await checked(page, 'admin-import-preview-refusals');
      await page.getByRole('link', { name: 'Ander bestand kiezen' }).click();

      // As Dutch Excel saves "CSV (gescheiden door puntkomma's)" with UTF-8: a BOM, `;`, CRLF.
      const employees = `${BOM}id;name;email;managerId;division;locale;phone\r\nhr-101;Sanne de Boer;sanne@firm.example;mgr-1;Water;nl;\r\nhr-102;Özil Yılmaz;ozil@firm.example;hr-101;"Water; Bodem";en;+31 6 1234 5678\r\nhr-103;Jeroen ter Horst;jeroen@firm.example;hr-101;Bouw;;\r\n`;
      await page.getByLabel('Medewerkers').check();
      await page.getByLabel(/Bestand/).setInputFiles({ name: 'medewerkers.csv', mimeType: 'text/csv', buffer: Buffer.from(employees) });
      await page.getByRole('button', { name: 'Controleren' }).click();
      await expect.poll(() => heading(page)).toBe('Controle van medewerkers.csv');
      await expect.poll(() => page.getByRole('row', { name: /hr-10[123]/ }).count()).toBe(3);
      expect(await page.getByRole('row', { name: /Özil Yılmaz/ }).textContent()).toContain('Nieuw');
      await checked(page, 'admin-import-preview-employees');
      expect(await database.db.selectFrom('employees').select('id').where('id', 'like', 'hr-%').execute()).toEqual([]);
      await page.getByRole('button', { name: 'Bevestigen: 3 regels opslaan' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toBe('Import opgeslagen: 3 nieuw, 0 gewijzigd, 0 ongewijzigd, 0 geweigerd (niet opgeslagen).');
      await checked(page, 'admin-import-done');

      const projects = `${BOM}id;name;clientId;clientName;contactName;contactEmail;contactLocale;accountManagerId\r\nCRM-1;Kademuur Oudegracht;gem-utrecht;Gemeente Utrecht;Jan Jansen;jan.jansen@utrecht.example;nl;hr-102\r\nCRM-2;Fietsbrug Zuid;prov-gld;Provincie Gelderland;Fenna Visser;fenna@gelderland.example;en;hr-103\r\n`;
      await page.getByLabel('Projecten').check();
      await page.getByLabel(/Bestand/).setInputFiles({ name: 'projecten.csv', mimeType: 'text/csv', buffer: Buffer.from(projects) });
      await page.getByRole('button', { name: 'Controleren' }).click();
      await expect.poll(() => heading(page)).toBe('Controle van projecten.csv');
      await expect.poll(() => page.getByRole('row', { name: /CRM-[12]/ }).count()).toBe(2);
      await checked(page, 'admin-import-preview-projects');
      await page.getByRole('button', { name: 'Bevestigen: 2 regels opslaan' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toContain('2 nieuw');
      expect(await database.db.selectFrom('projects').select(['id', 'accountManagerId']).where('id', 'like', 'CRM-%').orderBy('id').execute()).toEqual([
        { id: 'CRM-1', accountManagerId: 'hr-102' },
        { id: 'CRM-2', accountManagerId: 'hr-103' },
      ]);

      // People: the list, the org chart, a person's page with its deactivation, a form with errors.
      await page.getByRole('link', { name: 'Mensen', exact: true }).click();
      await expect.poll(() => heading(page)).toBe('Mensen');
      await checked(page, 'admin-people');
      await page.getByRole('link', { name: 'Organogram' }).click();
      // Marieke ← Sanne (imported under her) ← Özil and Jeroen.
      await expect.poll(() => page.locator('ul.tree ul ul').getByRole('link', { name: 'Özil Yılmaz' }).count()).toBe(1);
      await checked(page, 'admin-org-chart');
      await page.getByRole('link', { name: 'Özil Yılmaz' }).click();
      await expect.poll(() => heading(page)).toBe('Özil Yılmaz bewerken');
      await checked(page, 'admin-person-edit');
      await page.getByLabel('Projecten gaan naar').selectOption('hr-103');
      await page.getByRole('button', { name: 'Deactiveren en projecten overdragen' }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toBe('Gedeactiveerd. 1 project is overgedragen.');
      await checked(page, 'admin-person-deactivated');

      await page.goto(`${origin}/people/new`);
      await page.getByLabel('Naam').fill('Nieuwe Collega');
      await page.getByLabel('E-mailadres').fill('geen-adres');
      await page.getByRole('button', { name: 'Opslaan' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('Vul een geldig e-mailadres in.');
      await checked(page, 'admin-person-new-errors');

      // Projects: every one for an admin; a project's form.
      await page.getByRole('link', { name: 'Projecten' }).click();
      await expect.poll(() => page.getByRole('row', { name: /Kademuur Oudegracht/ }).textContent()).toContain('Jeroen ter Horst');
      await checked(page, 'admin-projects');
      await page.getByRole('link', { name: 'Project toevoegen' }).click();
      await page.getByLabel('Klantorganisatie').selectOption({ label: 'Gemeente Utrecht' });
      await page.getByRole('button', { name: 'Opslaan' }).click();
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('Vul een projectnaam in');
      await checked(page, 'admin-project-new-errors');
      await context.close();
    } finally {
      await management.close();
    }
  });

  test('an account manager closes a project with the button and the invitation e-mail reaches the client', { timeout: BROWSER_TEST_TIMEOUT }, async ({
    pipeline,
    smtp,
    database,
    redis,
    logger,
  }) => {
    const management = await buildManagement({ database, redis, logger }, { clock: pipeline.clock, adminEmails: [] });
    try {
      const origin = await management.app.listen({ host: '127.0.0.1', port: 0 });
      const context = await browser!.newContext({ viewport: { width: 1280, height: 900 }, locale: 'nl-NL' });
      const page = await context.newPage();
      await signIn(page, origin, smtp, 'anton@firm.example');

      await page.getByRole('link', { name: 'Projecten' }).click();
      await expect.poll(() => heading(page)).toBe('Projecten');
      const row = page.getByRole('row', { name: /Riolering Oost/ });
      expect(await row.textContent()).toContain('Nog niet uitgenodigd');
      await checked(page, 'account-manager-projects');

      await row.getByRole('button', { name: /Project afgerond — uitnodiging versturen/ }).click();
      await expect.poll(() => page.getByRole('status').textContent()).toBe('Project afgesloten. Jan Jansen krijgt nu de uitnodiging per e-mail.');
      const invitation = await vi.waitFor(() => {
        const found = smtp.receivedBy('jan.jansen@utrecht.example').at(-1);
        expect(found).toBeDefined();
        return found!;
      });
      expect(invitation.parsed.text).toMatch(/http:\/\/ambassador\.test\/s\/[A-Za-z0-9_-]{43}/u);
      // The state follows the delivery: queued, then sent once the notifier has recorded the SMTP server's answer.
      await expect
        .poll(async () => {
          await page.reload();
          return page.getByRole('row', { name: /Riolering Oost/ }).textContent();
        })
        .toMatch(/Uitgenodigd op/u);
      expect(await page.getByRole('row', { name: /Riolering Oost/ }).getByRole('button').count()).toBe(0);
      await checked(page, 'account-manager-project-invited');
      expect(await database.db.selectFrom('auditEvents').select(['actor', 'subjectId']).where('action', '=', 'project.closed').execute()).toEqual([
        { actor: 'anton@firm.example', subjectId: 'P-100' },
      ]);
      await context.close();
    } finally {
      await management.close();
    }
  });
});
