/**
 * Git's conflict markers in a bug file (issue 17). Additions never conflict, but a header edited
 * by hand on two branches, or a v1 file edited on both sides before the additions layout, still
 * can. Such a file is not "a YAML syntax error": it is a merge conflict, said in so many words at
 * the marker's line, its bug is still shown (from the first side, read-only), and
 * resolveConflict.ts can take both sides' entries.
 */

/** One conflicted stretch: 1-based line numbers of its markers. */
export interface ConflictRegion {
  /** `<<<<<<< ours` */
  readonly start: number;
  /** `||||||| base` (diff3 and zdiff3 styles), if there. */
  readonly base?: number;
  /** `=======` */
  readonly middle: number;
  /** `>>>>>>> theirs` */
  readonly end: number;
}

export type ConflictSide = 'ours' | 'theirs';

const START = /^<{7}(?: |$)/;
const BASE = /^\|{7}(?: |$)/;
const MIDDLE = /^={7}$/;
const END = /^>{7}(?: |$)/;

function linesOf(text: string): string[] {
  return text.split('\n').map((line) => (line.endsWith('\r') ? line.slice(0, -1) : line));
}

/** Every complete conflicted stretch of `text`, in order; none for a file without markers. */
export function findConflicts(text: string): ConflictRegion[] {
  // Fast path: almost every file has no `<<<<<<<` at all.
  if (!text.includes('<<<<<<<')) return [];
  const lines = linesOf(text);
  const regions: ConflictRegion[] = [];
  let open: { start: number; base?: number; middle?: number } | undefined;
  lines.forEach((line, index) => {
    const number = index + 1;
    if (START.test(line)) open = { start: number };
    else if (open && open.middle === undefined && BASE.test(line)) open.base = number;
    else if (open && open.middle === undefined && MIDDLE.test(line)) open.middle = number;
    else if (open?.middle !== undefined && END.test(line)) {
      regions.push({ start: open.start, ...(open.base !== undefined ? { base: open.base } : {}), middle: open.middle, end: number });
      open = undefined;
    }
  });
  return regions;
}

/** The text as one side of the merge wrote it: each conflicted stretch replaced by that side's lines. */
export function conflictSide(text: string, side: ConflictSide): string {
  const regions = findConflicts(text);
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const lines = text.split('\n');
  const kept: string[] = [];
  let region = 0;
  for (let index = 0; index < lines.length; index++) {
    const number = index + 1;
    const current = regions[region];
    if (!current || number < current.start) {
      kept.push(lines[index] as string);
      continue;
    }
    const oursEnd = current.base ?? current.middle;
    const inOurs = number > current.start && number < oursEnd;
    const inTheirs = number > current.middle && number < current.end;
    if ((side === 'ours' && inOurs) || (side === 'theirs' && inTheirs)) kept.push(lines[index] as string);
    if (number === current.end) region++;
  }
  return kept.join('\n').replace(/\r?\n/g, eol);
}

/** The message of a conflicted stretch, for check, the tree and the Problems panel. */
export function conflictMessage(region: ConflictRegion, file: string): string {
  return (
    `merge conflict: git left conflict markers here (lines ${region.start}-${region.end}); the bug is shown from the first side, read-only. ` +
    `Resolve it with 'Bug Levels: Resolve Merge Conflict' or \`bug-levels resolve-conflict ${file}\`, which takes both sides' entries.`
  );
}
