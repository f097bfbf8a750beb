import type { Database } from '@ambassador/db/database';
import { describe, expect } from 'vitest';
import { buildManagement, logIn, test } from './management-app.ts';
import { seedFirm } from './seed.ts';

const ADMIN = 'admin@firm.example';

async function destinationRow(db: Database, id: string) {
  return db.selectFrom('destinations').selectAll().where('id', '=', id).executeTakeFirst();
}

describe('destinations in the management module', () => {
  test('are for admins only: others get the 404 of a page that does not exist', async ({ management, database }) => {
    await seedFirm(database.db);
    const anna = await logIn(management, database, 'anna@firm.example');
    expect((await anna.get('/destinations')).statusCode).toBe(404);
    expect(anna.lastPage).not.toContain('href="/destinations"');
    const admin = await logIn(management, database, ADMIN);
    expect((await admin.get('/destinations')).statusCode).toBe(200);
    expect(admin.lastPage).toContain('<a href="/destinations" aria-current="page">Bestemmingen</a>');
  });

  test('create a webhook and see its secret once; rotate it, disable, enable, send a test event, redeliver it and delete it, each audited', async ({
    management,
    database,
  }) => {
    const { db } = database;
    const admin = await logIn(management, database, ADMIN);
    await admin.get('/destinations');
    const created = await admin.post('/destinations', { id: 'crm', kind: 'webhook', url: 'http://127.0.0.1:9/hook', events: ['response.classified'], division: '' });
    expect(created.statusCode).toBe(200);
    const secret = (await destinationRow(db, 'crm'))!.secret!;
    expect(created.body).toContain(`value="${secret}"`);
    expect((await destinationRow(db, 'crm'))).toMatchObject({ kind: 'webhook', events: ['response.classified'], division: null, active: true });

    // Never again: not on the list, not on its page.
    expect((await admin.get('/destinations')).body).not.toContain(secret);
    const page = await admin.get('/destinations/crm');
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toContain(secret);
    expect(page.body).toContain('Nog niets verstuurd.');

    const rotated = await admin.post('/destinations/crm/rotate-secret', {});
    expect(rotated.statusCode).toBe(200);
    const newSecret = (await destinationRow(db, 'crm'))!.secret!;
    expect(newSecret).not.toBe(secret);
    expect(rotated.body).toContain(`value="${newSecret}"`);

    await admin.get('/destinations/crm');
    expect((await admin.post('/destinations/crm/disable', {})).statusCode).toBe(303);
    expect(await destinationRow(db, 'crm')).toMatchObject({ active: false, disabledCause: 'admin', disabledReason: `disabled by ${ADMIN}` });
    expect((await admin.get('/destinations/crm')).body).toContain('Uitgeschakeld sinds');
    expect((await admin.post('/destinations/crm/enable', {})).headers.location).toBe('/destinations/crm');
    expect(await destinationRow(db, 'crm')).toMatchObject({ active: true, disabledCause: null });

    await admin.get('/destinations/crm');
    const tested = await admin.post('/destinations/crm/test', {});
    expect(tested.headers.location).toBe('/destinations/crm?notice=test');
    const [testDelivery] = await db.selectFrom('deliveries').innerJoin('events', 'events.id', 'deliveries.eventId').select(['deliveries.id', 'events.type']).execute();
    expect(testDelivery).toMatchObject({ type: 'destination.test' });
    const job = await management.producer.queue('deliver-http').getJob(`delivery-${testDelivery!.id}`);
    expect(job?.data).toEqual({ deliveryId: testDelivery!.id });

    const log = await admin.get('/destinations/crm?notice=test');
    expect(log.body).toContain('Testgebeurtenis verstuurd');
    expect(log.body).toContain(`action="/destinations/crm/deliveries/${testDelivery!.id}/redeliver"`);
    const redelivered = await admin.post(`/destinations/crm/deliveries/${testDelivery!.id}/redeliver`, {});
    expect(redelivered.headers.location).toBe('/destinations/crm?notice=redelivered');
    expect(await db.selectFrom('deliveries').select('eventId').where('kind', '=', 'event').execute()).toHaveLength(2);

    await admin.get('/destinations/crm');
    expect((await admin.post('/destinations/crm/delete', {})).headers.location).toBe('/destinations');
    expect(await destinationRow(db, 'crm')).toBeUndefined();

    const audit = await db.selectFrom('auditEvents').select(['action', 'subjectId']).where('subjectId', '=', 'crm').orderBy('id').execute();
    expect(audit.map((event) => event.action)).toEqual([
      'destination.upserted',
      'destination.secret_rotated',
      'destination.disabled',
      'destination.enabled',
      'destination.test_sent',
      'destination.event_redelivered',
      'destination.deleted',
    ]);
  });

  test('refuses a bad form with 422 and an error summary naming each field, and an internal URL unless DESTINATIONS_ALLOW_PRIVATE', async ({ database, redis, logger }) => {
    const management = await buildManagement({ database, redis, logger }, { allowPrivateDestinations: false });
    try {
      const admin = await logIn(management, database, ADMIN);
      await admin.get('/destinations');
      const bad = await admin.post('/destinations', { id: 'no spaces', kind: 'webhook', url: 'ftp://x', division: '' });
      expect(bad.statusCode).toBe(422);
      expect(bad.body).toContain('class="error-summary" role="alert"');
      expect(bad.body).toContain('<a href="#destination-id">');
      expect(bad.body).toContain('<a href="#destination-url">');
      expect(bad.body).toContain('id="destination-url" name="url" type="url" value="ftp://x"');

      const internal = await admin.post('/destinations', { id: 'crm', kind: 'webhook', url: 'https://169.254.169.254/latest', events: ['response.classified'], division: '' });
      expect(internal.statusCode).toBe(422);
      expect(internal.body).toContain('Vul een https-adres in dat niet naar een intern of privé-adres wijst.');
      expect(await destinationRow(database.db, 'crm')).toBeUndefined();
    } finally {
      await management.close();
    }
  });
});
