/** The messages between parseWorkerPool.ts and parseWorker.ts (structured-cloned). */
import type { BugParse } from '../core/store/parseQueue';

/**
 * The workerData a parse worker is started with: the script that handles parses is also the
 * shared core that dist/extension.js and dist/cli.js require (esbuild.js), and only a thread
 * started as a parse worker answers parses.
 */
export const PARSE_WORKER_DATA = 'bug-levels/parse-worker';

/** One file to parse: its bytes (their buffer transferred) and the path problems name. */
export interface ParseRequest {
  readonly id: number;
  readonly bytes: Uint8Array;
  readonly shown: string;
}

/** The parse, or why the parser threw (a bug in it, not a problem of the file). */
export type ParseResponse = { readonly id: number; readonly parsed: BugParse } | { readonly id: number; readonly error: string };
