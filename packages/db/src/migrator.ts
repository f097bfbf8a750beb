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

/** Applies pending migrations; throws when one fails (and none of the batch is kept). */
export async function migrateToLatest<T>(db: Kysely<T>, folder = migrationsFolder): Promise<MigrationResult[]> {
  const migrator = new Migrator({
    db,
    provider: new FileMigrationProvider({
      fs,
      path,
      migrationFolder: folder,
      import: (file) => import(pathToFileURL(file).href),
    }),
  });
  const { error, results = [] } = await migrator.migrateToLatest();
  if (error) {
    const failed = results.find((result) => result.status === 'Error');
    throw new MigrationError(`migration ${failed?.migrationName ?? '(unknown)'} failed`, results, { cause: error });
  }
  return results;
}
