import { Backoffs } from 'bullmq';
import { describe, expect, it } from 'vitest';
import { deliveryJobOf } from '../src/jobs.ts';

/** The waits before each retry of a job's options, at the shortest and the longest its jitter allows. */
function retryWaits(kind: 'event', channel: 'webhook' | 'teams' | 'slack', draw: number): number[] {
  const { options } = deliveryJobOf({ kind, channel });
  const backoff = options.backoff === undefined ? undefined : Backoffs.normalize(options.backoff);
  if (!backoff) throw new Error('no backoff');
  const random = Math.random;
  Math.random = () => draw;
  try {
    return Array.from({ length: (options.attempts ?? 1) - 1 }, (_, index) => Backoffs.calculate(backoff, index + 1, new Error('500'), undefined as never) as number);
  } finally {
    Math.random = random;
  }
}

describe('retries of webhook, Teams and Slack deliveries', () => {
  it('come first within 10 seconds, then further apart, for at least a day even at the shortest jitter', () => {
    for (const channel of ['webhook', 'teams', 'slack'] as const) {
      const shortest = retryWaits('event', channel, 0);
      const longest = retryWaits('event', channel, 0.999_999);
      expect(longest[0]).toBeLessThanOrEqual(10_000);
      expect(shortest.every((wait, index) => index === 0 || wait > shortest[index - 1]!)).toBe(true);
      expect(shortest.reduce((sum, wait) => sum + wait, 0)).toBeGreaterThanOrEqual(24 * 3600 * 1000);
    }
  });
});
