import { describe, expect } from 'vitest';
import { logIn, test } from './management-app.ts';
import { seedFirm } from './seed.ts';

const ADMIN = 'admin@firm.example';
const CLOSE = 'Project afgerond — uitnodiging versturen';

/** The text of one project's row on the list page. */
function rowOf(page: string, projectId: string): string {
  const row = new RegExp(`<tr id="project-${projectId}">([\\s\\S]*?)</tr>`, 'u').exec(page)?.[1];
  if (row === undefined) throw new Error(`no row for ${projectId}`);
  return row.replace(/\s+/gu, ' ');
}

describe('the projects pages', () => {
  test('show each viewer the projects within their scope: an account manager their own, a manager their tree\'s, an admin all', async ({
    management,
    database,
  }) => {
    await seedFirm(database.db);
    const seen = async (email: string) => [...(await (await logIn(management, database, email)).get('/projects')).body.matchAll(/<tr id="project-([^"]+)">/gu)].map((match) => match[1]).sort();
    expect(await seen('anna@firm.example')).toEqual(['project-anna']);
    expect(await seen('marieke@firm.example')).toEqual(['project-anna', 'project-bram']);
    expect(await seen(ADMIN)).toEqual(['project-anna', 'project-bram', 'project-carla', 'project-xander']);

    const anna = await logIn(management, database, 'anna@firm.example');
    expect((await anna.get('/projects')).body).not.toContain('/projects/new');
    expect((await anna.get('/projects/new')).statusCode).toBe(404);
    expect((await anna.get('/projects/project-anna/edit')).statusCode).toBe(404);
  });

  test('close a project with the button: the contact is invited as by the API, audited, and the state shows', async ({ management, database }) => {
    await seedFirm(database.db);
    const { db } = database;
    const anna = await logIn(management, database, 'anna@firm.example');
    const list = await anna.get('/projects');
    expect(rowOf(list.body, 'project-anna')).toContain(CLOSE);
    expect(rowOf(list.body, 'project-anna')).toContain('Nog niet uitgenodigd');

    // Not someone else's project.
    expect((await anna.post('/projects/project-bram/close', {})).statusCode).toBe(404);

    const closed = await anna.post('/projects/project-anna/close', {});
    expect(closed.statusCode).toBe(303);
    expect(closed.headers.location).toBe('/projects?closed=invited&project=project-anna');
    const invitation = await db.selectFrom('invitations').select(['id', 'expiresAt']).where('projectId', '=', 'project-anna').executeTakeFirstOrThrow();
    expect(await db.selectFrom('deliveries').select(['kind', 'status']).where('invitationId', '=', invitation.id).orderBy('kind').execute()).toEqual([
      { kind: 'invitation', status: 'pending' },
      { kind: 'reminder', status: 'pending' },
    ]);
    expect(await db.selectFrom('auditEvents').select(['actor', 'subjectId']).where('action', '=', 'project.closed').execute()).toEqual([
      { actor: 'anna@firm.example', subjectId: 'project-anna' },
    ]);
    expect(await management.producer.queue('deliver-email').getJobCounts('waiting', 'prioritized', 'delayed')).toMatchObject({ delayed: 1 });

    const after = await anna.get(closed.headers.location!);
    expect(after.body).toContain('Project afgesloten. Contact anna krijgt nu de uitnodiging per e-mail.');
    expect(rowOf(after.body, 'project-anna')).not.toContain(CLOSE);
    expect(rowOf(after.body, 'project-anna')).toContain('Uitnodiging wordt verstuurd');

    // Closed again (another tab): the same invitation, nothing sent again.
    const again = await anna.post('/projects/project-anna/close', {});
    expect(again.headers.location).toBe('/projects?closed=existing&project=project-anna');
    expect((await anna.get(again.headers.location!)).body).toContain('de uitnodiging van 23 nov 2026 blijft staan');

    // Sent, reminded, answered, expired.
    await db.updateTable('deliveries').set({ status: 'sent', sentAt: management.clock.read() }).where('invitationId', '=', invitation.id).where('kind', '=', 'invitation').execute();
    expect(rowOf((await anna.get('/projects')).body, 'project-anna')).toContain('<span class="state sent">Uitgenodigd</span> op 23 nov 2026');
    await db.updateTable('deliveries').set({ status: 'sent', sentAt: new Date('2026-11-30T09:00:00Z') }).where('invitationId', '=', invitation.id).where('kind', '=', 'reminder').execute();
    expect(rowOf((await anna.get('/projects')).body, 'project-anna')).toContain('<span class="state reminded">Herinnerd</span> op 30 nov 2026');
    management.clock.now = new Date(invitation.expiresAt.getTime() + 1000);
    const later = await logIn(management, database, 'anna@firm.example');
    expect(rowOf((await later.get('/projects')).body, 'project-anna')).toContain('<span class="state expired">Verlopen</span>');
    await db
      .insertInto('responses')
      .values({ projectId: 'project-anna', respondentName: 'Contact anna', respondentEmail: 'contact-anna@client.example', satisfaction: 'tevreden', wouldRecommend: true, wantsMoreServices: false, submittedAt: new Date('2026-12-01T10:00:00Z') })
      .execute();
    expect(rowOf((await later.get('/projects')).body, 'project-anna')).toContain('<span class="state answered">Beantwoord</span> op 1 dec 2026');
  });

  test('name each outcome the API gives: throttled with the date of the last invitation, already answered, contact erased', async ({
    management,
    database,
  }) => {
    await seedFirm(database.db);
    const { db } = database;
    const admin = await logIn(management, database, ADMIN);
    await admin.get('/projects');
    await admin.post('/projects/project-anna/close', {});

    // A second project for the same client: the client was asked recently.
    const contact = await db.selectFrom('contacts').select('id').where('email', '=', 'contact-anna@client.example').executeTakeFirstOrThrow();
    await db.insertInto('projects').values({ id: 'project-anna-2', name: 'Tweede', clientId: 'client-anna', contactId: contact.id, accountManagerId: 'anna' }).execute();
    const throttled = await admin.post('/projects/project-anna-2/close', {});
    expect(throttled.headers.location).toBe('/projects?closed=throttled&project=project-anna-2');
    const page = await admin.get(throttled.headers.location!);
    expect(page.body).toContain('niet uitgenodigd: Klant van Anna kreeg op 23 nov 2026 al een uitnodiging');
    expect(rowOf(page.body, 'project-anna-2')).toContain('Afgesloten, niet uitgenodigd');

    await db
      .insertInto('responses')
      .values({ projectId: 'project-bram', respondentName: 'Contact bram', respondentEmail: 'contact-bram@client.example', satisfaction: 'tevreden', wouldRecommend: true, wantsMoreServices: false })
      .execute();
    const answered = await admin.post('/projects/project-bram/close', {});
    expect((await admin.get(answered.headers.location!)).body).toContain('de contactpersoon heeft voor dit project al gereageerd');

    await db.updateTable('contacts').set({ anonymisedAt: management.clock.read() }).where('email', '=', 'contact-carla@client.example').execute();
    const erased = await admin.post('/projects/project-carla/close', {});
    expect(erased.headers.location).toBe('/projects?closed=contact_erased&project=project-carla');
    expect((await admin.get(erased.headers.location!)).body).toContain('de contactpersoon is op eigen verzoek gewist');
    expect(await db.selectFrom('invitations').select('projectId').execute()).toEqual([{ projectId: 'project-anna' }]);
  });

  test('let admins add a project with a new client (generated ids) and edit it to an existing one, with errors by field', async ({ management, database }) => {
    await seedFirm(database.db);
    const { db } = database;
    const admin = await logIn(management, database, ADMIN);
    await admin.get('/projects/new');
    const refused = await admin.post('/projects', { name: '', clientId: '', clientName: '', contactName: 'Jet', contactEmail: 'jet@', contactLocale: 'nl', accountManagerId: '' });
    expect(refused.statusCode).toBe(422);
    for (const field of ['name', 'clientName', 'contactEmail', 'accountManagerId']) expect(refused.body).toContain(`<li><a href="#${field}">`);

    const created = await admin.post('/projects', {
      name: 'Brug over de Vecht',
      clientId: '',
      clientName: 'Provincie Utrecht',
      contactName: 'Jet de Wit',
      contactEmail: 'Jet@Provincie.example',
      contactLocale: 'en',
      accountManagerId: 'carla',
    });
    expect(created.statusCode).toBe(303);
    const id = /^\/projects\/([0-9a-f-]{36})\/edit\?saved=1$/u.exec(created.headers.location ?? '')?.[1];
    expect(id).toBeDefined();
    const project = await db
      .selectFrom('projects')
      .innerJoin('clients', 'clients.id', 'projects.clientId')
      .innerJoin('contacts', 'contacts.id', 'projects.contactId')
      .select(['projects.name', 'clients.id as clientId', 'clients.name as clientName', 'contacts.email', 'contacts.locale', 'projects.accountManagerId'])
      .where('projects.id', '=', id!)
      .executeTakeFirstOrThrow();
    expect(project).toMatchObject({ name: 'Brug over de Vecht', clientName: 'Provincie Utrecht', email: 'jet@provincie.example', locale: 'en', accountManagerId: 'carla' });
    expect(project.clientId).toMatch(/^[0-9a-f-]{36}$/u);

    await admin.get(`/projects/${id!}/edit`);
    const edited = await admin.post(`/projects/${id!}/edit`, {
      name: 'Brug over de Vecht',
      clientId: 'client-xander',
      clientName: '',
      contactName: 'Jet de Wit',
      contactEmail: 'jet@provincie.example',
      contactLocale: 'en',
      accountManagerId: 'xander',
    });
    expect(edited.statusCode).toBe(303);
    expect(await db.selectFrom('projects').select(['clientId', 'accountManagerId']).where('id', '=', id!).executeTakeFirst()).toEqual({ clientId: 'client-xander', accountManagerId: 'xander' });
    expect(await db.selectFrom('auditEvents').select(['actor', 'action', 'subjectId']).where('action', '=', 'project.upserted').execute()).toEqual([
      { actor: ADMIN, action: 'project.upserted', subjectId: id },
      { actor: ADMIN, action: 'project.upserted', subjectId: id },
    ]);
  });
});
