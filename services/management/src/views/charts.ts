import { type Group, groups, groupSigns } from '@ambassador/domain/vocabulary';
import { html, type SafeHtml } from '@ambassador/html/template';

/**
 * Charts drawn on the server as inline SVG: no script, no external resource, and no
 * `style` attribute (the page's CSP allows only its one nonced style sheet), so everything
 * is a presentation attribute. Each chart is an image with a title and a description that
 * lists its numbers; the page puts a table with the same numbers beside it. Values are
 * written with the sign of the group or score, so nothing is told by colour alone.
 */

// The badge colours of the page: white text on each keeps 4.5:1 or more; against the
// white background each keeps more than 3:1 as a graphic.
const fills: Record<Group, string> = { positive: '#1a7f37', neutral: '#57606a', negative: '#b42318' };
const TEXT = '#1f2328';
const MUTED = '#57606a';
const GRID = '#d0d7de';
const FONT_SIZE = 12;

/** Rounds half away from zero, so that +12.5 and −12.5 round alike. */
function whole(value: number): number {
  const rounded = Math.sign(value) * Math.round(Math.abs(value));
  return rounded === 0 ? 0 : rounded;
}

/** A percentage as the page shows it, in charts and tables alike: "67%". */
export function formatPercent(value: number): string {
  return `${whole(value)}%`;
}

/** An ambassador score as the page shows it: "+25", "0", "−40" (U+2212, as the − group). */
export function formatScore(value: number): string {
  const rounded = whole(value);
  if (rounded > 0) return `+${rounded}`;
  if (rounded < 0) return `\u2212${-rounded}`;
  return '0';
}

/** A missing figure in a table: a dash, read out as what it means. */
export function noDataMark(text: string): SafeHtml {
  return html`<span aria-hidden="true">–</span><span class="visually-hidden">${text}</span>`;
}

export interface ChartText {
  /** Unique on the page: the ids of the title and the description derive from it. */
  id: string;
  title: string;
  description: string;
  noData: string;
}

function chartFrame(text: ChartText, width: number, height: number, summary: string, content: SafeHtml): SafeHtml {
  return html`<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="${text.id}-title ${text.id}-desc" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-size="${FONT_SIZE}">
<title id="${text.id}-title">${text.title}</title>
<desc id="${text.id}-desc">${text.description} ${summary}</desc>
${content}
</svg>`;
}

/** A label cut to what fits beside a bar; the full text stays in its tooltip and in the table. */
function fitted(label: string, characters: number): SafeHtml {
  // Cut between graphemes, so that no accent or emoji is split in half.
  const graphemes = Array.from(new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(label), (part) => part.segment);
  if (graphemes.length <= characters) return html`${label}`;
  return html`<title>${label}</title>${graphemes.slice(0, characters - 1).join('')}…`;
}

export interface ScorePoint {
  label: string;
  /** null: no classified responses. */
  score: number | null;
}

// One pixel per score point: the axis from +100 to −100 is 200 pixels high, with room above
// for the value of a full bar and below for the value of a full negative bar and the labels.
const SCORE = { left: 48, slot: 64, bar: 28, top: 24, right: 8, bottom: 48 } as const;

/** Vertical bars of the ambassador score on a −100…100 axis, one per point, each labelled with its value. */
export function scoreBarChart(text: ChartText, points: readonly ScorePoint[]): SafeHtml {
  const zero = SCORE.top + 100;
  const axisBottom = zero + 100;
  const width = SCORE.left + points.length * SCORE.slot + SCORE.right;
  const height = axisBottom + SCORE.bottom;
  const ticks = [100, 50, 0, -50, -100].map(
    (tick) => html`<line x1="${SCORE.left}" x2="${width - SCORE.right}" y1="${zero - tick}" y2="${zero - tick}" stroke="${tick === 0 ? MUTED : GRID}" stroke-width="1"/>
<text x="${SCORE.left - 6}" y="${zero - tick + 4}" text-anchor="end" fill="${MUTED}">${formatScore(tick)}</text>`,
  );
  const bars = points.map((point, index) => {
    const centre = SCORE.left + index * SCORE.slot + SCORE.slot / 2;
    const label = html`<text x="${centre}" y="${axisBottom + 36}" text-anchor="middle" fill="${TEXT}">${point.label}</text>`;
    if (point.score === null) {
      return html`${label}<text class="score" x="${centre}" y="${zero - 6}" text-anchor="middle" fill="${MUTED}">–</text>`;
    }
    // The bar is drawn from the rounded score, so its length matches the number written on it.
    const score = whole(point.score);
    const bar =
      score === 0
        ? ''
        : html`<rect x="${centre - SCORE.bar / 2}" y="${Math.min(zero, zero - score)}" width="${SCORE.bar}" height="${Math.abs(score)}" fill="${score > 0 ? fills.positive : fills.negative}"/>`;
    const valueY = score >= 0 ? zero - score - 6 : zero - score + 16;
    return html`${bar}${label}<text class="score" x="${centre}" y="${valueY}" text-anchor="middle" font-weight="700" fill="${TEXT}">${formatScore(score)}</text>`;
  });
  const summary = points.map((point) => `${point.label}: ${point.score === null ? text.noData : formatScore(point.score)}`).join('; ');
  return chartFrame(text, width, height, summary, html`${ticks}${bars}`);
}

export interface SharesRow {
  label: string;
  /** Percentages of the classified responses; null when none is classified. */
  shares: Record<Group, number> | null;
  score: number | null;
}

export interface SharesText extends ChartText {
  groupLabels: Record<Group, string>;
  scoreLabel: string;
  /** What each part's value and legend entry start with: the group signs unless the parts are not the groups (the NPS's promoters, passives and detractors). */
  signs?: Record<Group, string>;
}

const withSign = (sign: string, text: string) => (sign ? `${sign} ${text}` : text);

const SHARES = { labelCharacters: 27, barX: 216, barWidth: 400, top: 40, row: 32, bar: 22, minLabelWidth: 52 } as const;

// Two decimals are finer than any screen, and keep the markup short.
const px = (value: number) => Math.round(value * 100) / 100;

function segments(shares: Record<Group, number>, y: number, signs: Record<Group, string>): SafeHtml[] {
  let x: number = SHARES.barX;
  return groups.map((group) => {
    const width = px((shares[group] / 100) * SHARES.barWidth);
    const start = x;
    x = px(x + width);
    if (width === 0) return html``;
    // A white edge keeps adjacent segments apart; a segment too narrow for its label leaves it to the table.
    const label =
      width >= SHARES.minLabelWidth
        ? html`<text class="share ${group}" x="${px(start + width / 2)}" y="${y + SHARES.bar / 2 + 4}" text-anchor="middle" font-weight="700" fill="#ffffff">${withSign(signs[group], formatPercent(shares[group]))}</text>`
        : '';
    return html`<rect x="${start}" y="${y}" width="${width}" height="${SHARES.bar}" fill="${fills[group]}" stroke="#ffffff" stroke-width="1"/>${label}`;
  });
}

function sharesSummary(text: SharesText, { label, shares, score }: SharesRow): string {
  if (!shares) return `${label}: ${text.noData}`;
  const parts = groups.map((group) => `${text.groupLabels[group]} ${formatPercent(shares[group])}`);
  return `${label}: ${parts.join(', ')}, ${text.scoreLabel} ${score === null ? text.noData : formatScore(score)}`;
}

/** Horizontal 100% bars of the group shares, one per row, with the score after each bar. */
export function sharesBarChart(text: SharesText, rows: readonly SharesRow[]): SafeHtml {
  const signs = text.signs ?? groupSigns;
  const scoreX = SHARES.barX + SHARES.barWidth + 16;
  const width = scoreX + 64;
  const height = SHARES.top + rows.length * SHARES.row + 8;
  const legend = groups.map(
    (group, index) => html`<rect x="${SHARES.barX + index * 132}" y="8" width="14" height="14" fill="${fills[group]}"/>
<text x="${SHARES.barX + index * 132 + 20}" y="20" fill="${TEXT}">${withSign(signs[group], text.groupLabels[group])}</text>`,
  );
  const bars = rows.map((row, index) => {
    const y = SHARES.top + index * SHARES.row;
    const textY = y + SHARES.bar / 2 + 4;
    const name = html`<text x="8" y="${textY}" fill="${TEXT}">${fitted(row.label, SHARES.labelCharacters)}</text>`;
    const bar = row.shares
      ? segments(row.shares, y, signs)
      : html`<rect x="${SHARES.barX}" y="${y}" width="${SHARES.barWidth}" height="${SHARES.bar}" fill="#ffffff" stroke="${MUTED}" stroke-width="1"/>
<text x="${SHARES.barX + 8}" y="${textY}" fill="${MUTED}">${text.noData}</text>`;
    const score = html`<text class="score" x="${scoreX}" y="${textY}" font-weight="700" fill="${TEXT}">${row.score === null ? '–' : formatScore(row.score)}</text>`;
    return html`${name}${bar}${score}`;
  });
  const summary = rows.map((row) => sharesSummary(text, row)).join('; ');
  return chartFrame(
    text,
    width,
    height,
    summary,
    html`${legend}<text x="${scoreX}" y="20" font-weight="700" fill="${TEXT}">${text.scoreLabel}</text>${bars}`,
  );
}
