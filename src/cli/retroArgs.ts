/**
 * The options of `bug-levels retro`, kept apart from main.ts so the other commands' parsing
 * stays short: what they accept, their help text, and how they become the core's RetroOptions.
 */
import * as path from 'node:path';
import type { RetroJournal, RetroOptions } from '../core/model/retro/options';
import type { Bug, Timestamp } from '../core/model/types';

/** parseArgs option specs of `retro`. */
export const RETRO_ARG_OPTIONS = {
  format: { type: 'string' },
  out: { type: 'string' },
  since: { type: 'string' },
  until: { type: 'string' },
  bug: { type: 'string', multiple: true },
  'include-parked': { type: 'boolean' },
  'exclude-parked': { type: 'boolean' },
  'no-snippets': { type: 'boolean' },
  'allow-broken': { type: 'boolean' },
} as const;

/** The help lines of `retro` (part of the CLI's usage text). */
export const RETRO_USAGE = `  retro [DIR]              The retro of the journal: time per level, breadth-first
                           score, wrong assumptions, each bug's story.
      --format md|json     Markdown (default) or JSON (schema: README, "Retro JSON").
      --out FILE           Write to FILE instead of standard output; file links in
                           the markdown are then relative to FILE's folder (else to
                           the workspace folder, DIR's parent).
      --since ISO-DATE     Only time worked from then on (2026-02-25 or
                           2026-02-25T17:00:00Z), and only bugs worked on or
                           created since.
      --until ISO-DATE     Only time worked before then, likewise.
      --bug ID             Only this bug (repeat for several).
      --include-parked     List parked bugs too (the default).
      --exclude-parked     Leave parked bugs out.
      --no-snippets        Leave snippet text and terminal commands out (to share
                           outside the team).
      --allow-broken       Exit 0 even when bug files were skipped because they do
                           not load (the report still says so at its top; without
                           this option the exit status is 1).`;

/** What `retro` was asked for, once checked. */
export interface RetroRequest {
  readonly format: 'md' | 'json';
  readonly out?: string;
  /** --allow-broken: skipped bug files do not make the exit status 1. */
  readonly allowBroken: boolean;
  readonly options: Omit<RetroOptions, 'now'>;
}

/** The parsed values of RETRO_ARG_OPTIONS. */
export interface RetroValues {
  readonly format?: string;
  readonly out?: string;
  readonly since?: string;
  readonly until?: string;
  readonly bug?: string[];
  readonly 'include-parked'?: boolean;
  readonly 'exclude-parked'?: boolean;
  readonly 'no-snippets'?: boolean;
  readonly 'allow-broken'?: boolean;
}

/** Checks the retro options; a string is the usage error to print. */
export function parseRetroArgs(values: RetroValues, cwd: string, parseTime: (value: string) => Timestamp | undefined): RetroRequest | string {
  const format = values.format ?? 'md';
  if (format !== 'md' && format !== 'json') return `--format is md or json, not '${format}'`;
  const since = values.since === undefined ? undefined : parseTime(values.since);
  if (values.since !== undefined && since === undefined) return `--since needs an ISO date, got '${values.since}'`;
  const until = values.until === undefined ? undefined : parseTime(values.until);
  if (values.until !== undefined && until === undefined) return `--until needs an ISO date, got '${values.until}'`;
  if (since && until && Date.parse(until) <= Date.parse(since)) return `--until (${until}) must come after --since (${since})`;
  if (values['include-parked'] && values['exclude-parked']) return '--include-parked and --exclude-parked contradict each other';
  return {
    format,
    allowBroken: values['allow-broken'] === true,
    ...(values.out === undefined ? {} : { out: path.resolve(cwd, values.out) }),
    options: {
      ...(since ? { since } : {}),
      ...(until ? { until } : {}),
      ...(values.bug?.length ? { bugIds: values.bug } : {}),
      includeParked: values['exclude-parked'] !== true,
      noSnippets: values['no-snippets'] === true,
    },
  };
}

/**
 * The journal folder `dir` as the retro sees it: its workspace folder is `dir`'s parent, and
 * links are written relative to where the retro goes (the --out file's folder), or to the
 * workspace folder when it goes to standard output.
 */
export function retroJournal(dir: string, bugs: readonly Bug[], out: string | undefined): RetroJournal {
  const workspace = path.dirname(dir);
  const root = out === undefined ? '' : path.relative(path.dirname(out), workspace);
  return {
    bugs,
    // A retro written on another drive (Windows) cannot link relatively: links from the workspace then.
    root: path.isAbsolute(root) ? '' : root.split(path.sep).join('/'),
    journalFolder: path.relative(workspace, dir).split(path.sep).join('/'),
  };
}
