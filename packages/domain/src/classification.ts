import type { Group, Satisfaction } from './vocabulary.ts';

/**
 * The decision table, version 1 (DESIGN.md, "Default classification"):
 *
 * | satisfaction        | wouldRecommend | group    |
 * | meer_dan_tevreden   | yes            | positive |
 * | meer_dan_tevreden   | no             | neutral  |
 * | tevreden            | yes or no      | neutral  |
 * | ontevreden          | yes or no      | negative |
 *
 * Change the rules by adding a new version, never by editing this one: every
 * classified response records the version that classified it.
 */
export const RULE_VERSION = 1;

export interface ClassificationInput {
  satisfaction: Satisfaction;
  wouldRecommend: boolean;
}

export interface Classification {
  group: Group;
  ruleVersion: number;
}

export function classifyResponse(answer: ClassificationInput): Classification {
  return { group: groupFor(answer), ruleVersion: RULE_VERSION };
}

function groupFor({ satisfaction, wouldRecommend }: ClassificationInput): Group {
  switch (satisfaction) {
    case 'meer_dan_tevreden':
      return wouldRecommend ? 'positive' : 'neutral';
    case 'tevreden':
      return 'neutral';
    case 'ontevreden':
      return 'negative';
  }
}

/** A hot lead is a positive ambassador who also wants more of our services. */
export function isHotLead(group: Group | null, wantsMoreServices: boolean): boolean {
  return group === 'positive' && wantsMoreServices;
}

/** Positive and negative responses call for follow-up; neutral ones do not. */
export function needsAlert(group: Group): boolean {
  return group !== 'neutral';
}

/**
 * Whether an answer with this satisfaction can make an alert, under any rule version: only a
 * `tevreden` answer never does. Known before the response is classified, so the queues can
 * put it first.
 */
export function mayNeedAlert(satisfaction: Satisfaction): boolean {
  return satisfaction !== 'tevreden';
}
