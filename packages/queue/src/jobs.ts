import type { JobsOptions } from 'bullmq';
import { z } from 'zod';

/**
 * Every job of the system, one definition each: its queue, name, payload schema,
 * job-id function and default options. Payloads carry ids only, never personal data:
 * PostgreSQL holds the data, Redis only says what to do next.
 *
 * Job ids are derived from row ids so that adding the same work twice is a no-op while
 * the first job exists (BullMQ forbids ":" and all-digit ids; the prefixes avoid both).
 */

export const queueNames = ['classify', 'notify'] as const;
export type QueueName = (typeof queueNames)[number];

export interface JobDefinition<Q extends QueueName = QueueName, N extends string = string, P extends z.ZodType = z.ZodType> {
  readonly queue: Q;
  readonly name: N;
  readonly payload: P;
  readonly jobId: (payload: z.output<P>) => string;
  readonly options: Readonly<JobsOptions>;
}

function defineJob<Q extends QueueName, N extends string, P extends z.ZodType>(
  definition: JobDefinition<Q, N, P>,
): JobDefinition<Q, N, P> {
  return definition;
}

// Completed jobs are removed at once: the outcome lives in PostgreSQL, and a removed job
// lets the sweeper add the same id again should a row still need work. Failed jobs stay
// a week for inspection.
const keepFailedForInspection = { age: 7 * 24 * 3600, count: 10_000 };

export const classifyJob = defineJob({
  queue: 'classify',
  name: 'classify',
  payload: z.strictObject({ responseId: z.uuid() }),
  jobId: ({ responseId }) => `classify-${responseId}`,
  options: {
    attempts: 8,
    backoff: { type: 'exponential', delay: 500, jitter: 0.5 },
    removeOnComplete: true,
    removeOnFail: keepFailedForInspection,
  },
});

export const sendAlertJob = defineJob({
  queue: 'notify',
  name: 'send-alert',
  payload: z.strictObject({ alertId: z.uuid() }),
  jobId: ({ alertId }) => `alert-${alertId}`,
  // 10 attempts with exponential backoff from 2 s: the last one about 17 minutes after the
  // first, enough to ride out an SMTP relay restart; then the alert is recorded as failed.
  options: {
    attempts: 10,
    backoff: { type: 'exponential', delay: 2000, jitter: 0.5 },
    removeOnComplete: true,
    removeOnFail: keepFailedForInspection,
  },
});

const deliveryOptions = sendAlertJob.options;

export const sendInvitationJob = defineJob({
  queue: 'notify',
  name: 'send-invitation',
  payload: z.strictObject({ invitationId: z.uuid() }),
  jobId: ({ invitationId }) => `invitation-${invitationId}`,
  options: deliveryOptions,
});

/** Added with a delay until the reminder is due; the sweeper adds overdue ones it finds. */
export const reminderJob = defineJob({
  queue: 'notify',
  name: 'send-reminder',
  payload: z.strictObject({ invitationId: z.uuid() }),
  jobId: ({ invitationId }) => `reminder-${invitationId}`,
  options: deliveryOptions,
});

/** The e-mail with a one-time link into the management module. */
export const sendLoginLinkJob = defineJob({
  queue: 'notify',
  name: 'send-login-link',
  payload: z.strictObject({ loginLinkId: z.uuid() }),
  jobId: ({ loginLinkId }) => `login-${loginLinkId}`,
  // A login link lives 15 minutes: a few quick retries, then the user asks for a new one.
  options: {
    attempts: 4,
    backoff: { type: 'exponential', delay: 1000, jitter: 0.5 },
    removeOnComplete: true,
    removeOnFail: keepFailedForInspection,
  },
});

/**
 * The one e-mail to a manager about a + or − response that got no follow-up step within
 * its deadline. The escalation row is keyed by the response, and so is the job.
 */
export const sendEscalationJob = defineJob({
  queue: 'notify',
  name: 'send-escalation',
  payload: z.strictObject({ responseId: z.uuid() }),
  jobId: ({ responseId }) => `escalation-${responseId}`,
  options: deliveryOptions,
});

/** A manager's weekly digest. */
export const sendDigestJob = defineJob({
  queue: 'notify',
  name: 'send-digest',
  payload: z.strictObject({ digestId: z.uuid() }),
  jobId: ({ digestId }) => `digest-${digestId}`,
  options: deliveryOptions,
});

/** The jobs each queue carries; a worker must handle exactly these. */
export const jobsByQueue = {
  classify: [classifyJob],
  notify: [sendAlertJob, sendInvitationJob, reminderJob, sendLoginLinkJob, sendEscalationJob, sendDigestJob],
} as const satisfies Record<QueueName, readonly JobDefinition[]>;

export type JobsOf<Q extends QueueName> = (typeof jobsByQueue)[Q][number];
export type JobNameOf<Q extends QueueName> = JobsOf<Q>['name'];
export type PayloadOf<D extends JobDefinition> = z.output<D['payload']>;
