import { describe, expect, it } from 'vitest';
import { classifyResponse, isHotLead, mayNeedAlert, needsAlert, RULE_VERSION } from '../src/classification.ts';
import { type Group, type Satisfaction, satisfactions } from '../src/vocabulary.ts';

describe('the decision table (rule version 1)', () => {
  const rows: [Satisfaction, boolean, Group][] = [
    ['meer_dan_tevreden', true, 'positive'],
    ['meer_dan_tevreden', false, 'neutral'],
    ['tevreden', true, 'neutral'],
    ['tevreden', false, 'neutral'],
    ['ontevreden', true, 'negative'],
    ['ontevreden', false, 'negative'],
  ];

  it.each(rows)('classifies %s with wouldRecommend=%s as %s', (satisfaction, wouldRecommend, group) => {
    expect(classifyResponse({ satisfaction, wouldRecommend })).toEqual({ group, ruleVersion: 1 });
  });

  it('tags every classification with the version of the rules that made it', () => {
    for (const satisfaction of satisfactions) {
      for (const wouldRecommend of [true, false]) {
        expect(classifyResponse({ satisfaction, wouldRecommend }).ruleVersion).toBe(RULE_VERSION);
      }
    }
  });
});

describe('hot leads', () => {
  it('is a positive response that wants more services', () => {
    expect(isHotLead('positive', true)).toBe(true);
  });

  it.each([
    ['positive', false],
    ['neutral', true],
    ['negative', true],
    [null, true],
  ] as const)('is not %s with wantsMoreServices=%s', (group, wantsMoreServices) => {
    expect(isHotLead(group, wantsMoreServices)).toBe(false);
  });
});

describe('answers that may make an alert, known before classification', () => {
  it('is every answer but a tevreden one, and includes every answer the table alerts about', () => {
    expect(satisfactions.filter(mayNeedAlert)).toEqual(['ontevreden', 'meer_dan_tevreden']);
    for (const satisfaction of satisfactions) {
      for (const wouldRecommend of [true, false]) {
        if (needsAlert(classifyResponse({ satisfaction, wouldRecommend }).group)) expect(mayNeedAlert(satisfaction)).toBe(true);
      }
    }
  });
});
