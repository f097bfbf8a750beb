import { describe, expect } from 'vitest';
import { logIn, test } from './management-app.ts';
import { seedFirm } from './seed.ts';

describe('my settings', () => {
  test('shows the signed-in employee their phone and alert channels, and saves a change with an audit event', async ({ management, database }) => {
    const { db } = database;
    await seedFirm(db);
    const browser = await logIn(management, database, 'anna@firm.example');
    const page = await browser.get('/settings');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<a href="/settings" aria-current="page">Mijn instellingen</a>');
    expect(page.body).toContain('id="phone" name="phone" type="tel" autocomplete="tel" inputmode="tel" value=""');
    expect(page.body).not.toMatch(/value="sms" checked/);

    const saved = await browser.post('/settings', { phone: '+31 6 1234 5678', alertChannels: ['email', 'sms'] });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe('/settings?saved=1');
    expect(await db.selectFrom('employees').select(['phone', 'alertChannels']).where('id', '=', 'anna').executeTakeFirstOrThrow()).toEqual({
      phone: '+31612345678',
      alertChannels: ['email', 'sms'],
    });
    expect(await db.selectFrom('auditEvents').select(['actor', 'action', 'subjectId']).where('action', '=', 'employee.settings_changed').execute()).toEqual([
      { actor: 'anna@firm.example', action: 'employee.settings_changed', subjectId: 'anna' },
    ]);
    const after = await browser.get(saved.headers.location!);
    expect(after.body).toContain('<p class="notice" role="status">Opgeslagen.</p>');
    expect(after.body).toContain('value="+31612345678"');
    expect(after.body).toMatch(/value="sms" checked/);

    // SMS off again, and the number removed.
    expect((await browser.post('/settings', { phone: '', alertChannels: 'email' })).statusCode).toBe(303);
    expect(await db.selectFrom('employees').select(['phone', 'alertChannels']).where('id', '=', 'anna').executeTakeFirstOrThrow()).toEqual({
      phone: null,
      alertChannels: ['email'],
    });
  });

  test('refuses a phone that is not E.164, and SMS without a phone, with a 422 page linking each error to its field, storing nothing', async ({
    management,
    database,
  }) => {
    const { db } = database;
    await seedFirm(db);
    const browser = await logIn(management, database, 'anna@firm.example');
    await browser.get('/settings');

    const badPhone = await browser.post('/settings', { phone: '06-12345678', alertChannels: ['email', 'sms'] });
    expect(badPhone.statusCode).toBe(422);
    expect(badPhone.body).toContain('<li><a href="#phone">Vul een mobiel nummer in internationale vorm in, zoals +31612345678.</a></li>');
    expect(badPhone.body).toContain('aria-describedby="phone-hint phone-error" aria-invalid="true"');
    expect(badPhone.body).toContain('<p class="error" id="phone-error">');
    // What was typed comes back.
    expect(badPhone.body).toContain('value="06-12345678"');
    expect(badPhone.body).toMatch(/value="sms" checked/);

    const noPhone = await browser.post('/settings', { phone: '  ', alertChannels: ['email', 'sms'] });
    expect(noPhone.statusCode).toBe(422);
    expect(noPhone.body).toContain('<li><a href="#phone">Voor alerts per sms is een mobiel nummer nodig.</a></li>');

    const noEmail = await browser.post('/settings', { phone: '+31612345678', alertChannels: 'sms' });
    expect(noEmail.statusCode).toBe(422);
    expect(noEmail.body).toContain('<li><a href="#sms">Kies hoe je alerts wilt ontvangen.</a></li>');

    expect(await db.selectFrom('employees').select(['phone', 'alertChannels']).where('id', '=', 'anna').executeTakeFirstOrThrow()).toEqual({
      phone: null,
      alertChannels: ['email'],
    });
    expect(await db.selectFrom('auditEvents').select('id').where('action', '=', 'employee.settings_changed').execute()).toEqual([]);
  });

  test('refuses a post without the CSRF token', async ({ management, database }) => {
    await seedFirm(database.db);
    const browser = await logIn(management, database, 'anna@firm.example');
    await browser.get('/settings');
    expect((await browser.post('/settings', { phone: '+31612345678', alertChannels: ['email', 'sms'] }, { withToken: false })).statusCode).toBe(403);
    expect(await database.db.selectFrom('employees').select('phone').where('id', '=', 'anna').executeTakeFirstOrThrow()).toEqual({ phone: null });
  });

  test('has nothing to set for an administrator who is no employee, and offers them no link to it', async ({ management, database }) => {
    await seedFirm(database.db);
    const browser = await logIn(management, database, 'admin@firm.example');
    const page = await browser.get('/settings');
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('er is hier niets voor je in te stellen');
    expect(page.body).not.toContain('name="phone"');
    expect((await browser.get('/register')).body).not.toContain('href="/settings"');
    expect((await browser.post('/settings', { phone: '+31612345678', alertChannels: ['email', 'sms'] })).statusCode).toBe(404);
  });

  test('needs a session', async ({ management }) => {
    const page = await management.app.inject({ method: 'GET', url: '/settings' });
    expect(page.statusCode).toBe(303);
    expect(page.headers.location).toBe('/login');
  });
});
