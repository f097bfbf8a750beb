import { snapshotOf } from '@ambassador/testing/snapshot';
import { describe, expect } from 'vitest';
import { authorized, buildIngest, type IngestUnderTest, seedProject, test } from './ingest-app.ts';

/**
 * The form opened from an answer button in the invitation e-mail (`?satisfaction=…`), and the
 * form that asks the 0–10 recommendation question (SURVEY_RECOMMEND_QUESTION=score).
 */

async function invite(app: IngestUnderTest['app']): Promise<string> {
  await seedProject(app);
  const closed = await app.inject({ method: 'POST', url: '/api/v1/projects/P-100/close', headers: authorized });
  return new URL(closed.json<{ invitation: { url: string } }>().invitation.url).pathname;
}

const sameOrigin = { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' };
const checkedSatisfaction = (body: string) => [...body.matchAll(/name="satisfaction" value="([a-z_]+)" required checked/g)].map((match) => match[1]);
const hiddenField = '<input type="hidden" name="startedInEmail" value="yes">';

describe('the form opened from an answer in the e-mail', () => {
  test('preselects each satisfaction value and carries the hidden field; opening it stores nothing', async ({ ingest: { app }, database: { db } }) => {
    const path = await invite(app);
    const before = await snapshotOf(db);
    for (const value of ['ontevreden', 'tevreden', 'meer_dan_tevreden']) {
      for (const method of ['GET', 'HEAD'] as const) {
        const response = await app.inject({ method, url: `${path}?satisfaction=${value}` });
        expect(response.statusCode).toBe(200);
        if (method === 'GET') {
          expect(checkedSatisfaction(response.body)).toEqual([value]);
          expect(response.body).toContain(hiddenField);
          // The other language keeps the choice.
          expect(response.body).toContain(`href="?lang=en&amp;satisfaction=${value}"`);
        }
      }
    }
    expect(await snapshotOf(db)).toEqual(before);
  });

  test('ignores an unknown value: nothing chosen, no hidden field', async ({ ingest: { app } }) => {
    const path = await invite(app);
    for (const query of ['?satisfaction=blij', '?satisfaction=', '?satisfaction=tevreden&satisfaction=ontevreden', '']) {
      const response = await app.inject({ method: 'GET', url: `${path}${query}` });
      expect(response.statusCode, query).toBe(200);
      expect(checkedSatisfaction(response.body), query).toEqual([]);
      expect(response.body, query).not.toContain('startedInEmail');
    }
  });

  test('stores that the answer started in the e-mail only when the hidden field is posted, and keeps it through an error', async ({
    ingest: { app },
    database: { db },
  }) => {
    const path = await invite(app);
    const missing = await app.inject({ method: 'POST', url: path, headers: sameOrigin, payload: 'satisfaction=tevreden&startedInEmail=yes' });
    expect(missing.statusCode).toBe(422);
    expect(missing.body).toContain(hiddenField);
    const answer = new URLSearchParams({ satisfaction: 'tevreden', wouldRecommend: 'yes', wantsMoreServices: 'no', startedInEmail: 'yes' });
    expect((await app.inject({ method: 'POST', url: path, headers: sameOrigin, payload: answer.toString() })).statusCode).toBe(303);
    expect(await db.selectFrom('responses').select(['startedInEmail', 'recommendScore']).execute()).toEqual([{ startedInEmail: true, recommendScore: null }]);
  });

  test('stores an answer without the hidden field (or with another value) as not started in the e-mail', async ({ ingest: { app }, database: { db } }) => {
    const path = await invite(app);
    const answer = new URLSearchParams({ satisfaction: 'tevreden', wouldRecommend: 'yes', wantsMoreServices: 'no', startedInEmail: 'true' });
    expect((await app.inject({ method: 'POST', url: path, headers: sameOrigin, payload: answer.toString() })).statusCode).toBe(303);
    expect(await db.selectFrom('responses').select('startedInEmail').execute()).toEqual([{ startedInEmail: false }]);
  });
});

describe('the form with SURVEY_RECOMMEND_QUESTION=score', () => {
  test('asks 0 to 10 instead of yes/no, stores the score and derives wouldRecommend from it', async ({ database, redis, logger }) => {
    const ingest = await buildIngest({ database, redis, logger }, { recommendQuestion: 'score' });
    try {
      const path = await invite(ingest.app);
      const form = await ingest.app.inject({ method: 'GET', url: path });
      expect(form.body).not.toContain('name="wouldRecommend"');
      expect([...form.body.matchAll(/name="recommendScore" value="(\d+)"/g)].map((match) => Number(match[1]))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      expect(form.body).toContain('Hoe waarschijnlijk is het dat u ons zou aanbevelen bij anderen?');
      expect(form.body).toContain('0 = helemaal niet waarschijnlijk');
      expect(form.body).toContain('10 = zeer waarschijnlijk');

      for (const score of ['11', '-1', '7.5', '07', '']) {
        const refused = await ingest.app.inject({
          method: 'POST',
          url: path,
          headers: sameOrigin,
          payload: new URLSearchParams({ satisfaction: 'meer_dan_tevreden', recommendScore: score, wantsMoreServices: 'no' }).toString(),
        });
        expect(refused.statusCode, score).toBe(422);
        expect(refused.body).toContain('href="#recommendScore-0">Kies een cijfer van 0 tot en met 10.');
      }
      // A yes/no answer is not what this form asks.
      const yesNo = await ingest.app.inject({ method: 'POST', url: path, headers: sameOrigin, payload: 'satisfaction=tevreden&wouldRecommend=yes&wantsMoreServices=no' });
      expect(yesNo.statusCode).toBe(422);

      const answer = new URLSearchParams({ satisfaction: 'meer_dan_tevreden', recommendScore: '9', wantsMoreServices: 'no' });
      expect((await ingest.app.inject({ method: 'POST', url: path, headers: sameOrigin, payload: answer.toString() })).statusCode).toBe(303);
      expect(await database.db.selectFrom('responses').select(['recommendScore', 'wouldRecommend', 'startedInEmail']).execute()).toEqual([
        { recommendScore: 9, wouldRecommend: true, startedInEmail: false },
      ]);
    } finally {
      await ingest.close();
    }
  });

  test('derives "would not recommend" from 8', async ({ database, redis, logger }) => {
    const ingest = await buildIngest({ database, redis, logger }, { recommendQuestion: 'score' });
    try {
      const path = await invite(ingest.app);
      const answer = new URLSearchParams({ satisfaction: 'meer_dan_tevreden', recommendScore: '8', wantsMoreServices: 'yes' });
      expect((await ingest.app.inject({ method: 'POST', url: path, headers: sameOrigin, payload: answer.toString() })).statusCode).toBe(303);
      expect(await database.db.selectFrom('responses').select(['recommendScore', 'wouldRecommend']).execute()).toEqual([{ recommendScore: 8, wouldRecommend: false }]);
    } finally {
      await ingest.close();
    }
  });
});
