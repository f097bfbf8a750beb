import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Kysely } from 'kysely';
import { FileMigrationProvider, type MigrationResult, Migrator } from 'kysely/migration';

/** The repository's `migrations/` folder. */
export const migrationsFolder = fileURLToPath(new URL('../../../migrations', import.meta.url));

export class MigrationError extends Error {
  override name = 'MigrationError';
  readonly results: MigrationResult[];
  constructor(message: string, results: MigrationResult[], options?: ErrorOptions) {
    super(message, options);
    this.results = results;
  }
}

function migratorOf<T>(db: Kysely<T>, folder: string): Migrator {
  return new Migrator({
    db,
    provider: new FileMigrationProvider({
      fs,
      path,
      migrationFolder: folder,
      import: (file) => import(pathToFileURL(file).href),
    }),
  });
}

/** Applies pending migrations; throws when one fails (and none of the batch is kept). */
export async function migrateToLatest<T>(db: Kysely<T>, folder = migrationsFolder): Promise<MigrationResult[]> {
  return settle(await migratorOf(db, folder).migrateToLatest());
}

/** Applies the migrations up to and including `name`: for tests of a migration against the data before it. */
export async function migrateTo<T>(db: Kysely<T>, name: string, folder = migrationsFolder): Promise<MigrationResult[]> {
  return settle(await migratorOf(db, folder).migrateTo(name));
}

function settle({ error, results = [] }: { error?: unknown; results?: MigrationResult[] }): MigrationResult[] {
  if (error) {
    const failed = results.find((result) => result.status === 'Error');
    throw new MigrationError(`migration ${failed?.migrationName ?? '(unknown)'} failed`, results, { cause: error });
  }
  return results;
}
