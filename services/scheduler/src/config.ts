import {
  databaseUrl,
  followUpNegativeWorkingDays,
  followUpPositiveWorkingDays,
  loadConfig,
  logLevel,
  milliseconds,
  port,
  positiveInteger,
  redisUrl,
  timeZone,
} from '@ambassador/config/env';
import { z } from 'zod';

const weekdays = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'] as const;

export const schedulerConfigSchema = z
  .object({
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    LOG_LEVEL: logLevel,
    /** How often the re-queue, backlog, escalation and digest tasks run (retention and purging: hourly). */
    SWEEP_INTERVAL_MS: positiveInteger(5000),
    /** How old unfinished work must be before the re-queue and backlog tasks take it (the normal path is much faster). */
    SWEEP_GRACE_MS: milliseconds(10_000),
    /** Rows per query and per batch of the tasks. */
    SWEEP_BATCH_SIZE: positiveInteger(500),
    /** Port of /healthz, /readyz and /metrics; 0 turns the endpoint off. */
    HEALTH_PORT: port(3103),
    HOST: z.string().trim().min(1).default('0.0.0.0'),
    /** The firm's time zone: working days, and when a week starts. */
    TIME_ZONE: timeZone,
    /** Working days a − / + response may go without a follow-up step before its manager gets an escalation; 0: never. */
    FOLLOW_UP_NEGATIVE_WORKING_DAYS: followUpNegativeWorkingDays,
    FOLLOW_UP_POSITIVE_WORKING_DAYS: followUpPositiveWorkingDays,
    /** Days after its deadline that a response can still escalate (not later: then it is history). */
    ESCALATION_WINDOW_DAYS: positiveInteger(7),
    /** The day and hour (in TIME_ZONE) from which each week's digest goes out. */
    DIGEST_WEEKDAY: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(z.enum(weekdays, { error: `must be a day of the week in English, like monday` }))
      .default('monday'),
    DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(8),
    /**
     * Days after which responses, invitations and contacts stop saying who they were about
     * (they are anonymised; see the retention task). At least 90: a shorter period would reach
     * invitations still open and follow-ups still under way.
     */
    RETENTION_DAYS: z.coerce.number().int().min(90).max(36_500).default(1095),
  })
  .transform((env) => ({
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    logLevel: env.LOG_LEVEL,
    tasks: {
      intervalMs: env.SWEEP_INTERVAL_MS,
      graceMs: env.SWEEP_GRACE_MS,
      batchSize: env.SWEEP_BATCH_SIZE,
      escalation: {
        negativeWorkingDays: env.FOLLOW_UP_NEGATIVE_WORKING_DAYS,
        positiveWorkingDays: env.FOLLOW_UP_POSITIVE_WORKING_DAYS,
        windowDays: env.ESCALATION_WINDOW_DAYS,
        timeZone: env.TIME_ZONE,
      },
      digest: { weekday: weekdays.indexOf(env.DIGEST_WEEKDAY) + 1, hour: env.DIGEST_HOUR, timeZone: env.TIME_ZONE },
      retention: { days: env.RETENTION_DAYS },
    },
    healthPort: env.HEALTH_PORT,
    host: env.HOST,
  }));

export type SchedulerConfig = z.output<typeof schedulerConfigSchema>;

/** The configuration from the process environment; a missing or malformed variable ends the process with one line. */
export function loadSchedulerConfig(): SchedulerConfig {
  return loadConfig(schedulerConfigSchema, process.env);
}
