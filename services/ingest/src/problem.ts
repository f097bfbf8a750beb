import { ConflictError, type DomainError, NotFoundError, UnprocessableError } from '@ambassador/domain/errors';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { STATUS_CODES } from 'node:http';
import { z } from 'zod';

/**
 * Errors as `application/problem+json` (RFC 9457): `status`, `title`, `detail`, and for
 * validation errors `errors: [{ path, message }]` naming each field. 5xx detail is hidden.
 */

export interface FieldError {
  /** Dotted path of the field in the request body, e.g. `contact.email`. */
  path: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: FieldError[];
}

/** The problem as the API reference shows it (`#/components/schemas/Problem`). */
export const problemSchema = z
  .object({
    type: z.string().describe('Always `about:blank`: the status says what kind of problem it is.'),
    title: z.string().describe('The HTTP status text.'),
    status: z.number().int(),
    detail: z.string().describe('What went wrong, for a person to read.'),
    instance: z.string().optional().describe('The path of the request.'),
    errors: z
      .array(z.object({ path: z.string().describe('The field, dotted: `contact.email`.'), message: z.string() }))
      .optional()
      .describe('For validation errors: each field that failed, and why.'),
  })
  .meta({
    id: 'Problem',
    description: 'An error, as `application/problem+json` (RFC 9457).',
    examples: [
      {
        type: 'about:blank',
        title: 'Bad Request',
        status: 400,
        detail: 'The request body is invalid: see errors.',
        instance: '/api/v1/employees/anna',
        errors: [{ path: 'email', message: 'must be a valid e-mail address' }],
      },
    ],
  }) satisfies z.ZodType<Problem>;

/**
 * Problems a route answers besides the ones every API route may (400, 401, 403, 413, 415, 429; the API
 * reference adds those), as response schemas: documented, and serialized by the same schema.
 */
export function problemResponses<S extends number>(descriptions: Record<S, string>) {
  return Object.fromEntries(
    Object.entries<string>(descriptions).map(([status, description]) => [
      status,
      { description, content: { 'application/problem+json': { schema: problemSchema } } },
    ]),
  ) as Record<S, { description: string; content: { 'application/problem+json': { schema: typeof problemSchema } } }>;
}

export function problem(status: number, detail: string, errors?: FieldError[]): Problem {
  return { type: 'about:blank', title: STATUS_CODES[status] ?? 'Error', status, detail, ...(errors ? { errors } : {}) };
}

export function sendProblem(reply: FastifyReply, value: Problem): FastifyReply {
  return reply.code(value.status).type('application/problem+json; charset=utf-8').send(value);
}

const domainStatuses = new Map<abstract new (...args: never[]) => DomainError, number>([
  [NotFoundError, 404],
  [ConflictError, 409],
  [UnprocessableError, 422],
]);

/** Turns any thrown error into a problem; logs the ones that are our fault. */
export function problemFromError(error: unknown, request: FastifyRequest): Problem {
  if (hasZodFastifySchemaValidationErrors(error)) {
    const errors = error.validation.flatMap((issue) => {
      const base = issue.instancePath.replace(/^\//u, '').replaceAll('/', '.');
      const keys = issue.keyword === 'unrecognized_keys' ? (issue.params.keys as string[] | undefined) : undefined;
      if (keys) return keys.map((key) => ({ path: fieldPath(base, key), message: 'is not a known field' }));
      return [{ path: base || '(body)', message: issue.message ?? 'is invalid' }];
    });
    const where = error.validationContext === 'body' ? 'request body' : (error.validationContext ?? 'request');
    return problem(400, `The ${where} is invalid: see errors.`, errors);
  }
  for (const [type, status] of domainStatuses) {
    if (error instanceof type) {
      return problem(status, error.message, error.field ? [{ path: error.field, message: error.message }] : undefined);
    }
  }
  const status = isHttpError(error) ? error.statusCode : 500;
  if (isHttpError(error) && status >= 400 && status < 500) return problem(status, error.message);
  request.log.error({ err: error }, 'request failed');
  return problem(500, 'Something went wrong on our side. Please try again later.');
}

/**
 * `contact` + `shoeSize` → `contact.shoeSize`. A key that is empty or holds a dot is quoted
 * (`"a.b"`), so that every path names one field, and names it unambiguously.
 */
function fieldPath(base: string, key: string): string {
  const name = key === '' || key.includes('.') ? JSON.stringify(key) : key;
  return base ? `${base}.${name}` : name;
}

/** Errors Fastify raises for bad requests (malformed JSON, body too large, wrong media type). */
function isHttpError(error: unknown): error is FastifyError & { statusCode: number } {
  return error instanceof Error && 'statusCode' in error && typeof error.statusCode === 'number';
}
