/**
 * The BugParser of Node hosts (the desktop extension host, the CLI): parse workers, when the
 * worker script is there. The web build replaces this module with one that has none (esbuild.js),
 * so worker_threads never reaches a browser bundle; without a parser, loads parse in-thread.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BugParser } from '../core/store/parseQueue';
import { ParseWorkerPool } from './parseWorkerPool';

/**
 * Next to the running code in both layouts: dist/parseWorker.js beside the bundles (esbuild.js),
 * out/src/node/parseWorker.js beside this file compiled by tsc (the unit tests).
 */
export const PARSE_WORKER_SCRIPT = path.join(__dirname, 'parseWorker.js');
/** More threads than this gain little on a load and cost memory (each has its own heap). */
const MAX_THREADS = 4;

export interface NodeBugParserOptions {
  readonly script?: string;
  /** Worker threads (default: one per core up to MAX_THREADS). */
  readonly size?: number;
  readonly idleMs?: number;
}

/** A new pool, or undefined where workers cannot start (no worker script): parse in-thread then. */
export function createNodeBugParser(options: NodeBugParserOptions = {}): ParseWorkerPool | undefined {
  const script = options.script ?? PARSE_WORKER_SCRIPT;
  if (!fs.existsSync(script)) return undefined;
  const cores = typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  return new ParseWorkerPool({
    script,
    size: options.size ?? Math.min(Math.max(1, cores), MAX_THREADS),
    ...(options.idleMs === undefined ? {} : { idleMs: options.idleMs }),
  });
}

let shared: { parser: BugParser | undefined } | undefined;

/** The process's one pool (every journal of a window shares its threads), made on first use. */
export function nodeBugParser(): BugParser | undefined {
  shared ??= { parser: createNodeBugParser() };
  return shared.parser;
}
