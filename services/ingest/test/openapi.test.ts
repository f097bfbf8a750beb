import { validate } from '@readme/openapi-parser';
import Fastify, { type FastifyInstance, type RouteOptions } from 'fastify';
import { describe, expect } from 'vitest';
import ingestApp from '../src/app.ts';
import type { IngestDependencies } from '../src/dependencies.ts';
import { authorized, test } from './ingest-app.ts';

interface Operation {
  summary?: string;
  security?: Record<string, string[]>[];
  requestBody?: { content: Record<string, { schema?: unknown; example?: unknown }> };
  responses: Record<string, { description: string; content?: Record<string, { schema?: unknown; example?: unknown }> }>;
}
interface OpenApiDocument {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, { type: string; scheme: string }> };
}

/** The ingest app on the test's dependencies, with every route it registers (as an onRoute hook sees it). */
async function ingestWithRoutes(dependencies: IngestDependencies, extra?: (app: FastifyInstance) => Promise<void>) {
  const app = Fastify();
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route) => {
    routes.push(route);
  });
  await app.register(ingestApp, dependencies);
  if (extra) await extra(app);
  await app.ready();
  const document = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<OpenApiDocument>();
  return { app, routes, document };
}

/** `/projects/:id/close` → a pattern for `/projects/{id}/close`; a `*` wildcard may carry any name. */
function documentedPath(url: string): RegExp {
  const escaped = url.replace(/[.+?^${}()|[\]\\]/gu, '\\$&');
  return new RegExp(`^${escaped.replace(/:(\w+)/gu, '\\{$1\\}').replace(/\*/gu, '\\{[^}]+\\}')}$`, 'u');
}

/** What is missing from the document for the /api/v1 routes: each a line naming the route. */
function undocumented(routes: readonly RouteOptions[], document: OpenApiDocument): string[] {
  const gaps: string[] = [];
  for (const route of routes) {
    if (!route.url.startsWith('/api/v1/')) continue;
    for (const method of [route.method].flat()) {
      if (method === 'HEAD') continue;
      const name = `${method} ${route.url}`;
      const path = Object.keys(document.paths).find((candidate) => documentedPath(route.url).test(candidate));
      const operation = path ? document.paths[path]?.[method.toLowerCase()] : undefined;
      if (!operation) {
        gaps.push(`${name}: not in the document`);
        continue;
      }
      if (!operation.summary) gaps.push(`${name}: no summary`);
      const success = Object.entries(operation.responses).filter(([status]) => status.startsWith('2'));
      const answered = success.some(([status, response]) => status === '204' || response.content?.['application/json']?.schema);
      if (!answered) gaps.push(`${name}: no schema for its 2xx answer`);
      for (const [status, response] of Object.entries(operation.responses)) {
        if (/^[45]/u.test(status) && !response.content?.['application/problem+json']) gaps.push(`${name}: ${status} is not problem+json`);
      }
      if (operation.requestBody && !operation.requestBody.content['application/json']?.example) gaps.push(`${name}: no example body`);
      if (operation.security?.length && !operation.responses['401']) gaps.push(`${name}: needs a key but documents no 401`);
    }
  }
  return gaps;
}

describe('GET /api/v1/openapi.json', () => {
  test('is a valid OpenAPI 3.1 document, served without an API key', async ({ ingest: { app } }) => {
    const response = await app.inject({ method: 'GET', url: '/api/v1/openapi.json' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    const document = response.json<OpenApiDocument>();
    expect(document.openapi).toBe('3.1.0');
    const result = await validate(JSON.parse(response.body) as Parameters<typeof validate>[0]);
    expect(result.valid ? [] : result.errors).toEqual([]);
    expect(document.components.securitySchemes['apiKey']).toMatchObject({ type: 'http', scheme: 'bearer' });
    expect(Object.keys(document.components.securitySchemes)).toEqual(['apiKey']);
    expect(Object.keys(document.components.schemas)).toEqual(['Problem']);
  });

  test('documents every /api/v1 route: summary, 2xx schema, problems as problem+json, example bodies', async ({ ingest: { dependencies } }) => {
    const { app, routes, document } = await ingestWithRoutes(dependencies);
    try {
      expect(routes.filter((route) => route.url.startsWith('/api/v1/')).length).toBeGreaterThanOrEqual(10);
      expect(undocumented(routes, document)).toEqual([]);
      // The form and health routes are not part of the API.
      expect(Object.keys(document.paths).filter((path) => !path.startsWith('/api/v1/'))).toEqual([]);
    } finally {
      await app.close();
    }
  });

  test('finds a route added without documentation', async ({ ingest: { dependencies } }) => {
    const { app, routes, document } = await ingestWithRoutes(dependencies, async (instance) => {
      await instance.register(
        async (api) => {
          api.get('/undocumented', async () => ({ ok: true }));
        },
        { prefix: '/api/v1' },
      );
    });
    try {
      expect(undocumented(routes, document)).toEqual(['GET /api/v1/undocumented: not in the document']);
      // A route in the document without its answer described, nor a summary, nor problem+json errors:
      const readProject = document.paths['/api/v1/projects/{id}']?.['get'];
      if (!readProject) throw new Error('GET /api/v1/projects/{id} is not documented');
      delete readProject.summary;
      readProject.responses = { 200: { description: 'Default Response' }, 404: { description: 'Not found' } };
      expect(undocumented(routes, document).sort()).toEqual([
        'GET /api/v1/projects/:id: 404 is not problem+json',
        'GET /api/v1/projects/:id: needs a key but documents no 401',
        'GET /api/v1/projects/:id: no schema for its 2xx answer',
        'GET /api/v1/projects/:id: no summary',
        'GET /api/v1/undocumented: not in the document',
      ]);
    } finally {
      await app.close();
    }
  });

  test('names the scope each route needs, and the problems every route may answer', async ({ ingest: { app } }) => {
    const { paths } = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<OpenApiDocument>();
    const putEmployee = paths['/api/v1/employees/{id}']?.['put'];
    expect(putEmployee?.security).toEqual([{ apiKey: ['admin'] }]);
    expect(Object.keys(putEmployee?.responses ?? {}).sort()).toEqual(['200', '400', '401', '403', '409', '413', '415', '422', '429']);
    expect(paths['/api/v1/responses']?.['post']?.security).toEqual([{ apiKey: ['write'] }]);
    expect(paths['/api/v1/responses/{id}']?.['get']?.security).toEqual([{ apiKey: ['read'] }]);
    expect(paths['/api/v1/responses/{id}']?.['get']?.responses).not.toHaveProperty('403');
    expect(paths['/api/v1/openapi.json']?.['get']?.security).toEqual([]);
    expect(paths['/api/v1/contacts/{email}']?.['delete']?.responses).toHaveProperty('204');
  });

  test('its examples are answers the API really gives, in the documented shape', async ({ ingest: { app } }) => {
    const { paths } = (await app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json<OpenApiDocument>();
    const employeeExample = paths['/api/v1/employees/{id}']?.['put']?.requestBody?.content['application/json']?.example as object;
    await app.inject({ method: 'PUT', url: '/api/v1/employees/marieke', headers: authorized, payload: { name: 'Marieke', email: 'marieke@firm.example' } });
    const put = await app.inject({ method: 'PUT', url: '/api/v1/employees/anna', headers: authorized, payload: employeeExample });
    expect(put.statusCode).toBe(200);
    const answerExample = paths['/api/v1/employees/{id}']?.['get']?.responses['200']?.content?.['application/json']?.example;
    expect(Object.keys(put.json<object>()).sort()).toEqual(Object.keys(answerExample as object).sort());

    const projectExample = paths['/api/v1/projects/{id}']?.['put']?.requestBody?.content['application/json']?.example;
    expect((await app.inject({ method: 'PUT', url: '/api/v1/projects/P-2026-014', headers: authorized, payload: projectExample as object })).statusCode).toBe(200);
    const responseExample = paths['/api/v1/responses']?.['post']?.requestBody?.content['application/json']?.example;
    expect((await app.inject({ method: 'POST', url: '/api/v1/responses', headers: authorized, payload: responseExample as object })).statusCode).toBe(202);
  });
});

describe('GET /docs', () => {
  test('serves the reference page and its assets itself, under a CSP that lets nothing else load', async ({ ingest: { app } }) => {
    const page = await app.inject({ method: 'GET', url: '/docs' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toMatch(/^text\/html/);
    const csp = String(page.headers['content-security-policy']);
    expect(csp.split(';').map((directive) => directive.trim())).toEqual(
      expect.arrayContaining(["default-src 'none'", "script-src 'self'", "style-src 'self' 'unsafe-inline'", "frame-ancestors 'none'", "object-src 'none'"]),
    );
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['x-content-type-options']).toBe('nosniff');
    // Every script and stylesheet the page names is served here.
    const assets = [...page.body.matchAll(/(?:src|href)="([^"]+)"/gu)].map((match) => match[1] ?? '');
    expect(assets.length).toBeGreaterThanOrEqual(4);
    for (const asset of assets) {
      expect(asset).toMatch(/^\/docs\/static\//u);
      expect((await app.inject({ method: 'GET', url: asset })).statusCode).toBe(200);
    }
    // The inline styles are allowed on the reference only: the form keeps its own policy.
    const form = await app.inject({ method: 'GET', url: '/s/unknown-link' });
    expect(String(form.headers['content-security-policy'])).not.toContain('unsafe-inline');
  });
});
