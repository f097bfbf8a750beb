import type { Logger } from '@ambassador/observability/logger';
import type { Redis } from '@ambassador/queue/connection';
import { createQueueWorker } from '@ambassador/queue/worker';
import type { Worker } from 'bullmq';
import { type AlertSender, sendAlert } from './send-alert.ts';
import { type DigestSender, sendDigest } from './send-digest.ts';
import { type EscalationSender, sendEscalation } from './send-escalation.ts';
import { type InvitationSender, sendInvitationMessage } from './send-invitation.ts';
import { type LoginLinkSender, sendLoginLink } from './send-login-link.ts';

export interface NotifierDependencies extends AlertSender, InvitationSender, LoginLinkSender, EscalationSender, DigestSender {
  workerConnection: Redis;
  logger: Logger;
  prefix?: string;
}

export interface NotifierSettings {
  concurrency: number;
  lockDuration?: number;
  stalledInterval?: number;
}

export interface Notifier {
  worker: Worker;
  close(): Promise<void>;
}

/** The notify worker, as `main.ts` runs it and tests start it. */
export function startNotifier(dependencies: NotifierDependencies, settings: NotifierSettings): Notifier {
  const worker = createQueueWorker(
    'notify',
    {
      'send-alert': async ({ alertId }, context) => sendAlert(dependencies, alertId, context),
      'send-invitation': async ({ invitationId }, context) => sendInvitationMessage(dependencies, invitationId, 'email', context),
      'send-reminder': async ({ invitationId }, context) => sendInvitationMessage(dependencies, invitationId, 'reminder', context),
      'send-login-link': async ({ loginLinkId }, context) => sendLoginLink(dependencies, loginLinkId, context),
      'send-escalation': async ({ responseId }, context) => sendEscalation(dependencies, responseId, context),
      'send-digest': async ({ digestId }, context) => sendDigest(dependencies, digestId, context),
    },
    {
      connection: dependencies.workerConnection,
      logger: dependencies.logger,
      prefix: dependencies.prefix,
      concurrency: settings.concurrency,
      lockDuration: settings.lockDuration,
      stalledInterval: settings.stalledInterval,
    },
  );
  return {
    worker,
    async close() {
      await worker.close();
    },
  };
}
