/**
 * Where the time went: one horizontal bar per bug, its worked time (sessions, never wall-clock)
 * split by level, and the time worked past a timebox in red at the end of the bar.
 *
 * Why Mermaid's `xychart-beta` bars and not the gantt of sessions this replaces, nor an SVG:
 * - a gantt draws wall-clock time, so minutes-long sessions on an axis of days were slivers with
 *   overlapping labels, and one task per session made a 300-bug journal's chart exceed Mermaid's
 *   default maxTextSize (50,000 characters), which then did not render at all;
 * - a bar chart's size grows with its rows only, and the rows are capped (MAX_ROWS: the smallest
 *   bugs grouped into one row of their average, said so), so the chart stays small (about 2,000 characters at most);
 * - xychart-beta renders on GitHub and in VS Code's Markdown preview (its built-in Mermaid
 *   support) from the markdown alone, so a retro pasted anywhere keeps its chart; an SVG file
 *   next to the retro would be lost when the markdown is pasted into a PR or an issue.
 * xychart-beta has no stacked bars: bars of several series are drawn at the same place, later
 * series on top, so the stack is drawn as cumulative sums, longest first (total, then the time in
 * the box up to level 3, 2, 1). It has no legend either: the line under the chart says which
 * colour is which.
 */
import { formatDuration } from '../time';
import { count } from './display';
import type { RetroBug, RetroData } from './types';

/** Rows the chart shows at most; past that, the smallest bugs share the last row. */
export const MAX_ROWS = 20;
/** Longest bug label on the chart's axis in characters (a bug's title, cut), before the width budget below. */
export const LABEL_LENGTH = 30;
/**
 * Widest bug label in ems of Mermaid's 14 px axis font (estimated: labelEms). Mermaid hides every
 * label of the axis when the widest does not fit its share of the chart, and measures them scaled
 * to the container, so in a narrow preview they overflow to the left: the chart is 420 px wide
 * (VS Code's preview beside the editor and GitHub both show it unscaled) and the labels at most
 * about 150 px, in a 420 px chart. The plot takes half the width (plotReservedSpacePercent), which
 * leaves the labels 210 px less the padding: VS Code's preview draws them in its own font
 * (system-ui), up to a tenth wider than the estimate, and at 55 % a 30-bug journal's widest label
 * (143 px estimated) hid them all (the UI test's 30-bug screenshot).
 */
export const LABEL_EMS = 11;

/** Bar colours: past the timebox (red), then level 3, 2, 1 (the order the series are drawn). */
export const CHART_COLORS = { past: '#d62728', 3: '#9467bd', 2: '#ff7f0e', 1: '#1f77b4' } as const;

/** One bar: the worked seconds in the box per level, and past any box. */
export interface ChartRow {
  readonly label: string;
  readonly inBox: readonly [number, number, number];
  readonly past: number;
  /** How many bugs the row stands for (more than 1 for the grouped row). */
  readonly bugs: number;
}

/** The chart's rows: bugs with time worked, most time first, the smallest grouped past MAX_ROWS. */
export function chartRows(data: RetroData): ChartRow[] {
  const worked = data.bugs
    .map((bug, index) => ({ bug, index }))
    .filter(({ bug }) => bug.seconds > 0)
    .sort((a, b) => b.bug.seconds - a.bug.seconds || a.index - b.index);
  const shown = worked.length > MAX_ROWS ? worked.slice(0, MAX_ROWS - 1) : worked;
  const rest = worked.slice(shown.length);
  const rows = shown.map(({ bug }) => ({ ...split(bug), label: bug.title, bugs: 1 }));
  if (rest.length) {
    // Their average, not their sum: a sum of hundreds of bugs would dwarf every other bar.
    const parts = rest.map(({ bug }) => split(bug));
    const average = (pick: (part: ReturnType<typeof split>) => number): number => parts.reduce((sum, part) => sum + pick(part), 0) / parts.length;
    rows.push({
      label: `${rest.length} others (avg.)`,
      inBox: [average((p) => p.inBox[0]), average((p) => p.inBox[1]), average((p) => p.inBox[2])],
      past: average((p) => p.past),
      bugs: rest.length,
    });
  }
  return uniqueLabels(rows);
}

function split(bug: RetroBug): { inBox: [number, number, number]; past: number } {
  const past = { 1: 0, 2: 0, 3: 0 };
  for (const box of bug.timeboxes) past[box.level] += box.pastSeconds;
  const level = (l: 1 | 2 | 3): number => Math.max(0, bug.secondsByLevel[l] - past[l]);
  return { inBox: [level(1), level(2), level(3)], past: past[1] + past[2] + past[3] };
}

/** Labels cleaned for Mermaid and made unique (two bars with one label would be drawn as one). */
function uniqueLabels(rows: ChartRow[]): ChartRow[] {
  const seen = new Map<string, number>();
  return rows.map((row, index) => {
    const base = cutToEms(mermaidText(row.label, LABEL_LENGTH) || `bug ${index + 1}`, LABEL_EMS);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return { ...row, label: n === 1 ? base : `${base} (${n})` };
  });
}

/** The chart as lines of markdown (a ```mermaid block and the line that reads it), or none without time worked. */
export function timeChart(data: RetroData): string[] {
  const rows = chartRows(data);
  if (rows.length === 0) return [];
  const maxSeconds = Math.max(...rows.map((row) => row.inBox[0] + row.inBox[1] + row.inBox[2] + row.past));
  // Minutes up to five hours on the longest bar, hours past that, so the axis ticks stay short.
  const hours = maxSeconds > 5 * 3600;
  const unit = hours ? 3600 : 60;
  const value = (seconds: number): string => String(Math.round((seconds / unit) * 10) / 10);
  const series = (pick: (row: ChartRow) => number): string => `[${rows.map((row) => value(pick(row))).join(', ')}]`;
  const out = [
    '```mermaid',
    '---',
    'config:',
    '  xyChart:',
    '    width: 420',
    `    height: ${Math.max(200, 80 + rows.length * 30)}`,
    '    plotReservedSpacePercent: 50',
    '    xAxis:',
    '      labelPadding: 16',
    // The value ticks (about ten, chosen by Mermaid) in a smaller font, so they never touch.
    '    yAxis:',
    '      labelFontSize: 11',
    '  themeVariables:',
    '    xyChart:',
    `      plotColorPalette: "${CHART_COLORS.past}, ${CHART_COLORS[3]}, ${CHART_COLORS[2]}, ${CHART_COLORS[1]}"`,
    '---',
    'xychart-beta horizontal',
    `    x-axis [${rows.map((row) => `"${row.label}"`).join(', ')}]`,
    // From 0, or Mermaid starts the axis at the shortest bar and the short segments vanish.
    `    y-axis "${hours ? 'hours' : 'minutes'} worked" 0 --> ${axisEnd(maxSeconds / unit)}`,
    // Longest first, each drawn over the one before: total, in the box to L3, to L2, L1.
    `    bar ${series((r) => r.inBox[0] + r.inBox[1] + r.inBox[2] + r.past)}`,
    `    bar ${series((r) => r.inBox[0] + r.inBox[1] + r.inBox[2])}`,
    `    bar ${series((r) => r.inBox[0] + r.inBox[1])}`,
    `    bar ${series((r) => r.inBox[0])}`,
    '```',
    '',
    `Time worked per bug (${hours ? 'hours' : 'minutes'}; sessions, not wall-clock), most first: level 1 blue, level 2 orange, level 3 purple, and in red at the end of a bar the time worked past a timebox.`,
  ];
  const grouped = rows.at(-1)?.bugs ?? 1;
  if (grouped > 1) {
    const seconds = rows.slice(0, -1).reduce((sum, row) => sum + row.inBox[0] + row.inBox[1] + row.inBox[2] + row.past, 0);
    out[out.length - 1] +=
      ` The last row is the average of the ${count(grouped)} bugs with the least time worked (${formatDuration(Math.max(0, data.totals.seconds - seconds))} in all).`;
  }
  return out;
}

/** Ticks the value axis may have at most: at 11 px a 3-digit tick is about 19 px wide, and the plot is 200 px or more (ten ticks: 22 px apart or more). */
export const MAX_TICKS = 10;

/**
 * The value axis's end, at or above `value`: the smallest (in steps of 0.05 of its power of ten)
 * on which Mermaid's ticks (d3's `ticks()`: about ten, at 1, 2 or 5 times a power of ten) are at
 * most MAX_TICKS and the last one sits 5 % or more inside the end, so that its label, centred on
 * it, is not cut at the chart's edge. A round end such as 200 had eleven ticks crowded into the
 * plot and its last label half outside the picture.
 */
export function axisEnd(value: number): number {
  if (!(value > 0)) return 1;
  let power = 10 ** Math.floor(Math.log10(value));
  for (let n = Math.ceil(value / power / 0.05 - 1e-9); ; n++) {
    if (n > 200) {
      power *= 10;
      n = 20;
    }
    const end = Math.round(n * 0.05 * power * 1e6) / 1e6;
    const step = d3TickStep(end);
    const last = Math.floor(end / step + 1e-9) * step;
    if (Math.floor(end / step + 1e-9) + 1 <= MAX_TICKS && last <= end * 0.95) return end;
  }
}

/** d3's tickIncrement for [0, end] and ten ticks (the step Mermaid's linear axis ticks at). */
function d3TickStep(end: number): number {
  const step = end / 10;
  const power = Math.floor(Math.log10(step));
  const error = step / 10 ** power;
  const factor = error >= Math.sqrt(50) ? 10 : error >= Math.sqrt(10) ? 5 : error >= Math.sqrt(2) ? 2 : 1;
  return power >= 0 ? factor * 10 ** power : 1 / (10 ** -power / factor);
}

/** A label's estimated width in ems: wide (East Asian, emoji, W, M) 1, capitals 0.75, narrow marks 0.35, the rest 0.6. */
export function labelEms(text: string): number {
  let ems = 0;
  for (const char of text) {
    if (/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Extended_Pictographic}\uFF00-\uFFEF]|[WMm@%]/u.test(char)) ems += 1;
    else if (/\p{Lu}/u.test(char)) ems += 0.75;
    else if (/[ il.,'()/!|jtfr:;]/.test(char)) ems += 0.35;
    else ems += 0.6;
  }
  return ems;
}

/** `text` cut (with …) to at most `maxEms` estimated ems. */
function cutToEms(text: string, maxEms: number): string {
  if (labelEms(text) <= maxEms) return text;
  const chars = [...text.replace(/…$/, '')];
  while (chars.length > 1 && labelEms(`${chars.join('').trimEnd()}…`) > maxEms) chars.pop();
  return `${chars.join('').trimEnd()}…`;
}

/**
 * Text Mermaid reads as plain text inside a quoted label: letters, digits, spaces and a few harmless
 * marks only. `:`, `#`, `;`, `%`, newlines, quotes, `<>` and backticks would end the label,
 * start a comment or an entity, or close the code block; they become spaces.
 */
export function mermaidText(text: string, maxLength: number): string {
  const cleaned = text
    .replace(/[^\p{L}\p{M}\p{N} .,'()/?!+_-]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...cleaned];
  return chars.length <= maxLength
    ? cleaned
    : `${chars
        .slice(0, maxLength - 1)
        .join('')
        .trimEnd()}…`;
}
