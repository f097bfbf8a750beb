import type { Redis } from '@ambassador/queue/connection';
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { RouteOptions } from 'fastify';

/** Adds `ARGV[2]` requests to a counter; starts its window when this call created it. */
const countRequests = `
  local added = tonumber(ARGV[2])
  local current = redis.call('INCRBY', KEYS[1], added)
  if current == added then
    redis.call('PEXPIRE', KEYS[1], ARGV[1])
    return {current, tonumber(ARGV[1])}
  end
  return {current, redis.call('PTTL', KEYS[1])}
`;

type Answer = Parameters<FastifyRateLimitStore['incr']>[1];

interface Group {
  answers: Answer[];
  timeWindow: number;
}

/** The connection with the command `countRequests` defined on it. */
interface RequestCounter {
  countRequests(key: string, timeWindow: number, added: number): Promise<[number, number]>;
}

/**
 * A Redis store for `@fastify/rate-limit` that counts the requests of one key that arrive while
 * its previous count is on its way to Redis with one INCRBY, not one round trip each (a group
 * commit, like the response intake's). Each request still gets its own exact position in the
 * count, so the budget holds as strictly as with one call per request, and every ingest
 * instance shares it; a burst costs a handful of Redis calls instead of one per request.
 */
export function groupedRedisStore(redis: Redis, nameSpace: string): FastifyRateLimitStoreCtor {
  if (!('countRequests' in redis)) redis.defineCommand('countRequests', { numberOfKeys: 1, lua: countRequests });
  const counter = redis as unknown as RequestCounter;

  return class GroupedRedisStore implements FastifyRateLimitStore {
    readonly #prefix: string;
    readonly #waiting = new Map<string, Group>();
    readonly #inFlight = new Set<string>();

    constructor(_params?: unknown, prefix = nameSpace) {
      this.#prefix = prefix;
    }

    incr(key: string, answer: Answer, timeWindow: number): void {
      const fullKey = this.#prefix + key;
      const group = this.#waiting.get(fullKey) ?? { answers: [], timeWindow };
      group.answers.push(answer);
      this.#waiting.set(fullKey, group);
      if (!this.#inFlight.has(fullKey)) void this.#count(fullKey);
    }

    async #count(fullKey: string): Promise<void> {
      const group = this.#waiting.get(fullKey);
      if (!group) return;
      this.#waiting.delete(fullKey);
      this.#inFlight.add(fullKey);
      const added = group.answers.length;
      try {
        const [current, ttl] = await counter.countRequests(fullKey, group.timeWindow, added);
        // The requests of the group take the last `added` places of the count, in order.
        group.answers.forEach((answer, index) => answer(null, { current: current - added + index + 1, ttl }));
      } catch (error) {
        for (const answer of group.answers) answer(error instanceof Error ? error : new Error(String(error)));
      } finally {
        this.#inFlight.delete(fullKey);
      }
      // Those that came while this count was on its way.
      await this.#count(fullKey);
    }

    /** For a route with its own limit: its own counters (as the plugin's Redis store keys them). */
    child(routeOptions: RouteOptions & { path: string; prefix: string }): FastifyRateLimitStore {
      // What the plugin passes at run time, whatever its types say.
      const { routeInfo } = routeOptions as unknown as { routeInfo: { method: string; url: string } };
      return new GroupedRedisStore(undefined, `${this.#prefix}${routeInfo.method}${routeInfo.url}-`);
    }
  };
}
