/**
 * A parse worker thread (started by parseWorkerPool.ts): parses bug files' bytes with the same
 * parseBugBytes as the loader, and answers only what a load keeps (BugParse), as plain data: the
 * YAML document and the text stay here, they would cost more to copy than to parse again.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseBugBytes } from '../core/format/format';
import type { BugParse } from '../core/store/parseQueue';
import { PARSE_WORKER_DATA, type ParseRequest, type ParseResponse } from './parseWorkerProtocol';

function answer({ id, bytes, shown }: ParseRequest): ParseResponse {
  try {
    const parsed = parseBugBytes(bytes, shown);
    const plain: BugParse = parsed.ok
      ? { ok: true, bug: parsed.bug, readOnly: parsed.readOnly, problems: parsed.problems }
      : { ok: false, problems: parsed.problems };
    return { id, parsed: plain };
  } catch (error) {
    return { id, error: error instanceof Error ? error.message : String(error) };
  }
}

// Bundled, this module is part of dist/parseWorker.js, which is also the core library the CLI and
// the extension require: it answers parses only in a thread the pool started for that.
if (workerData === PARSE_WORKER_DATA) parentPort?.on('message', (request: ParseRequest) => parentPort?.postMessage(answer(request)));
