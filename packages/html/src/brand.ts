/** The firm's name and colour, and an accent that always meets WCAG AA contrast. */
export interface Brand {
  name: string;
  /** As configured: decorative use only (a border), where contrast does not matter. */
  color: string;
  /**
   * `color` when white text reads on it and it reads on white (4.5:1), else a darker shade
   * of it: for buttons (white text), links and the selected answer.
   */
  accent: string;
}

function channel(value: number): number {
  const c = value / 255;
  return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((start) => Number.parseInt(hex.slice(start, start + 2), 16)) as [number, number, number];
  return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
}

export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

function darken(hex: string, factor: number): string {
  return `#${[1, 3, 5]
    .map((start) => Math.round(Number.parseInt(hex.slice(start, start + 2), 16) * factor).toString(16).padStart(2, '0'))
    .join('')}`;
}

export function brand(name: string, color: string): Brand {
  const normalized = color.toLowerCase();
  let accent = normalized;
  for (let factor = 0.9; contrastRatio('#ffffff', accent) < 4.5 && factor > 0; factor -= 0.1) accent = darken(normalized, factor);
  return { name, color: normalized, accent };
}
