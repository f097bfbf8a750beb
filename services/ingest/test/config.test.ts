import { describe, expect, it } from 'vitest';
import { ingestConfigSchema } from '../src/config.ts';

const base = { ALLOW_DATABASE_SECRET_KEY: 'true' };

describe('the ingest configuration', () => {
  it('asks the yes/no recommendation by default, and the 0–10 score with SURVEY_RECOMMEND_QUESTION=score', () => {
    expect(ingestConfigSchema.parse(base).recommendQuestion).toBe('yes_no');
    expect(ingestConfigSchema.parse({ ...base, SURVEY_RECOMMEND_QUESTION: 'score' }).recommendQuestion).toBe('score');
  });

  it('refuses another value of SURVEY_RECOMMEND_QUESTION, naming it', () => {
    const result = ingestConfigSchema.safeParse({ ...base, SURVEY_RECOMMEND_QUESTION: 'nps' });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['SURVEY_RECOMMEND_QUESTION']);
  });
});
