import { z } from 'zod';

/** pnpm bench settings, from the environment; the defaults take about four minutes here. */
export const benchConfig = z
  .object({
    DATABASE_URL: z.string().default('postgres://postgres@127.0.0.1:5432/postgres'),
    /** Seconds per throughput run (each of the baseline and the measured run). */
    BENCH_SECONDS: z.coerce.number().int().min(1).default(10),
    /** Seconds of steady load per latency rate. */
    BENCH_LATENCY_SECONDS: z.coerce.number().int().min(1).default(15),
    /** Seconds at 50/s, not counted, before the latency runs: the services' code warms up. */
    BENCH_WARMUP_SECONDS: z.coerce.number().int().min(1).default(8),
    BENCH_BACKLOG: z.coerce.number().int().min(1).default(100_000),
    /** Webhook deliveries the notifier sends in the webhook phase. */
    BENCH_WEBHOOKS: z.coerce.number().int().min(1).default(3000),
    /** Negative responses whose alerts (two each) are sent per channel in the deliveries phase. */
    BENCH_DELIVERY_RESPONSES: z.coerce.number().int().min(1).default(2000),
    BENCH_CONNECTIONS: z.coerce.number().int().min(1).default(64),
    /** A directory: each service writes a CPU profile there when it stops (node --cpu-prof). */
    BENCH_PROFILE_DIR: z.string().optional(),
    PATH: z.string().default(''),
  })
  .transform((env) => ({
    postgresUrl: env.DATABASE_URL,
    seconds: env.BENCH_SECONDS,
    latencySeconds: env.BENCH_LATENCY_SECONDS,
    warmupSeconds: env.BENCH_WARMUP_SECONDS,
    backlog: env.BENCH_BACKLOG,
    webhooks: env.BENCH_WEBHOOKS,
    deliveryResponses: env.BENCH_DELIVERY_RESPONSES,
    connections: env.BENCH_CONNECTIONS,
    profileDirectory: env.BENCH_PROFILE_DIR,
    path: env.PATH,
  }))
  .parse(process.env);
