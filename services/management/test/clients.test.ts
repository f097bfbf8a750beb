import { ANONYMISED_NAME, anonymisedEmail } from '@ambassador/db/anonymisation';
import { sql } from 'kysely';
import { describe, expect } from 'vitest';
import { clientMessages } from '../src/views/client-messages.ts';
import { addAnswer, addProject, ELS, november, seedSharedClient } from './client-seed.ts';
import { logIn, test } from './management-app.ts';
import { respond, seedFirm } from './seed.ts';

// Viewers without a locale of their own (and the admin, who is no employee) read Dutch.
const c = clientMessages.nl;

function text(markup: string): string {
  return markup
    .replace(/<span class="visually-hidden">[\s\S]*?<\/span>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

/** The rows of the table whose caption starts with `caption`, each as the text of its cells; undefined when there is none. */
function table(page: string, caption: string): string[][] | undefined {
  const found = new RegExp(`<caption>${caption}[^<]*</caption>([\\s\\S]*?)</table>`).exec(page);
  if (!found) return undefined;
  const body = found[1]!.split('<tbody>')[1]!;
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => text(cell[1]!)));
}

const contacts = (page: string) => table(page, '\\d+ contactperso')?.map(([name, group]) => `${name} ${group}`);
const followUps = (page: string) => table(page, '\\d+ reacties? met open')?.map(([name, , , , status]) => `${name} (${status})`);
const projects = (page: string) => table(page, '\\d+ project')?.map(([name]) => name!.replace('Project shared-', ''));

function fact(page: string, term: string): string | undefined {
  const found = new RegExp(`<dt>${term}</dt><dd>([\\s\\S]*?)</dd>`).exec(page);
  return found ? text(found[1]!) : undefined;
}

describe('the page of a client organisation', () => {
  test('shows, by name, who there is an ambassador now, their answers over time, what is open and the response rate', async ({ management, database }) => {
    const ids = await seedSharedClient(database.db);
    const browser = await logIn(management, database, 'admin@firm.example');
    const answer = await browser.get('/clients/client-shared');
    expect(answer.statusCode).toBe(200);
    const page = answer.body;
    expect(page).toContain('<h1>Gemeente Gedeeld</h1>');
    expect(page).not.toContain(c.scoped);

    // By the group of their latest answer: + first, then −, then 0.
    expect(contacts(page)).toEqual(['Els Ambassadeur + Positief', 'Hanna Hoera + Positief', 'Fred Foetsie \u2212 Negatief', 'Gijs Gewoon 0 Neutraal']);
    // Els was − in October (another project) and + in November, a hot lead: oldest first, each a link to the response.
    const els = table(page, '\\d+ contactperso')![0]![2]!;
    expect(els).toBe('\u2212 5 okt 2026 · Project shared-anna-2 + 10 nov 2026 · Project shared-anna-1 Hot lead');
    expect(page.indexOf(`/responses/${ids.elsNegative}`)).toBeLessThan(page.indexOf(`/responses/${ids.elsPositive}`));
    expect(page).toMatch(new RegExp(`<span class="badge negative"[^>]*>.*?</span></span> <a href="/responses/${ids.elsNegative}"><time`));

    // Els's − is done and Hanna's + too; Els's + is open, Fred's − in progress; Gijs is neutral.
    expect(followUps(page)).toEqual(['+ Els Ambassadeur Hot lead (Open)', '\u2212 Fred Foetsie (In behandeling)']);
    expect(fact(page, c.openFollowUps)).toBe('2');
    expect(fact(page, c.contactsByGroup)).toBe('+ Positief: 2 · − Negatief: 1 · 0 Neutraal: 1');

    // Sent: anna-1, bram-1, bram-2, carla-1 (carla-2's e-mail is still waiting); answered: all but bram-2.
    expect(fact(page, c.responseRate)).toBe(c.responseRateValue('75%', 3, 4));
    expect(projects(page)?.sort()).toEqual(['anna-1', 'anna-2', 'bram-1', 'bram-2', 'carla-1', 'carla-2', 'xander-1']);
    const invitations = Object.fromEntries(table(page, '\\d+ project')!.map(([name, , , invitation]) => [name!.replace('Project shared-', ''), invitation]));
    expect(invitations).toMatchObject({
      'anna-1': 'Verstuurd 1 okt 2026 · beantwoord',
      'anna-2': c.notInvited,
      'bram-2': 'Verstuurd 2 nov 2026 · nog niet beantwoord',
      'carla-2': c.notInvited,
    });
    expect(page).toContain('<a href="/register?client=client-shared">');
  });

  const scopes: [string, { contacts: string[]; followUps: string[]; responseRate: string; projects: string[] }][] = [
    ['anna@firm.example', { contacts: ['Els Ambassadeur + Positief'], followUps: ['+ Els Ambassadeur Hot lead (Open)'], responseRate: c.responseRateValue('100%', 1, 1), projects: ['anna-1', 'anna-2'] }],
    [
      'marieke@firm.example',
      {
        contacts: ['Els Ambassadeur + Positief', 'Fred Foetsie \u2212 Negatief'],
        followUps: ['+ Els Ambassadeur Hot lead (Open)', '\u2212 Fred Foetsie (In behandeling)'],
        responseRate: c.responseRateValue('67%', 2, 3),
        projects: ['anna-1', 'anna-2', 'bram-1', 'bram-2'],
      },
    ],
    [
      'dirk@firm.example',
      {
        contacts: ['Els Ambassadeur + Positief', 'Fred Foetsie \u2212 Negatief', 'Gijs Gewoon 0 Neutraal'],
        followUps: ['+ Els Ambassadeur Hot lead (Open)', '\u2212 Fred Foetsie (In behandeling)'],
        responseRate: c.responseRateValue('75%', 3, 4),
        projects: ['anna-1', 'anna-2', 'bram-1', 'bram-2', 'carla-1', 'carla-2'],
      },
    ],
    ['xander@firm.example', { contacts: ['Hanna Hoera + Positief'], followUps: [], responseRate: c.noInvitations, projects: ['xander-1'] }],
  ];

  for (const [email, expected] of scopes) {
    test(`shows ${email} only the projects of their team, and what was answered there`, async ({ management, database }) => {
      await seedSharedClient(database.db);
      const browser = await logIn(management, database, email);
      const answer = await browser.get('/clients/client-shared');
      expect(answer.statusCode).toBe(200);
      expect(answer.body).toContain(c.scoped);
      expect(contacts(answer.body)).toEqual(expected.contacts);
      expect(followUps(answer.body) ?? []).toEqual(expected.followUps);
      expect(fact(answer.body, c.responseRate)).toBe(expected.responseRate);
      expect(projects(answer.body)?.sort()).toEqual(expected.projects);
      for (const name of ['Els', 'Fred', 'Gijs', 'Hanna', 'Iris', 'Jan Later']) {
        if (!expected.contacts.some((contact) => contact.startsWith(name))) expect(answer.body, name).not.toContain(name);
      }
    });
  }

  test('is a 404 for a viewer who may see none of its projects, for an unknown client and for a malformed id', async ({ management, database }) => {
    await seedSharedClient(database.db);
    await database.db.insertInto('employees').values({ id: 'nina', name: 'Nina Nieuw', email: 'nina@firm.example' }).execute();
    const nina = await logIn(management, database, 'nina@firm.example');
    expect((await nina.get('/clients/client-shared')).statusCode).toBe(404);
    // Bram's team is Bram: Anna's client is not his, Xander's is not Marieke's.
    const bram = await logIn(management, database, 'bram@firm.example');
    expect((await bram.get('/clients/client-anna')).statusCode).toBe(404);
    expect((await bram.get('/clients/client-bram')).statusCode).toBe(200);
    const marieke = await logIn(management, database, 'marieke@firm.example');
    expect((await marieke.get('/clients/client-xander')).statusCode).toBe(404);
    const admin = await logIn(management, database, 'admin@firm.example');
    expect((await admin.get('/clients/client-xander')).statusCode).toBe(200);
    const unknown = await admin.get('/clients/no-such-client');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.body).toContain('Niet gevonden');
    expect((await admin.get('/clients/not%20an%20id')).statusCode).toBe(404);
  });

  test('shows an admin a client without projects, and asks anyone else to log in first', async ({ management, database }) => {
    await seedFirm(database.db);
    await database.db.insertInto('clients').values({ id: 'client-new', name: 'Nieuwe Klant' }).execute();
    const anonymous = await management.app.inject({ method: 'GET', url: '/clients/client-new' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/login');
    const admin = await logIn(management, database, 'admin@firm.example');
    const page = await admin.get('/clients/client-new');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(c.noProjects);
    expect(page.body).toContain(c.noContacts);
    expect(fact(page.body, c.responseRate)).toBe(c.noInvitations);
  });

  test('leaves answers that retention anonymised out of the people, and says how many there are', async ({ management, database }) => {
    const ids = await seedSharedClient(database.db);
    // As retention leaves them: no name, an address of its own in the reserved domain.
    for (const id of [ids.elsNegative, ids.hanna]) {
      await database.db
        .updateTable('responses')
        .set({ respondentName: ANONYMISED_NAME, respondentEmail: anonymisedEmail(sql.lit(id)), motivation: null, anonymisedAt: november(30) })
        .where('id', '=', id)
        .execute();
    }
    const page = (await (await logIn(management, database, 'admin@firm.example')).get('/clients/client-shared')).body;
    expect(contacts(page)).toEqual(['Els Ambassadeur + Positief', 'Fred Foetsie \u2212 Negatief', 'Gijs Gewoon 0 Neutraal']);
    expect(table(page, '\\d+ contactperso')![0]![2]).toBe('+ 10 nov 2026 · Project shared-anna-1 Hot lead');
    expect(page).toContain(c.anonymised(2));
    expect(page).not.toContain(ANONYMISED_NAME);

    const xander = (await (await logIn(management, database, 'xander@firm.example')).get('/clients/client-shared')).body;
    expect(xander).toContain(c.anonymised(1));
    expect(xander).not.toContain(c.noContacts);
  });

  test('escapes the names of the client, its people and its projects', async ({ management, database }) => {
    await seedFirm(database.db);
    await database.db.insertInto('clients').values({ id: 'client-x', name: '<script>alert("klant")</script>' }).execute();
    await addProject(database.db, { id: 'x-1', clientId: 'client-x', accountManagerId: 'anna', contact: ELS });
    await database.db.updateTable('projects').set({ name: '<img src=x onerror=alert(1)>' }).where('id', '=', 'x-1').execute();
    await addAnswer(database.db, 'x-1', { name: '<b>Els</b> & co', email: ELS.email }, { group: 'negative', submittedAt: november(10) });
    const page = (await (await logIn(management, database, 'anna@firm.example')).get('/clients/client-x')).body;
    expect(page).not.toMatch(/<script>alert|<img src=x|<b>Els/);
    expect(page).toContain('&lt;script&gt;alert(&quot;klant&quot;)&lt;/script&gt;');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('&lt;b&gt;Els&lt;/b&gt; &amp; co');
  });

  test('speaks English to an English-speaking viewer', async ({ management, database }) => {
    await seedSharedClient(database.db);
    await database.db.updateTable('employees').set({ locale: 'en' }).where('id', '=', 'anna').execute();
    const page = (await (await logIn(management, database, 'anna@firm.example')).get('/clients/client-shared')).body;
    expect(page).toContain('<html lang="en">');
    expect(page).toContain(clientMessages.en.responseRateValue('100%', 1, 1));
    expect(page).toContain('Els Ambassadeur');
  });
});

function registerNames(page: string): string[] {
  return [...page.matchAll(/<a href="\/responses\/[^"]+">([^<]+)<\/a>/g)].map((match) => match[1]!);
}

describe('the register by client', () => {
  test('filters on a client, links each row to its client, and keeps the filter in its tabs and downloads', async ({ management, database }) => {
    await seedSharedClient(database.db);
    await respond(database.db, 'anna', 'positive', { name: 'Klant van Anna, positief' });
    const browser = await logIn(management, database, 'marieke@firm.example');

    const all = await browser.get('/register');
    expect(registerNames(all.body).sort()).toEqual(['Els Ambassadeur', 'Klant van Anna, positief']);
    expect(all.body).toContain('<td><a href="/clients/client-shared">Gemeente Gedeeld</a></td>');
    expect(all.body).toContain('<td><a href="/clients/client-anna">Klant van Anna</a></td>');
    // The clients of Marieke's team, by name; not Carla's or Xander's.
    const options = [...all.body.matchAll(/<option value="(client-[^"]+)"[^>]*>([^<]+)<\/option>/g)].map((match) => match[1]);
    expect(options).toEqual(['client-shared', 'client-anna', 'client-bram']);

    const shared = await browser.get('/register?client=client-shared');
    expect(registerNames(shared.body)).toEqual(['Els Ambassadeur']);
    expect(shared.body).toContain('<option value="client-shared" selected>Gemeente Gedeeld</option>');
    expect(shared.body).toContain('href="/register?client=client-shared&amp;group=negative"');
    // Els was − before she was +: both her answers are in the register.
    expect(registerNames((await browser.get('/register?client=client-shared&group=negative')).body)).toEqual(['Fred Foetsie', 'Els Ambassadeur']);
    expect(shared.body).toContain('href="/register.csv?client=client-shared&amp;group=positive"');
    expect(shared.body).toContain('href="/register.xlsx?client=client-shared&amp;group=positive"');

    // The export honours the filter (all three groups without `group`), within the scope.
    const csv = (await browser.get('/register.csv?client=client-shared')).body;
    expect(csv).toContain('Els Ambassadeur');
    expect(csv).toContain('Fred Foetsie');
    expect(csv).not.toContain('Klant van Anna');
    expect(csv).not.toContain('Gijs');
    expect(csv.trim().split('\r\n')).toHaveLength(1 + 3);

    // Empty means no filter; a malformed id is a 400 like any malformed filter.
    expect(registerNames((await browser.get('/register?client=')).body)).toHaveLength(2);
    expect((await browser.get('/register?client=not%20an%20id')).statusCode).toBe(400);
  });
});
