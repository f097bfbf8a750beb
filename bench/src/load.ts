import autocannon from 'autocannon';
import { benchConfig } from './config.ts';

export interface LoadResult {
  /** 2xx answers per second. */
  okPerSecond: number;
  ok: number;
  non2xx: number;
  errors: number;
  p50: number;
  p99: number;
}

/** Closed-loop load: `connections` clients as fast as the server answers, for `seconds`. */
export async function hammer(options: {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  /** Replace `[<id>]` in the body with a fresh id per request (unique respondents). */
  uniqueIds?: boolean;
  /** How long; BENCH_SECONDS unless given. */
  seconds?: number;
}): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: options.method ?? 'GET',
    headers: options.headers,
    body: options.body,
    idReplacement: options.uniqueIds ?? false,
    connections: benchConfig.connections,
    duration: options.seconds ?? benchConfig.seconds,
  });
  const ok = result['2xx'];
  return {
    okPerSecond: ok / result.duration,
    ok,
    non2xx: result.non2xx,
    errors: result.errors,
    p50: result.latency.p50,
    p99: result.latency.p99,
  };
}

export function percentile(sorted: readonly number[], fraction: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(fraction * sorted.length))] ?? Number.NaN;
}
