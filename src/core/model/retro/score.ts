/**
 * Breadth-first or depth-first? The essay's lesson as numbers: how much of the time worked went
 * to a bug while another open bug still sat at a lower level, and the longest such stretch.
 */
import type { Bug, Level, Timestamp } from '../types';
import { LEVELS } from '../levels';
import { toTimestamp } from '../time';
import { type Interval, subtract, totalLength, union } from './intervals';
import { Coverage } from './coverage';
import type { RetroScope, ScopedBug } from './options';
import { bugHistory, openBelow } from './waiting';

/** The longest run of depth-first work on one bug. */
export interface DepthFirstStreak {
  readonly bugId: string;
  readonly title: string;
  /** Time worked in the streak (pauses between sessions not counted). */
  readonly seconds: number;
  readonly start: Timestamp;
  readonly end: Timestamp;
}

export interface BreadthFirstScore {
  /** Share of the time worked with no other open bug at a lower level, 0..1 (4 decimals); null with no time worked. */
  readonly score: number | null;
  readonly workedSeconds: number;
  /** Time worked on a bug while another open bug sat at a lower level. */
  readonly depthFirstSeconds: number;
  readonly longestDepthFirstStreak: DepthFirstStreak | null;
}

/** When a bug sat open at a level below 1, 2 and 3. */
type BelowByLevel = Record<Level, Interval[]>;

interface Piece {
  readonly bug: Bug;
  readonly interval: Interval;
  readonly depthFirst: boolean;
}

/**
 * A moment of work on bug B at level L is depth-first when some other bug of the journals
 * (parked ones only if the retro includes them) was open at a level below L at that moment.
 * The score is the share of worked time that was not depth-first.
 */
export function breadthFirstScore(scope: RetroScope): BreadthFirstScore {
  // When each bug sat open below each level, computed once: every listed bug asks it of all others.
  const below = new Map<Bug, BelowByLevel>(
    scope.context.map((scoped) => {
      const history = bugHistory(scoped.bug, scope.nowMs);
      return [scoped.bug, { 1: openBelow(history, 1), 2: openBelow(history, 2), 3: openBelow(history, 3) }];
    }),
  );
  const waiting = { 1: coverageAt(1), 2: coverageAt(2), 3: coverageAt(3) };
  function coverageAt(level: Level): Coverage {
    return new Coverage([...below.values()].map((byLevel) => byLevel[level]));
  }
  const pieces = scope.bugs.flatMap((scoped) => piecesOf(scoped, below, waiting));
  const workedMs = totalLength(pieces.map((piece) => piece.interval));
  const depthFirstMs = totalLength(pieces.filter((piece) => piece.depthFirst).map((piece) => piece.interval));
  return {
    score: workedMs > 0 ? Math.round(((workedMs - depthFirstMs) / workedMs) * 10_000) / 10_000 : null,
    workedSeconds: Math.round(workedMs / 1000),
    depthFirstSeconds: Math.round(depthFirstMs / 1000),
    longestDepthFirstStreak: longestStreak(pieces),
  };
}

function piecesOf(scoped: ScopedBug, below: ReadonlyMap<Bug, BelowByLevel>, waiting: Record<Level, Coverage>): Piece[] {
  const pieces: Piece[] = [];
  for (const level of LEVELS) {
    const worked = union(scoped.sessions.filter((s) => s.level === level).map((s): Interval => [s.startMs, s.endMs]));
    if (worked.length === 0) continue;
    // Another bug sat open below this level: this work was depth-first.
    const depthFirst = waiting[level].coveredByOthers(worked, below.get(scoped.bug)?.[level] ?? []);
    for (const interval of depthFirst) pieces.push({ bug: scoped.bug, interval, depthFirst: true });
    for (const interval of subtract(worked, depthFirst)) pieces.push({ bug: scoped.bug, interval, depthFirst: false });
  }
  return pieces;
}

/**
 * Pieces in time order; a streak grows while depth-first pieces of the same bug follow each
 * other, and ends at a breadth-first piece or at work on another bug.
 */
function longestStreak(pieces: readonly Piece[]): DepthFirstStreak | null {
  const ordered = [...pieces].sort((a, b) => a.interval[0] - b.interval[0] || a.interval[1] - b.interval[1]);
  let best: { bug: Bug; ms: number; start: number; end: number } | undefined;
  let current: typeof best;
  for (const piece of ordered) {
    const [start, end] = piece.interval;
    if (!piece.depthFirst) current = undefined;
    else if (current && current.bug === piece.bug) current = { ...current, ms: current.ms + end - start, end: Math.max(current.end, end) };
    else current = { bug: piece.bug, ms: end - start, start, end };
    if (current && (!best || current.ms > best.ms)) best = current;
  }
  return best
    ? { bugId: best.bug.id, title: best.bug.title, seconds: Math.round(best.ms / 1000), start: toTimestamp(best.start), end: toTimestamp(best.end) }
    : null;
}
