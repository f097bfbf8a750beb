import { type AuditAction, type NewAuditEvent, recordAuditEvent, recordAuditEvents } from '@ambassador/db/audit';
import { writeEmployees } from '@ambassador/db/employees';
import { employeesForImport, findPendingImport, type ImportKind, markImportApplied, projectsForImport, type StoredImport, storeImport } from '@ambassador/db/imports';
import { writeProjects } from '@ambassador/db/projects';
import type { Database } from '@ambassador/db/database';
import multipart from '@fastify/multipart';
import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { sql, type Transaction } from 'kysely';
import { z } from 'zod';
import type { DB } from '@ambassador/db/schema';
import type { ManagementDependencies } from '../dependencies.ts';
import { type ImportPlan, importColumns, planEmployees, planProjects, projectFileIds } from '../import/plan.ts';
import { ImportFileError, readImportFile } from '../import/read-file.ts';
import { localeOf, sendErrorPage, sendPage } from '../plugins/pages.ts';
import { viewer } from '../plugins/session.ts';
import { importMessages } from '../views/import-messages.ts';
import { importPage, previewPage } from '../views/import.ts';

/** The largest file the upload takes (DESIGN.md: 10 MiB). */
export const MAX_IMPORT_BYTES = 10 * 1024 * 1024;
/** How long an upload waits for its confirmation. */
const IMPORT_VALID_MINUTES = 60;

const templates: Record<ImportKind, string[]> = {
  employees: ['anna', 'Anna de Vries', 'anna@firma.example', 'marieke', 'Water', 'nl', '+31612345678'],
  projects: ['P-2026-001', 'Riolering Oost', 'gemeente-utrecht', 'Gemeente Utrecht', 'Jan Jansen', 'jan.jansen@utrecht.example', 'nl', 'anna'],
};

interface Params {
  id: string;
}

/** The upload as posted (multipart, its fields as values, the file with its name). */
interface UploadBody {
  kind?: unknown;
  file?: { fileName: string; content: Buffer; tooLarge: boolean } | undefined;
}

/** What an upload plans, against what is stored now (in `db`, or the transaction that applies it). */
async function planOf(db: Database | Transaction<DB>, stored: Pick<StoredImport, 'kind' | 'rows'>): Promise<ImportPlan<unknown> & { write: (trx: Transaction<DB>, now: Date) => Promise<string[]> }> {
  if (stored.kind === 'employees') {
    const plan = planEmployees(stored.rows, await employeesForImport(db));
    const items = plan.rows.flatMap((row) => (row.input && (row.action === 'create' || row.action === 'change') ? [{ id: row.id, input: row.input }] : []));
    return { ...plan, write: async (trx, now) => (await writeEmployees(trx, items, now)).map((employee) => employee.id) };
  }
  const plan = planProjects(stored.rows, await projectsForImport(db, projectFileIds(stored.rows)));
  const items = plan.rows.flatMap((row) => (row.input && (row.action === 'create' || row.action === 'change') ? [{ id: row.id, input: row.input }] : []));
  return { ...plan, write: async (trx) => (await writeProjects(trx, items)).map((project) => project.id) };
}

const rowAction: Record<ImportKind, AuditAction> = { employees: 'employee.upserted', projects: 'project.upserted' };

/**
 * Import (admins only; app.ts registers these behind `requireAdmin`): a CSV or XLSX of
 * employees or projects is uploaded (multipart, at most 10 MiB) and kept server-side under a
 * random id for an hour; its preview shows, row by row, what would be created, changed or
 * refused and why, and writes nothing. The confirmation (a POST) works the plan out again
 * against what is stored then and writes every row that is not refused in one transaction,
 * with an audit event per row and one for the import. Idempotent by id: the same file again
 * changes nothing.
 */
export default async function importRoutes(app: FastifyInstance, dependencies: ManagementDependencies): Promise<void> {
  const { db, clock } = dependencies;

  await app.register(multipart, {
    attachFieldsToBody: 'keyValues',
    limits: { fileSize: MAX_IMPORT_BYTES, files: 1, fields: 4, parts: 5 },
    // Over 10 MiB the file is cut off, and the page says so instead of an error page.
    throwFileSizeLimit: false,
    async onFile(part) {
      const content = await part.toBuffer();
      const value: UploadBody['file'] = part.file.truncated ? { fileName: part.filename, content: Buffer.alloc(0), tooLarge: true } : { fileName: part.filename, content, tooLarge: false };
      (part as unknown as { value: UploadBody['file'] }).value = value;
    },
  });

  function render(request: FastifyRequest, reply: FastifyReply, status: number, options: Omit<Parameters<typeof importPage>[1], 'csrfToken'> = {}) {
    const locale = localeOf(request);
    return sendPage(request, reply, status, { title: importMessages[locale].title, body: importPage(locale, { csrfToken: reply.csrfToken(), ...options }), active: 'import' });
  }

  app.get('/import', async (request, reply) => {
    const applied = z
      .object({ created: z.coerce.number().int().min(0), changed: z.coerce.number().int().min(0), unchanged: z.coerce.number().int().min(0), refused: z.coerce.number().int().min(0) })
      .safeParse(request.query);
    const notice = applied.success ? importMessages[localeOf(request)].applied(applied.data.created, applied.data.changed, applied.data.unchanged, applied.data.refused) : undefined;
    return render(request, reply, 200, { notice });
  });

  app.get<{ Params: { kind: string } }>('/import/templates/:kind', async (request, reply) => {
    const kind = z.enum(['employees.csv', 'projects.csv']).safeParse(request.params.kind);
    if (!kind.success) return sendErrorPage(request, reply, 404);
    const name = kind.data === 'employees.csv' ? 'employees' : 'projects';
    // As Dutch Excel writes it: `;`, and a byte order mark so that accents survive.
    const csv = stringify([[...importColumns[name]], templates[name]], { delimiter: ';', bom: true, record_delimiter: 'windows' });
    return reply
      .header('content-type', 'text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="ambassador-${kind.data}"`)
      .header('cache-control', 'no-store')
      .send(csv);
  });

  app.post('/import', { bodyLimit: MAX_IMPORT_BYTES + 64 * 1024 }, async (request, reply) => {
    const m = importMessages[localeOf(request)];
    const body = (request.body ?? {}) as UploadBody;
    const kind = z.enum(['employees', 'projects']).safeParse(body.kind);
    if (body.file?.tooLarge) return render(request, reply, 413, { kind: kind.data, errors: { file: m.tooLarge } });
    const file = body.file && body.file.content.length > 0 ? body.file : undefined;
    if (!kind.success || !file) {
      return render(request, reply, 422, { kind: kind.data, errors: { kind: kind.success ? undefined : m.chooseKind, file: file ? undefined : m.chooseFile } });
    }
    let rows;
    try {
      rows = await readImportFile(kind.data, file.content);
    } catch (error) {
      if (!(error instanceof ImportFileError)) throw error;
      const { detail } = error;
      const text =
        detail.problem === 'unknown_columns' || detail.problem === 'missing_columns'
          ? m.problems[detail.problem](detail.columns.join(', '))
          : m.problems[detail.problem](detail.problem === 'unreadable' ? detail.detail : '');
      request.log.info({ importProblem: detail.problem }, 'import file refused');
      return render(request, reply, 422, { kind: kind.data, errors: { file: text } });
    }
    const id = await storeImport(db, { kind: kind.data, fileName: file.fileName.slice(0, 200), uploadedBy: viewer(request).email, rows, now: clock(), validMinutes: IMPORT_VALID_MINUTES });
    request.log.info({ importId: id, kind: kind.data, rows: rows.length }, 'import uploaded');
    return reply.redirect(`/import/${id}`, 303);
  });

  app.get<{ Params: Params }>('/import/:id', async (request, reply) => {
    if (!z.uuid().safeParse(request.params.id).success) return sendErrorPage(request, reply, 404);
    const stored = await findPendingImport(db, request.params.id, viewer(request).email, clock());
    const locale = localeOf(request);
    if (!stored) return render(request, reply, 410, { errors: { file: importMessages[locale].expired } });
    const plan = await planOf(db, stored);
    const body = previewPage(locale, plan, { csrfToken: reply.csrfToken(), importId: stored.id, fileName: stored.fileName, kind: stored.kind });
    return sendPage(request, reply, 200, { title: importMessages[locale].previewTitle(stored.fileName), body, active: 'import' });
  });

  app.post<{ Params: Params }>('/import/:id/apply', async (request, reply) => {
    if (!z.uuid().safeParse(request.params.id).success) return sendErrorPage(request, reply, 404);
    const { email } = viewer(request);
    const now = clock();
    const result = await db.transaction().execute(async (trx) => {
      const stored = await findPendingImport(trx, request.params.id, email, now, { lock: true });
      if (!stored) return undefined;
      // One import at a time: each plans against what the one before it wrote.
      await sql`SELECT pg_advisory_xact_lock(hashtext('ambassador:import'))`.execute(trx);
      const plan = await planOf(trx, stored);
      const written = await plan.write(trx, now);
      const actor = { type: 'user', email } as const;
      const events: NewAuditEvent[] = written.map((subjectId) => ({ at: now, actor, action: rowAction[stored.kind], subjectId }));
      await recordAuditEvents(trx, events);
      await recordAuditEvent(trx, { at: now, actor, action: 'import.applied', subjectId: stored.id });
      await markImportApplied(trx, stored.id, now);
      return plan.counts;
    });
    const locale = localeOf(request);
    if (!result) return render(request, reply, 410, { errors: { file: importMessages[locale].expired } });
    request.log.info({ importId: request.params.id, ...result }, 'import applied');
    const { create, change, unchanged, refused } = result;
    return reply.redirect(`/import?created=${create}&changed=${change}&unchanged=${unchanged}&refused=${refused}`, 303);
  });
}
