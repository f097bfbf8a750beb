import { apiKeyActor } from '@ambassador/db/audit';
import { type Erasure, eraseContact } from '@ambassador/db/erasure';
import { emailAddress } from '@ambassador/domain/inputs';
import { classifyJob } from '@ambassador/queue/jobs';
import type { JobProducer } from '@ambassador/queue/producer';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { IngestDependencies } from '../dependencies.ts';
import { problem, sendProblem } from '../problem.ts';

/** The wildcard holds the address; the API reference names it `email`. */
const emailInPath = z.string().meta({ description: 'The e-mail address of the person to erase.', examples: ['jan.jansen@utrecht.example'] });

/** Removes the queued jobs of erased rows; returns how many were running (and were left alone). */
async function removeErasedJobs(producer: JobProducer, { removed }: Erasure): Promise<number> {
  const running = await Promise.all([
    producer.removeJobs(
      classifyJob,
      removed.responseIds.map((responseId) => ({ responseId })),
    ),
    producer.removeDeliveryJobs(removed.deliveries),
  ]);
  return running.reduce((sum, count) => sum + count, 0);
}

/**
 * `DELETE /api/v1/contacts/{email}`: erases a client contact or respondent everywhere (the
 * right to erasure). 204 whether or not anything was found, so the call tells no one whether
 * an address is known; 400 for a malformed address. PostgreSQL first, in one transaction;
 * then the queued jobs of the erased rows leave Redis. A job that escapes (Redis down, or a
 * worker running it) finds its row gone and does nothing.
 */
const contactRoutes: FastifyPluginAsyncZod<IngestDependencies> = async (app, { db, producer, clock }) => {
  app.delete(
    // A wildcard, not `:email`: the router refuses parameters over 100 characters (414), and
    // an address may have up to 254.
    '/contacts/*',
    {
      schema: {
        summary: 'Erase a person everywhere',
        description:
          'The right to erasure: their responses, alerts and messages, follow-up steps, invitations and contact row, in one transaction; ' +
          'then their queued jobs. 204 whether or not the address was known; only the fact of an erasure is recorded, never the address.',
        tags: ['Privacy'],
        params: z.object({ '*': emailInPath }),
        response: { 204: z.undefined().describe('Erased, or nothing to erase.') },
      },
      config: { pathWildcard: 'email' },
      // The path holds the address: the access log leaves it out (see withoutSecrets).
    },
    async (request, reply) => {
      const email = emailAddress.safeParse(request.params['*']);
      if (!email.success) {
        const message = email.error.issues[0]?.message ?? 'must be a valid e-mail address';
        return sendProblem(reply, { ...problem(400, 'The address in the path is not a valid e-mail address.', [{ path: 'email', message }]), instance: request.url });
      }
      const erasure = await eraseContact(db, email.data, { now: clock(), actor: apiKeyActor(request.apiKeyId) });
      let jobsRunning: number | undefined;
      try {
        jobsRunning = await removeErasedJobs(producer, erasure);
      } catch (error) {
        app.log.warn({ reqId: request.id, erasureId: erasure.id, err: error }, 'erased; queued jobs not removed (they will find nothing to do)');
      }
      app.log.info({ reqId: request.id, erasureId: erasure.id, ...erasure.counts, jobsRunning }, 'contact erased');
      return reply.code(204).send();
    },
  );
};

export default contactRoutes;
