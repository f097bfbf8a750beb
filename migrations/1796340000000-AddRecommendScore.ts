import { type Kysely, sql } from 'kysely';

// The Net Promoter question beside the yes/no one: `recommend_score` is the answer to "how
// likely are you to recommend us" on 0 to 10, null when it was not asked. `would_recommend`
// stays what the decision table reads (derived from the score, >= 9, when only the score was
// given). `started_in_email`: the client began the form with one of the three answer buttons in
// the invitation e-mail (the form posts it; opening the link stores nothing), so the statistics
// can show whether the question in the e-mail helps.

export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    ALTER TABLE responses
      ADD COLUMN recommend_score smallint CONSTRAINT responses_recommend_score_range CHECK (recommend_score BETWEEN 0 AND 10),
      ADD COLUMN started_in_email boolean NOT NULL DEFAULT false
  `.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`ALTER TABLE responses DROP COLUMN started_in_email, DROP COLUMN recommend_score`.execute(db);
}
