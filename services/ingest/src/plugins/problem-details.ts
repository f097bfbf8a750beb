import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { problem, problemFromError, sendProblem } from '../problem.ts';

/** Every error and every unknown route answers with problem+json. */
export default fp(
  (app: FastifyInstance) => {
    app.setErrorHandler((error, request, reply) => sendProblem(reply, { ...problemFromError(error, request), instance: request.url }));
    app.setNotFoundHandler((request, reply) =>
      sendProblem(reply, { ...problem(404, `There is no ${request.method} ${request.url.split('?')[0] ?? ''}.`), instance: request.url }),
    );
  },
  { name: 'problem-details' },
);
