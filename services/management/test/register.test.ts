import { describe, expect } from 'vitest';
import { logIn, test } from './management-app.ts';
import { respond, seedFirm } from './seed.ts';

function rowNames(html: string): string[] {
  return [...html.matchAll(/<a href="\/responses\/[^"]+">([^<]+)<\/a>/g)].map((match) => match[1]!);
}

describe('the ambassador register', () => {
  test('lists the + group by name with hot leads first, and counts each group on its tab', async ({ management, database }) => {
    await seedFirm(database.db);
    const { db } = database;
    await respond(db, 'anna', 'positive', { name: 'Oud maar heet', wantsMoreServices: true, submittedAt: new Date('2026-10-01T10:00:00Z') });
    await respond(db, 'anna', 'positive', { name: 'Nieuw en lauw', submittedAt: new Date('2026-11-20T10:00:00Z') });
    await respond(db, 'bram', 'positive', { name: 'Nieuw en heet', wantsMoreServices: true, submittedAt: new Date('2026-11-21T10:00:00Z') });
    await respond(db, 'anna', 'negative', { name: 'Boze Klant' });
    await respond(db, 'anna', 'neutral', { name: 'Gewone Klant' });
    const browser = await logIn(management, database, 'admin@firm.example');

    const positive = await browser.get('/register');
    expect(rowNames(positive.body)).toEqual(['Nieuw en heet', 'Oud maar heet', 'Nieuw en lauw']);
    expect(positive.body.match(/class="hot"/g)).toHaveLength(2);
    expect(positive.body).toContain('Positief (3)');
    expect(positive.body).toContain('Negatief (1)');
    expect(positive.body).toContain('Neutraal (1)');
    expect(positive.body).toContain('Klant van Anna');
    expect(positive.body).toContain('Anna Accountmanager');
    expect(positive.body).toMatch(/<td>Open<\/td>/);

    expect(rowNames((await browser.get('/register?group=negative')).body)).toEqual(['Boze Klant']);
    expect(rowNames((await browser.get('/register?group=neutral')).body)).toEqual(['Gewone Klant']);
  });

  test('filters by period, account manager and division', async ({ management, database }) => {
    await seedFirm(database.db);
    const { db } = database;
    await respond(db, 'anna', 'negative', { name: 'Anna oktober', submittedAt: new Date('2026-10-15T10:00:00Z') });
    await respond(db, 'anna', 'negative', { name: 'Anna november', submittedAt: new Date('2026-11-15T10:00:00Z') });
    await respond(db, 'carla', 'negative', { name: 'Carla november', submittedAt: new Date('2026-11-16T10:00:00Z') });
    const browser = await logIn(management, database, 'admin@firm.example');

    const november = await browser.get('/register?group=negative&from=2026-11-01&to=2026-11-30');
    expect(rowNames(november.body).sort()).toEqual(['Anna november', 'Carla november']);
    const lastDayIncluded = await browser.get('/register?group=negative&from=2026-11-16&to=2026-11-16');
    expect(rowNames(lastDayIncluded.body)).toEqual(['Carla november']);
    expect(rowNames((await browser.get('/register?group=negative&accountManager=anna')).body).sort()).toEqual(['Anna november', 'Anna oktober']);
    const bouw = await browser.get('/register?group=negative&division=Bouw');
    expect(rowNames(bouw.body)).toEqual(['Carla november']);
    expect(bouw.body).toContain('<option selected>Bouw</option>');
    // Empty form fields mean "no filter".
    expect(rowNames((await browser.get('/register?group=negative&from=&to=&accountManager=&division=')).body)).toHaveLength(3);
    expect((await browser.get('/register?from=yesterday')).statusCode).toBe(400);
  });

  test('escapes what clients typed', async ({ management, database }) => {
    await seedFirm(database.db);
    await respond(database.db, 'anna', 'positive', { name: '<script>alert(1)</script>' });
    const browser = await logIn(management, database, 'anna@firm.example');
    const page = await browser.get('/register');
    expect(page.body).not.toContain('<script>alert(1)');
    expect(page.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
  });

  test('sends security headers with every page', async ({ management, database }) => {
    await seedFirm(database.db);
    const browser = await logIn(management, database, 'anna@firm.example');
    const page = await browser.get('/register');
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(page.headers['cache-control']).toBe('no-store');
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
  });
});
