/**
 * The work sessions as a Mermaid gantt chart: one row per bug (compact display), one bar per
 * session labelled with its level, so a breadth-first or depth-first shape shows at a glance.
 * GitHub renders it; VS Code's preview needs a Mermaid extension and shows the source otherwise.
 */
import type { Level } from '../types';
import type { RetroData } from './types';

// Mermaid's gantt colours: done (grey), active (light), crit (red): one per level.
const LEVEL_TAG: Record<Level, string> = { 1: 'done', 2: 'active', 3: 'crit' };
/** Longest section name (a bug's title, cut); the left padding below is sized for it. */
export const SECTION_LENGTH = 32;

/** The chart as lines of markdown (a ```mermaid block), or none when no session is in range. */
export function ganttChart(data: RetroData): string[] {
  const bugs = data.bugs.filter((bug) => bug.sessions.length > 0);
  if (bugs.length === 0) return [];
  const out = [
    '```mermaid',
    // Front matter: compact mode packs a bug's sessions into one row instead of one row each,
    // and the left padding leaves room for the section names (titles cut to SECTION_LENGTH).
    '---',
    'displayMode: compact',
    'config:',
    '  gantt:',
    '    leftPadding: 200',
    '---',
    'gantt',
    // Times are written as UTC wall-clock times without a zone: Mermaid reads and draws them in
    // the viewer's zone alike, so the axis shows UTC, as the rest of the retro does.
    '    dateFormat YYYY-MM-DD HH:mm:ss',
    '    axisFormat %m-%d %H:%M',
    '    todayMarker off',
  ];
  for (const bug of bugs) {
    out.push(`    section ${mermaidText(bug.title, SECTION_LENGTH) || mermaidText(bug.id, SECTION_LENGTH) || 'bug'}`);
    for (const session of bug.sessions) out.push(`    L${session.level} :${LEVEL_TAG[session.level]}, ${chartTime(session.start)}, ${chartTime(session.end)}`);
  }
  out.push('```');
  return out;
}

/**
 * Text Mermaid's gantt grammar reads as plain text: letters, digits, spaces and a few harmless
 * marks only. `:`, `#`, `;`, `%`, newlines, quotes, `<>` and backticks would end the section
 * name, start a comment or an entity, or close the code block; they become spaces.
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

/** `2026-02-25 17:01:24` from `2026-02-25T17:01:24Z`. */
function chartTime(at: string): string {
  return new Date(Date.parse(at)).toISOString().slice(0, 19).replace('T', ' ');
}
