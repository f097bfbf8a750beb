import { describe, expect } from 'vitest';
import { npsMessages } from '../src/views/nps-messages.ts';
import { logIn, test } from './management-app.ts';
import { table } from './page-tables.ts';
import { respond, seedFirm } from './seed.ts';

const n = npsMessages.nl;

describe('the 0–10 score in the register and on the response page', () => {
  test('the register shows a score column where a response on the page has a score', async ({ management, database }) => {
    await seedFirm(database.db);
    await respond(database.db, 'anna', 'positive', { name: 'Met cijfer', recommendScore: 9 });
    await respond(database.db, 'bram', 'positive', { name: 'Zonder cijfer' });
    await respond(database.db, 'bram', 'negative', { name: 'Ook zonder' });
    const browser = await logIn(management, database, 'admin@firm.example');

    const positive = (await browser.get('/register?group=positive')).body;
    expect(positive).toContain(`<th scope="col">${n.recommendScore}</th>`);
    const rows = table(positive, 'Positief: 2 reacties')!;
    expect(rows['+ Met cijfer']?.at(-1)).toBe('9');
    expect(rows['+ Zonder cijfer']?.at(-1)).toBe('–');

    // A firm that does not ask the score gets no empty column.
    expect((await browser.get('/register?group=negative')).body).not.toContain(n.recommendScore);
  });

  test('the response page gives the score beside "would recommend", and nothing when it was not asked', async ({ management, database }) => {
    await seedFirm(database.db);
    const withScore = await respond(database.db, 'anna', 'positive', { recommendScore: 10 });
    const without = await respond(database.db, 'anna', 'neutral');
    const browser = await logIn(management, database, 'admin@firm.example');
    expect((await browser.get(`/responses/${withScore}`)).body).toContain(`<dt>${n.recommendScore}</dt><dd>10</dd>`);
    expect((await browser.get(`/responses/${without}`)).body).not.toContain(n.recommendScore);
  });
});
