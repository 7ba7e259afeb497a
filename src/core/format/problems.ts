import { escapeLine } from '../model/terminalText';

/** Why a bug file was not loaded (error) or loaded with a remark (warning). */
export type ProblemCode =
  | 'yaml-syntax'
  | 'invalid-utf8'
  | 'empty-file'
  | 'file-too-large'
  | 'too-complex'
  | 'not-a-map'
  | 'missing-key'
  | 'wrong-type'
  | 'bad-value'
  | 'duplicate-key'
  | 'duplicate-id'
  | 'unknown-schema'
  | 'newer-schema'
  | 'unknown-key'
  | 'explicit-tag'
  | 'alias'
  | 'unsafe-path'
  | 'not-a-file'
  | 'read-error'
  // Rules between fields (validate.ts checkConsistency), issue 13:
  | 'open-session'
  | 'session-end-before-start'
  | 'overlapping-sessions'
  | 'level-never-reached'
  | 'level-history-mismatch'
  | 'resolution-not-resolved'
  | 'missing-resolution'
  // A `*.yml` file in the journal folder: not read (bug files end in .yaml).
  | 'not-yaml-extension'
  // Issue 17: a bug's additions (one file per write, beside its header file).
  | 'bad-addition'
  | 'superseded-addition'
  | 'orphan-additions'
  | 'merge-conflict';

/** A problem in one file, at a 1-based line and column, printed as `file:line:col: message`. */
export interface Problem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly code: ProblemCode;
  readonly message: string;
  readonly severity: 'error' | 'warning';
  /** For yaml-syntax problems, the yaml library's own error code (MISSING_CHAR, ...). */
  readonly yamlCode?: string;
}

/**
 * `file:line:col: message`, the form editors and CI annotate from: always one line, with control
 * characters and bidirectional overrides in the file name or message escaped visibly (a name
 * with a line break cannot forge another problem line).
 */
export function formatProblem(problem: Problem): string {
  const prefix = problem.severity === 'warning' ? 'warning: ' : '';
  return `${escapeLine(problem.file)}:${problem.line}:${problem.column}: ${prefix}${escapeLine(problem.message)}`;
}

export function isError(problem: Problem): boolean {
  return problem.severity === 'error';
}
