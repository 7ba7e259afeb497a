import type { BugId, HypothesisId, SnippetId } from './types';

/** The id format of file format v1. */
export const BUG_ID_PATTERN = /^[A-Za-z0-9_-]{6,32}$/;
/** Hypothesis and snippet ids: short, readable, unique within one bug. */
export const CHILD_ID_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;

/** Where new ids come from; tests pass their own for deterministic output. */
export interface IdSource {
  bugId(): BugId;
  hypothesisId(taken: ReadonlySet<string>): HypothesisId;
  snippetId(taken: ReadonlySet<string>): SnippetId;
}

/** A counter-based IdSource for tests and fixtures: `bug0001`, `h-1`, `s-1`, ... */
export function sequentialIds(prefix = 'bug'): IdSource {
  let bugs = 0;
  const next = (kind: string, taken: ReadonlySet<string>): string => {
    for (let n = 1; ; n++) {
      const id = `${kind}-${n}`;
      if (!taken.has(id)) return id;
    }
  };
  return {
    bugId: () => `${prefix}${String(++bugs).padStart(4, '0')}` as BugId,
    hypothesisId: (taken) => next('h', taken) as HypothesisId,
    snippetId: (taken) => next('s', taken) as SnippetId,
  };
}
