import { ConflictError, UnprocessableError } from '@ambassador/domain/errors';
import type { ResponseInput } from '@ambassador/domain/inputs';
import { recommendAnswer } from '@ambassador/domain/net-promoter';
import type { IngestDependencies } from './dependencies.ts';

/**
 * Persist first, then enqueue (in the intake's batches). Once the INSERT is committed the
 * response is safe: if Redis cannot take the classify job now, the caller still gets its id
 * and the sweeper queues the classification later. The job carries only the response id.
 */
export async function submitResponse(
  { intake, clock }: Pick<IngestDependencies, 'intake' | 'clock'>,
  input: ResponseInput,
): Promise<{ id: string }> {
  const outcome = await intake.submit({
    projectId: input.projectId,
    respondent: input.respondent ?? null,
    satisfaction: input.satisfaction,
    motivation: input.motivation,
    ...recommendAnswer(input),
    wantsMoreServices: input.wantsMoreServices,
    submittedAt: clock(),
  });
  switch (outcome.kind) {
    case 'stored':
      return { id: outcome.id };
    case 'unknown-project':
      throw new UnprocessableError(`There is no project with id "${input.projectId}".`, 'projectId');
    case 'contact-erased':
      throw new UnprocessableError(
        "This project's contact was erased: name the respondent to store an answer for this project.",
        'respondent',
      );
    case 'duplicate':
      throw new ConflictError(
        'This respondent has already answered for this project.',
        input.respondent ? 'respondent.email' : 'projectId',
      );
  }
}
