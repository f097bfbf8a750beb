import type { ImportKind, StoredEmployee, StoredProject } from '@ambassador/db/imports';
import { type EmployeeInput, employeeInput, flatProjectField, integratorId, type ProjectInput, projectInput } from '@ambassador/domain/inputs';

/**
 * What an import will do, row by row, worked out from the file and what is stored, before
 * anything is written: create, change (which fields), nothing (unchanged: importing the same
 * file again changes nothing), or refuse (with the reasons). Pure: the preview shows it, and
 * the confirmation works it out again, in its transaction, and writes what it says.
 */

/** The columns of each kind of file: the API's field names, flattened (DESIGN.md, "Administration"). */
export const importColumns = {
  employees: ['id', 'name', 'email', 'managerId', 'division', 'locale', 'phone'],
  projects: ['id', 'name', 'clientId', 'clientName', 'contactName', 'contactEmail', 'contactLocale', 'accountManagerId'],
} as const satisfies Record<ImportKind, readonly string[]>;

/** Columns a file must have; the others may be left out (empty: see `employeeOf` and `projectOf`). */
export const requiredColumns: Record<ImportKind, readonly string[]> = {
  employees: ['id', 'name', 'email'],
  projects: ['id', 'name', 'clientId', 'clientName', 'contactName', 'contactEmail', 'accountManagerId'],
};

export type Refusal =
  | { reason: 'invalid'; column: string; message: string }
  | { reason: 'duplicate_id'; line: number }
  | { reason: 'duplicate_email'; line: number }
  | { reason: 'email_taken'; otherId: string }
  | { reason: 'unknown_manager'; id: string }
  | { reason: 'deactivated_manager'; id: string }
  | { reason: 'circular_manager' }
  | { reason: 'unknown_account_manager'; id: string }
  | { reason: 'deactivated_account_manager'; id: string };

export type RowAction = 'create' | 'change' | 'unchanged' | 'refused';

export interface RowPlan<Input> {
  /** The line in the file (the header is line 1). */
  line: number;
  id: string;
  name: string;
  action: RowAction;
  /** The fields a change changes. */
  changes: string[];
  refusals: Refusal[];
  /** What to write, for a create or a change. */
  input?: Input;
}

export interface ImportPlan<Input> {
  rows: RowPlan<Input>[];
  counts: Record<RowAction, number>;
}

type Cells = Readonly<Record<string, string>>;

const cell = (cells: Cells, column: string) => (cells[column] ?? '').trim();

function refusalsOf(issues: readonly { path: readonly PropertyKey[]; message: string }[], columnOf: (path: readonly PropertyKey[]) => string): Refusal[] {
  return issues.map((issue) => ({ reason: 'invalid', column: columnOf(issue.path), message: issue.message }));
}

function countsOf(rows: readonly RowPlan<unknown>[]): Record<RowAction, number> {
  const counts: Record<RowAction, number> = { create: 0, change: 0, unchanged: 0, refused: 0 };
  for (const row of rows) counts[row.action] += 1;
  return counts;
}

/** Refuses the rows that repeat an id (or another key) of one before them (in `rows`, or in the order `first` puts first). */
function refuseRepeats<Input>(
  rows: RowPlan<Input>[],
  keyOf: (row: RowPlan<Input>) => string | undefined,
  reason: 'duplicate_id' | 'duplicate_email',
  keeps: (row: RowPlan<Input>) => boolean = () => false,
): void {
  const first = new Map<string, number>();
  for (const row of [...rows].sort((a, b) => Number(keeps(b)) - Number(keeps(a)))) {
    const key = keyOf(row);
    if (key === undefined || row.refusals.length > 0) continue;
    const line = first.get(key);
    if (line === undefined) first.set(key, row.line);
    else row.refusals.push({ reason, line });
  }
}

/** A row of the file, not yet planned; its id checked as the API checks ids in paths. */
function rowOf<Input>(cells: Cells, index: number): RowPlan<Input> {
  const id = cell(cells, 'id');
  const row: RowPlan<Input> = { line: index + 2, id, name: cell(cells, 'name'), action: 'refused', changes: [], refusals: [] };
  const valid = integratorId.safeParse(id);
  if (!valid.success) row.refusals.push({ reason: 'invalid', column: 'id', message: valid.error.issues[0]?.message ?? 'is not a valid id' });
  return row;
}

/** The names of the fields whose stored value (`was`) differs from the file's (`will`). */
function changedFields(fields: readonly [string, unknown, unknown][]): string[] {
  return fields.filter(([, was, will]) => was !== will).map(([field]) => field);
}

function settle<Input>(rows: RowPlan<Input>[], changesOf: (row: RowPlan<Input> & { input: Input }) => string[] | undefined): ImportPlan<Input> {
  for (const row of rows) {
    if (row.refusals.length > 0 || !row.input) {
      row.action = 'refused';
      delete row.input;
      continue;
    }
    const changes = changesOf(row as RowPlan<Input> & { input: Input });
    row.action = changes === undefined ? 'create' : changes.length > 0 ? 'change' : 'unchanged';
    row.changes = changes ?? [];
  }
  return { rows, counts: countsOf(rows) };
}

/** An employees file's row as the API's input: empty cells are no manager, no division, Dutch, and the stored phone. */
function employeeOf(cells: Cells) {
  const phone = cell(cells, 'phone');
  return employeeInput.safeParse({
    name: cell(cells, 'name'),
    email: cell(cells, 'email'),
    managerId: cell(cells, 'managerId') || null,
    division: cell(cells, 'division') || null,
    locale: cell(cells, 'locale').toLowerCase() || undefined,
    ...(phone === '' ? {} : { phone }),
  });
}

export function planEmployees(file: readonly Cells[], stored: readonly StoredEmployee[]): ImportPlan<EmployeeInput> {
  const rows: RowPlan<EmployeeInput>[] = file.map((cells, index) => {
    const row = rowOf<EmployeeInput>(cells, index);
    const parsed = employeeOf(cells);
    if (parsed.success) row.input = parsed.data;
    else row.refusals.push(...refusalsOf(parsed.error.issues, (path) => String(path[0])));
    return row;
  });
  refuseRepeats(rows, (row) => row.id, 'duplicate_id');
  const storedById = new Map(stored.map((employee) => [employee.id, employee]));
  // Of two rows with one address, the one of the person who has it now keeps it.
  refuseRepeats(rows, (row) => row.input?.email, 'duplicate_email', (row) => storedById.get(row.id)?.email === row.input?.email);

  // Refusing a row can leave another without its manager: check again until nothing changes.
  for (let changed = true; changed; ) {
    changed = false;
    const accepted = rows.flatMap((row) => (row.refusals.length === 0 && row.input ? [{ row, input: row.input }] : []));
    const final = new Map<string, { managerId: string | null; email: string; active: boolean }>(
      stored.map((employee) => [employee.id, { managerId: employee.managerId, email: employee.email, active: employee.active }]),
    );
    for (const { row, input } of accepted) final.set(row.id, { managerId: input.managerId, email: input.email, active: storedById.get(row.id)?.active ?? true });
    const holders = new Map<string, string[]>();
    for (const [id, employee] of final) holders.set(employee.email, [...(holders.get(employee.email) ?? []), id]);
    // Of the rows that close a circle together, the first is refused, and the rest checked again.
    let circleRefused = false;
    for (const { row, input } of accepted) {
      const { managerId, email } = input;
      // Who has the address now keeps it; another row that claims it is refused.
      const other = holders.get(email)?.find((id) => id !== row.id);
      if (other !== undefined && storedById.get(row.id)?.email !== email) row.refusals.push({ reason: 'email_taken', otherId: other });
      if (managerId !== null) {
        const manager = final.get(managerId);
        if (!manager) row.refusals.push({ reason: 'unknown_manager', id: managerId });
        else if (!manager.active) row.refusals.push({ reason: 'deactivated_manager', id: managerId });
        else if (!circleRefused && reportsTo(final, managerId, row.id)) {
          row.refusals.push({ reason: 'circular_manager' });
          circleRefused = true;
        }
      }
      if (row.refusals.length > 0) changed = true;
    }
  }

  return settle(rows, (row) => {
    const before = storedById.get(row.id);
    if (!before) return undefined;
    const after = row.input;
    return changedFields([
      ['name', before.name, after.name],
      ['email', before.email, after.email],
      ['managerId', before.managerId, after.managerId],
      ['division', before.division, after.division],
      ['locale', before.locale, after.locale ?? 'nl'],
      ['phone', before.phone, after.phone === undefined ? before.phone : after.phone],
    ]);
  });
}

/** Whether `managerId`, or someone above them, is `id`: the line would be circular. */
function reportsTo(final: ReadonlyMap<string, { managerId: string | null }>, managerId: string, id: string): boolean {
  const seen = new Set<string>();
  for (let current: string | null = managerId; current !== null && !seen.has(current); current = final.get(current)?.managerId ?? null) {
    if (current === id) return true;
    seen.add(current);
  }
  return false;
}

/** A projects file's row as the API's input: an empty contactLocale is Dutch. */
function projectOf(cells: Cells) {
  return projectInput.safeParse({
    name: cell(cells, 'name'),
    client: { id: cell(cells, 'clientId'), name: cell(cells, 'clientName') },
    contact: { name: cell(cells, 'contactName'), email: cell(cells, 'contactEmail'), locale: cell(cells, 'contactLocale').toLowerCase() || undefined },
    accountManagerId: cell(cells, 'accountManagerId'),
  });
}

export interface ProjectsSnapshot {
  projects: readonly StoredProject[];
  clients: ReadonlyMap<string, string>;
  employees: ReadonlyMap<string, { active: boolean }>;
}

/** The ids a projects file names, to read what is stored about them. */
export function projectFileIds(file: readonly Cells[]): { projectIds: string[]; clientIds: string[]; employeeIds: string[] } {
  return {
    projectIds: file.map((cells) => cell(cells, 'id')),
    clientIds: file.map((cells) => cell(cells, 'clientId')),
    employeeIds: file.map((cells) => cell(cells, 'accountManagerId')),
  };
}

export function planProjects(file: readonly Cells[], stored: ProjectsSnapshot): ImportPlan<ProjectInput> {
  const rows: RowPlan<ProjectInput>[] = file.map((cells, index) => {
    const row = rowOf<ProjectInput>(cells, index);
    const parsed = projectOf(cells);
    if (parsed.success) {
      row.input = parsed.data;
      const accountManager = stored.employees.get(parsed.data.accountManagerId);
      if (!accountManager) row.refusals.push({ reason: 'unknown_account_manager', id: parsed.data.accountManagerId });
      else if (!accountManager.active) row.refusals.push({ reason: 'deactivated_account_manager', id: parsed.data.accountManagerId });
    } else {
      row.refusals.push(...refusalsOf(parsed.error.issues, flatProjectField));
    }
    return row;
  });
  refuseRepeats(rows, (row) => row.id, 'duplicate_id');
  const storedById = new Map(stored.projects.map((project) => [project.id, project]));
  return settle(rows, (row) => {
    const before = storedById.get(row.id);
    if (!before) return undefined;
    const after = row.input;
    return changedFields([
      ['name', before.name, after.name],
      ['clientId', before.clientId, after.client.id],
      ['clientName', stored.clients.get(after.client.id) ?? before.clientName, after.client.name],
      ['contactName', before.contactName, after.contact.name],
      ['contactEmail', before.contactEmail, after.contact.email],
      ['contactLocale', before.contactLocale, after.contact.locale ?? 'nl'],
      ['accountManagerId', before.accountManagerId, after.accountManagerId],
    ]);
  });
}
