import helmet from '@fastify/helmet';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

export const DOCS_PREFIX = '/docs';

/**
 * `GET /docs`: the API reference for people, Swagger UI reading the OpenAPI document of
 * `api-reference` (which it serves at /docs/json). Its scripts, styles and images are served
 * from here (`@fastify/swagger-ui` ships them), and its CSP lets nothing else load: scripts
 * only from this origin, no eval, no inline script; inline styles are allowed on these pages
 * only, because Swagger UI sets styles as attributes. Its requests (the document, and "Try it
 * out") go to this origin and to `PUBLIC_BASE_URL`, where the API is.
 *
 * The basic layout: without the top bar, whose box would load a document from any URL typed in.
 */
export default async function apiDocs(app: FastifyInstance, { publicBaseUrl }: { publicBaseUrl: string }): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", new URL(publicBaseUrl).origin],
        formAction: ["'none'"],
        baseUri: ["'none'"],
        objectSrc: ["'none'"],
        frameAncestors: ["'none'"],
      },
    },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: false,
    strictTransportSecurity: publicBaseUrl.startsWith('https:'),
  });
  await app.register(swaggerUi, {
    routePrefix: DOCS_PREFIX,
    theme: { title: 'Ambassador API' },
    uiConfig: {
      layout: 'BaseLayout',
      deepLinking: true,
      docExpansion: 'list',
      defaultModelsExpandDepth: 0,
      displayRequestDuration: true,
    },
  });
}
