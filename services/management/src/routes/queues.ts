import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter } from '@bull-board/fastify';
import { queueNames } from '@ambassador/queue/jobs';
import type { FastifyInstance } from 'fastify';
import type { ManagementDependencies } from '../dependencies.ts';

/** The BullMQ queues, for admins only: Bull Board under /queues. */
export default async function queueRoutes(app: FastifyInstance, dependencies: ManagementDependencies): Promise<void> {
  const serverAdapter = new FastifyAdapter();
  serverAdapter.setBasePath('/queues');
  createBullBoard({
    queues: queueNames.map((name) => new BullMQAdapter(dependencies.producer.queue(name))),
    serverAdapter,
    options: { uiConfig: { boardTitle: 'Ambassador' } },
  });
  await app.register(serverAdapter.registerPlugin(), { prefix: '/queues' });
}
