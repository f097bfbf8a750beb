import { existsSync } from 'node:fs';
import path from 'node:path';
import { testConfig } from './config.ts';

/** The first of `names` found in a directory on PATH (then in `fallbacks`), as a full path. */
export function findOnPath(names: readonly string[], fallbacks: readonly string[] = []): string | undefined {
  const directories = [...testConfig.path.split(path.delimiter).filter((directory) => directory.length > 0), ...fallbacks];
  for (const directory of directories) {
    for (const name of names) {
      const candidate = path.join(directory, name);
      if (existsSync(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * Whether the tests that need a program this machine may lack are skipped: only where it is
 * missing and CI is not set. In CI they run, and fail for want of it. A skip is said in a
 * warning line of the test output, so that a run without them is not taken for a run with them.
 */
export function skipWithout(program: string, found: boolean, { tests, hint }: { tests: string; hint: string }): boolean {
  if (found || testConfig.ci) return false;
  process.stderr.write(`\nWARNING: SKIPPED ${tests}: no ${program} on this machine (${hint}). With CI=true they run, and fail without it.\n\n`);
  return true;
}
