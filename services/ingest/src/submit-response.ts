import { findProjectContact } from '@ambassador/db/projects';
import { insertResponse } from '@ambassador/db/responses';
import { ConflictError, UnprocessableError } from '@ambassador/domain/errors';
import type { ResponseInput } from '@ambassador/domain/inputs';
import { classifyJob } from '@ambassador/queue/jobs';
import type { FastifyBaseLogger } from 'fastify';
import type { IngestDependencies } from './dependencies.ts';

/**
 * Persist first, then enqueue. Once the INSERT is committed the response is safe: if
 * Redis cannot take the classify job now, the caller still gets its id and the sweeper
 * queues the classification later. The job carries only the response id.
 */
export async function submitResponse(
  { db, producer, metrics, clock }: Pick<IngestDependencies, 'db' | 'producer' | 'metrics' | 'clock'>,
  input: ResponseInput,
  log: FastifyBaseLogger,
): Promise<{ id: string }> {
  const project = await findProjectContact(db, input.projectId);
  if (!project) throw new UnprocessableError(`There is no project with id "${input.projectId}".`, 'projectId');

  const respondent = input.respondent ?? { name: project.contactName, email: project.contactEmail };
  const id = await insertResponse(db, {
    projectId: project.projectId,
    respondentName: respondent.name,
    respondentEmail: respondent.email,
    satisfaction: input.satisfaction,
    motivation: input.motivation,
    wouldRecommend: input.wouldRecommend,
    wantsMoreServices: input.wantsMoreServices,
    submittedAt: clock(),
  });
  if (id === null) {
    throw new ConflictError(
      'This respondent has already answered for this project.',
      input.respondent ? 'respondent.email' : 'projectId',
    );
  }
  metrics.responsesAccepted.inc();

  try {
    await producer.enqueue(classifyJob, { responseId: id });
  } catch (error) {
    metrics.enqueueFailures.inc({ queue: classifyJob.queue });
    log.warn({ responseId: id, err: error }, 'response stored; classification not queued yet, the sweeper will queue it');
  }
  return { id };
}
