import { html } from '@ambassador/html/template';
import type { FastifyInstance } from 'fastify';
import type { ManagementDependencies } from '../dependencies.ts';
import { localeOf, sendPage } from '../plugins/pages.ts';
import { messages } from '../views/messages.ts';

// Placeholder until the statistics page lands (in progress in the same change series).
export default async function statsRoutes(app: FastifyInstance, _dependencies: ManagementDependencies): Promise<void> {
  app.get('/stats', async (request, reply) => {
    const m = messages[localeOf(request)];
    return sendPage(request, reply, 200, { title: m.nav.stats, body: html`<h1>${m.nav.stats}</h1>`, active: 'stats' });
  });
}
