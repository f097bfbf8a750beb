import swagger, { type SwaggerTransform, type SwaggerTransformObject } from '@fastify/swagger';
import type { FastifyInstance, FastifySchema } from 'fastify';
import fp from 'fastify-plugin';
import { createJsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { STATUS_CODES } from 'node:http';
import { z } from 'zod';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The name the API reference gives a route's `*` wildcard (`/contacts/*` → `/contacts/{email}`). */
    pathWildcard?: string;
  }
}

/**
 * `GET /api/v1/openapi.json`: the OpenAPI 3.1 document of every /api/v1 route, made by
 * `@fastify/swagger` from the zod schemas the routes validate requests and serialize answers
 * with (`fastify-type-provider-zod`'s transforms), so it cannot say something the API does not
 * do. Register before the routes: it collects them as they are added. What every API route
 * shares is added here: the bearer key with the scope the route needs (`config.scope`, set by
 * `api-keys`), and the problems any route may answer (400, 401, 403, 413, 415, 429). Routes outside
 * /api/v1 (the form, health) are left out.
 */

const API_PREFIX = '/api/v1';
const OPENAPI_PATH = `${API_PREFIX}/openapi.json`;

const SECURITY_SCHEME = 'apiKey';
const problemRef = { $ref: '#/components/schemas/Problem' };

function problemResponse(description: string) {
  return { description, content: { 'application/problem+json': { schema: problemRef } } };
}

const zodToJsonSchema = createJsonSchemaTransform({ skipList: [] });

/** Each /api/v1 route as an operation: its zod schemas in JSON Schema, its key, its problems. */
const documentRoute: SwaggerTransform = (input) => {
  const { route } = input;
  if (!input.url.startsWith(`${API_PREFIX}/`)) return { schema: { hide: true }, url: input.url };
  const transformed = zodToJsonSchema(input);
  const schema: FastifySchema = { ...transformed.schema };
  let { url } = transformed;

  const wildcard = route.config?.pathWildcard;
  if (wildcard && url.endsWith('*')) {
    url = `${url.slice(0, -1)}{${wildcard}}`;
    schema.params = renameProperty(schema.params, '*', wildcard);
  }

  schema.body = withExamples(schema.body, route.schema?.body);
  schema.querystring = withExamples(schema.querystring, route.schema?.querystring);

  const scope = route.config?.scope;
  const shared: Record<string, DocumentedResponse> = {};
  if (schema.params || schema.querystring || schema.body) shared['400'] = problemResponse('The request is invalid: `errors` names each field.');
  if (schema.body) {
    shared['413'] = problemResponse('The body is over 64 KiB.');
    shared['415'] = problemResponse('The body is not `application/json`.');
  }
  if (scope) {
    schema.security = [{ [SECURITY_SCHEME]: [scope] }];
    schema.description = `${schema.description ?? ''}\n\nNeeds an API key with the scope \`${scope}\`${scope === 'admin' ? ' (or one without a scope)' : ''}.`.trim();
    shared['401'] = problemResponse('No API key, or an unknown one.');
    if (scope !== 'read') shared['403'] = problemResponse(`The API key's scope is not \`${scope}\`${scope === 'write' ? ' or `admin`' : ''}.`);
    shared['429'] = problemResponse('This API key made too many requests in the last minute: see `Retry-After`.');
  } else {
    schema.security = [];
  }
  const responses = { ...shared, ...(schema.response as Record<string, DocumentedResponse> | undefined) };
  const invalid = invalidExample(schema);
  schema.response = Object.fromEntries(Object.entries(responses).map(([status, response]) => [status, withProblemExample(status, response, invalid)]));
  return { schema, url };
};

interface DocumentedResponse {
  description?: string;
  content?: Record<string, object>;
}

/** What a 400 of this route says: about the body when it has one, else about its first parameter. */
function invalidExample(schema: FastifySchema): { detail: string; errors: { path: string; message: string }[] } {
  const [where, part] = schema.body ? ['request body', schema.body] : schema.params ? ['params', schema.params] : ['querystring', schema.querystring];
  const field = Object.keys((part as { properties?: object } | undefined)?.properties ?? {})[0] ?? '(body)';
  return { detail: `The ${where} is invalid: see errors.`, errors: [{ path: field, message: 'is invalid' }] };
}

/** Each problem answer with an example of its own status (the component's example is a 400). */
function withProblemExample(status: string, response: DocumentedResponse, invalid: ReturnType<typeof invalidExample>): DocumentedResponse {
  const media = response.content?.['application/problem+json'];
  if (!media || !/^[45]\d\d$/u.test(status)) return response;
  const code = Number(status);
  const example = {
    type: 'about:blank',
    title: STATUS_CODES[code] ?? 'Error',
    status: code,
    ...(code === 400 ? invalid : { detail: (response.description ?? '').replaceAll('`', '') }),
  };
  return { ...response, content: { ...response.content, 'application/problem+json': { ...media, example } } };
}

/**
 * zod leaves `examples` out of the input JSON Schema of a schema with transforms (they could
 * be output values); ours are request values, written as they are sent: copied back here, for
 * the schema and, of an object, for each of its fields.
 */
function withExamples(jsonSchema: unknown, zodSchema: unknown): unknown {
  if (!(zodSchema instanceof z.ZodType) || typeof jsonSchema !== 'object' || jsonSchema === null) return jsonSchema;
  const examplesOf = (schema: z.ZodType) => z.globalRegistry.get(schema)?.examples;
  const result: { examples?: unknown; properties?: Record<string, unknown> } = { ...jsonSchema };
  result.examples ??= examplesOf(zodSchema);
  if (zodSchema instanceof z.ZodObject && result.properties) {
    const shape = zodSchema.shape as Record<string, z.ZodType>;
    result.properties = Object.fromEntries(
      Object.entries(result.properties).map(([name, property]) => {
        const examples = shape[name] && examplesOf(shape[name]);
        return [name, examples && typeof property === 'object' ? { ...property, examples } : property];
      }),
    );
  }
  if (result.examples === undefined) delete result.examples;
  return result;
}

function renameProperty(jsonSchema: unknown, from: string, to: string): unknown {
  const object = jsonSchema as { properties?: Record<string, unknown>; required?: string[] } | undefined;
  if (!object?.properties || !(from in object.properties)) return jsonSchema;
  const { [from]: property, ...rest } = object.properties;
  return { ...object, properties: { ...rest, [to]: property }, required: object.required?.map((name) => (name === from ? to : name)) };
}

/** The components the zod registry adds, less the input twins no operation refers to. */
const addComponents: SwaggerTransformObject = (document) => {
  const openapi = jsonSchemaTransformObject(document) as { paths?: unknown; components?: { schemas?: Record<string, unknown> } };
  const used = JSON.stringify(openapi.paths ?? {});
  const schemas = Object.entries(openapi.components?.schemas ?? {}).filter(
    ([name]) => !name.endsWith('Input') || used.includes(`"#/components/schemas/${name}"`),
  );
  return { ...openapi, components: { ...openapi.components, schemas: Object.fromEntries(schemas) } } as ReturnType<SwaggerTransformObject>;
};

const documentAnswer = z
  .looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }), paths: z.record(z.string(), z.unknown()) })
  .describe('This document.');

export default fp(
  async (app: FastifyInstance, { publicBaseUrl }: { publicBaseUrl: string }) => {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: {
          title: 'Ambassador API',
          version: '1',
          description: [
            'Push employees and projects from your CRM or ERP, close projects so their contacts are invited, submit and read responses.',
            '',
            'JSON in and out. Ids in paths are your own: 1 to 64 characters of `A-Z a-z 0-9 . _ -`. Unknown fields are refused. ' +
              'Request bodies over 64 KiB get 413. Errors are `application/problem+json` (RFC 9457); validation errors name each field in `errors`. ' +
              'Validation errors are 400; a well-formed request that refers to something unknown is 422.',
          ].join('\n'),
        },
        servers: [{ url: publicBaseUrl }],
        components: {
          securitySchemes: {
            [SECURITY_SCHEME]: {
              type: 'http',
              scheme: 'bearer',
              description:
                'A key from `API_KEYS`, as `Authorization: Bearer <key>`. A key may carry a scope: `read` (GETs), `write` (also responses, projects, closing) or `admin` (also employees, erasure, destinations); a key without one has them all.',
            },
          },
        },
        tags: [
          { name: 'Employees', description: 'The people at the firm: account managers and their managers, who get the alerts.' },
          { name: 'Projects', description: "Work for a client, with one contact; closing it invites the contact to the form." },
          { name: 'Responses', description: 'What clients answered, their group (+, 0, −) and the alerts sent about them.' },
          { name: 'Statistics', description: 'Response rate and groups over a period.' },
          { name: 'Privacy', description: 'Erasure.' },
          { name: 'Reference', description: 'This document.' },
        ],
      },
      stripBasePath: false,
      transform: documentRoute,
      transformObject: addComponents,
    });

    app.get(
      OPENAPI_PATH,
      {
        schema: {
          summary: 'The OpenAPI document',
          description: 'OpenAPI 3.1, generated from the schemas that validate every request and answer. No API key needed.',
          tags: ['Reference'],
          response: { 200: documentAnswer },
        },
      },
      () => app.swagger(),
    );
  },
  { name: 'api-reference' },
);
