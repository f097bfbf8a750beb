/** SQLSTATE codes we translate into domain errors. */
export const FOREIGN_KEY_VIOLATION = '23503';
export const UNIQUE_VIOLATION = '23505';
export const CHECK_VIOLATION = '23514';

interface PostgresError {
  code: string;
  constraint?: string;
}

export function isPostgresError(error: unknown, code: string, constraint?: string): error is PostgresError {
  if (typeof error !== 'object' || error === null || !('code' in error) || error.code !== code) return false;
  return constraint === undefined || ('constraint' in error && error.constraint === constraint);
}
