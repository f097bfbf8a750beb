import { createHash } from 'node:crypto';
import type { JobsOptions } from 'bullmq';
import type { DeliveryChannel, MessageKind } from '@ambassador/domain/vocabulary';
import { z } from 'zod';

/**
 * Every job of the system, one definition each: its queue, name, payload schema,
 * job-id function and default options. Payloads carry ids only, never personal data:
 * PostgreSQL holds the data, Redis only says what to do next.
 *
 * Job ids are derived from row ids so that adding the same work twice is a no-op while
 * the first job exists (BullMQ forbids ":" and all-digit ids; the prefixes avoid both).
 */

/**
 * `classify` carries responses to the classifier; each `deliver-*` queue carries the outgoing
 * messages of its channels to the notifier, so that a slow webhook receiver or SMS gateway
 * never holds up an e-mail.
 */
export const queueNames = ['classify', 'deliver-email', 'deliver-sms', 'deliver-http'] as const;
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
// lets the scheduler add the same id again should a row still need work. Failed jobs stay
// a week for inspection.
const keepFailedForInspection = { age: 7 * 24 * 3600, count: 10_000 };

/** Most responses one classify job carries: ingest's largest group commit, with room to spare. */
export const MAX_CLASSIFY_BATCH = 1000;

/**
 * The id of the job that classifies these responses: `classify-<responseId>` for one, and for
 * a batch a digest of its ids in any order, so queueing the same batch again adds nothing.
 */
function classifyJobId({ responseIds }: { responseIds: readonly string[] }): string {
  if (responseIds.length === 1) return `classify-${responseIds[0]}`;
  const digest = createHash('sha256').update([...responseIds].sort().join(',')).digest('base64url');
  return `classify-batch-${digest}`;
}

/** A batch of stored responses to classify together (one transaction), by id only. */
export const classifyJob = defineJob({
  queue: 'classify',
  name: 'classify',
  payload: z.union([
    z.strictObject({ responseIds: z.array(z.uuid()).min(1).max(MAX_CLASSIFY_BATCH) }),
    // A job of one response as versions before batched classification queued it, still in
    // Redis at an upgrade: classified as a batch of one rather than failed as invalid.
    z.strictObject({ responseId: z.uuid() }).transform(({ responseId }) => ({ responseIds: [responseId] })),
  ]),
  jobId: classifyJobId,
  options: {
    attempts: 8,
    backoff: { type: 'exponential', delay: 500, jitter: 0.5 },
    removeOnComplete: true,
    removeOnFail: keepFailedForInspection,
  },
});

/**
 * Responses that cannot make an alert (DESIGN.md: only + and − do) wait behind those that can:
 * jobs without a priority go before all prioritized ones, so an alert is never classified
 * after a burst of neutral answers that came in before it.
 */
export const classifyPriorityOfNeutral = 1;

/** Every outgoing message is one job: its payload is the id of its stored delivery row. */
const deliveryPayload = z.strictObject({ deliveryId: z.uuid() });
const deliveryJobId = ({ deliveryId }: { deliveryId: string }) => `delivery-${deliveryId}`;

// 10 attempts with exponential backoff from 2 s: the last one about 17 minutes after the
// first, enough to ride out an SMTP relay restart; then the message is recorded as failed.
export const deliverEmailJob = defineJob({
  queue: 'deliver-email',
  name: 'deliver',
  payload: deliveryPayload,
  jobId: deliveryJobId,
  options: {
    attempts: 10,
    backoff: { type: 'exponential', delay: 2000, jitter: 0.5 },
    removeOnComplete: true,
    removeOnFail: keepFailedForInspection,
  },
});

export const deliverSmsJob = defineJob({ ...deliverEmailJob, queue: 'deliver-sms' });

// Webhooks, Teams and Slack: the first retry within 10 seconds, then doubling, 16 retries in
// all: with the full jitter taking off up to half of each wait, the last comes at least a day
// and a half after the first attempt, so a receiver that is down for a day still gets it.
export const deliverHttpJob = defineJob({
  queue: 'deliver-http',
  name: 'deliver',
  payload: deliveryPayload,
  jobId: deliveryJobId,
  options: {
    attempts: 17,
    backoff: { type: 'exponential', delay: 5000, jitter: 0.5 },
    removeOnComplete: true,
    removeOnFail: keepFailedForInspection,
  },
});

/** The job that carries the messages of each channel. */
export const deliveryJobs = {
  email: deliverEmailJob,
  sms: deliverSmsJob,
  webhook: deliverHttpJob,
  teams: deliverHttpJob,
  slack: deliverHttpJob,
} as const satisfies Record<DeliveryChannel, JobDefinition>;

/**
 * The order in which each queue serves the kinds of message: jobs without a priority go before
 * all prioritized ones, so alerts (and events, and the login link someone is waiting for) go
 * first, then escalations, then invitations, reminders and digests.
 */
const priorityOf: Record<MessageKind, number | undefined> = {
  alert: undefined,
  event: undefined,
  login_link: undefined,
  escalation: 1,
  invitation: 2,
  reminder: 2,
  digest: 2,
};

/** A stored message as a queue needs it. */
export interface DeliveryToQueue {
  id: string;
  kind: MessageKind;
  channel: DeliveryChannel;
  dueAt: Date;
}

/**
 * The job of a stored message: its definition, and the options its kind adds (its priority; a
 * login link lives 15 minutes, so it gets a few quick retries, then the user asks for a new one).
 */
export function deliveryJobOf(delivery: Pick<DeliveryToQueue, 'kind' | 'channel'>): { definition: (typeof deliveryJobs)[DeliveryChannel]; options: JobsOptions } {
  const definition = deliveryJobs[delivery.channel];
  const priority = priorityOf[delivery.kind];
  return {
    definition,
    options: {
      ...definition.options,
      ...(priority === undefined ? {} : { priority }),
      ...(delivery.kind === 'login_link' ? { attempts: 4, backoff: { type: 'exponential', delay: 1000, jitter: 0.5 } } : {}),
    },
  };
}

/** The jobs each queue carries; a worker must handle exactly these. */
export const jobsByQueue = {
  classify: [classifyJob],
  'deliver-email': [deliverEmailJob],
  'deliver-sms': [deliverSmsJob],
  'deliver-http': [deliverHttpJob],
} as const satisfies Record<QueueName, readonly JobDefinition[]>;

export type JobsOf<Q extends QueueName> = (typeof jobsByQueue)[Q][number];
export type JobNameOf<Q extends QueueName> = JobsOf<Q>['name'];
export type PayloadOf<D extends JobDefinition> = z.output<D['payload']>;
