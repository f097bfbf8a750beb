/** An ILIKE pattern that finds `search` anywhere, with `%`, `_` and `\` in it taken literally. */
export function containsPattern(search: string): string {
  return `%${search.replace(/[\\%_]/gu, (character) => `\\${character}`)}%`;
}
