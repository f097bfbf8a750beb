import Fastify from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';

export type ReadinessCheck = () => Promise<void>;

export interface HealthServerOptions {
  logger: Logger;
  registry: Registry;
  /** Named checks for `/readyz`; each throws when its dependency is unreachable. */
  checks: Record<string, ReadinessCheck>;
}

/**
 * `/healthz` (the process is alive), `/readyz` (its dependencies answer) and `/metrics`
 * (Prometheus text) for the worker services, which have no other HTTP surface.
 */
export function buildHealthServer({ logger, registry, checks }: HealthServerOptions) {
  const app = Fastify({ loggerInstance: logger.child({ component: 'health' }) });
  // Probes come every few seconds: their requests are logged only when something is wrong.
  const quiet = { logLevel: 'warn' } as const;
  app.get('/healthz', quiet, () => ({ status: 'ok' }));
  app.get('/readyz', quiet, async (_request, reply) => {
    const results = await runReadinessChecks(checks);
    return reply.code(results.ready ? 200 : 503).send(results);
  });
  app.get('/metrics', quiet, async (_request, reply) => {
    return reply.type(registry.contentType).send(await registry.metrics());
  });
  return app;
}

export interface ReadinessResult {
  ready: boolean;
  status: 'ok' | 'unavailable';
  checks: Record<string, 'ok' | 'unavailable'>;
}

/** Runs every check with a time limit; never throws. */
export async function runReadinessChecks(
  checks: Record<string, ReadinessCheck>,
  timeoutMs = 2000,
): Promise<ReadinessResult> {
  const entries = await Promise.all(
    Object.entries(checks).map(async ([name, check]) => {
      try {
        await withTimeout(check(), timeoutMs);
        return [name, 'ok'] as const;
      } catch {
        return [name, 'unavailable'] as const;
      }
    }),
  );
  const ready = entries.every(([, state]) => state === 'ok');
  return { ready, status: ready ? 'ok' : 'unavailable', checks: Object.fromEntries(entries) };
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
