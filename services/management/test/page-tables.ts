/** Reading the tables of a management page as text, for tests. */

/** A cell's or element's text: tags and screen-reader-only text removed, entities decoded. */
export function text(markup: string): string {
  return markup
    .replace(/<span class="visually-hidden">[\s\S]*?<\/span>/g, '')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

/**
 * The rows of the table with this caption, by their header cell (the other cells' text, in
 * order); undefined when the page has no such table.
 */
export function table(page: string, caption: string): Record<string, string[]> | undefined {
  const found = new RegExp(`<caption>${caption}</caption>([\\s\\S]*?)</table>`).exec(page);
  if (!found) return undefined;
  const body = found[1]!.split('<tbody>')[1]!;
  const rows = [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) => [...row[1]!.matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((cell) => text(cell[1]!)));
  return Object.fromEntries(rows.map((cells) => [cells[0]!, cells.slice(1)]));
}
