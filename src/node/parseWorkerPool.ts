/**
 * Parsing bug files in worker threads (parseWorker.ts), so a cold load of thousands of files
 * neither blocks the extension host's thread nor waits for one core. Workers start on the first
 * parse, take files' bytes (their buffer transferred, not copied) and answer plain data; they are
 * terminated after IDLE_MS without work, and never keep a process (the CLI) alive while idle.
 * Any failure of a worker rejects its parses: the loader then parses those files in-thread
 * (parseQueue.ts), and this pool stops using threads for good.
 */
import { Worker } from 'node:worker_threads';
import type { BugParse, BugParser } from '../core/store/parseQueue';
import { PARSE_WORKER_DATA, type ParseRequest, type ParseResponse } from './parseWorkerProtocol';

/** Workers are terminated after this long without a parse (a load is a burst, then nothing). */
export const IDLE_MS = 2000;

export interface ParseWorkerPoolOptions {
  /** The worker script: parseWorker.js, compiled or bundled. */
  readonly script: string;
  /** Worker threads at most. */
  readonly size: number;
  readonly idleMs?: number;
}

interface Thread {
  readonly worker: Worker;
  /** Parses sent and not answered yet. */
  outstanding: number;
}

interface Task {
  readonly thread: Thread;
  readonly resolve: (parsed: BugParse) => void;
  readonly reject: (error: Error) => void;
}

export class ParseWorkerPool implements BugParser {
  readonly concurrency: number;
  private readonly script: string;
  private readonly idleMs: number;
  private threads: Thread[] = [];
  private readonly tasks = new Map<number, Task>();
  private nextId = 0;
  private failure: Error | undefined;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: ParseWorkerPoolOptions) {
    this.script = options.script;
    this.concurrency = Math.max(1, options.size);
    this.idleMs = options.idleMs ?? IDLE_MS;
  }

  /** Threads running now (0 before the first parse and after the idle timeout). */
  get threadCount(): number {
    return this.threads.length;
  }

  parse(bytes: Uint8Array, shown: string): Promise<BugParse> {
    if (this.failure) return Promise.reject(this.failure);
    clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
    let thread: Thread;
    try {
      thread = this.pickThread();
    } catch (error) {
      this.fail(error instanceof Error ? error : new Error(String(error)));
      return Promise.reject(this.failure);
    }
    const id = this.nextId++;
    return new Promise<BugParse>((resolve, reject) => {
      this.tasks.set(id, { thread, resolve, reject });
      // A thread with work keeps the process alive (the load awaits it); an idle one does not.
      if (thread.outstanding++ === 0) thread.worker.ref();
      post(thread.worker, { id, bytes: ownedCopy(bytes), shown });
    });
  }

  /** Terminates the threads now; later parses start new ones. */
  async dispose(): Promise<void> {
    clearTimeout(this.idleTimer);
    const threads = this.threads;
    this.threads = [];
    this.rejectTasks(threads, new Error('The parse worker pool was disposed.'));
    await Promise.all(threads.map((thread) => thread.worker.terminate()));
  }

  /** The least busy thread; a new one while all are busy and there is room. */
  private pickThread(): Thread {
    const idle = this.threads.reduce<Thread | undefined>((best, thread) => (!best || thread.outstanding < best.outstanding ? thread : best), undefined);
    if (idle && (idle.outstanding === 0 || this.threads.length >= this.concurrency)) return idle;
    const thread: Thread = { worker: new Worker(this.script, { workerData: PARSE_WORKER_DATA }), outstanding: 0 };
    thread.worker.unref();
    thread.worker.on('message', (response: ParseResponse) => this.settle(thread, response));
    thread.worker.on('error', (error) => this.fail(error));
    thread.worker.on('exit', (code) => {
      if (this.threads.includes(thread)) this.fail(new Error(`A parse worker exited (code ${code}).`));
    });
    this.threads.push(thread);
    return thread;
  }

  private settle(thread: Thread, response: ParseResponse): void {
    const task = this.tasks.get(response.id);
    if (!task) return;
    this.tasks.delete(response.id);
    if (--thread.outstanding === 0) thread.worker.unref();
    if ('error' in response) task.reject(new Error(response.error));
    else task.resolve(response.parsed);
    if (this.tasks.size === 0 && this.threads.length > 0) {
      this.idleTimer = setTimeout(() => void this.dispose(), this.idleMs);
      this.idleTimer.unref();
    }
  }

  /** A thread that fails (its script missing or broken, out of memory) ends threads for this pool. */
  private fail(error: Error): void {
    this.failure ??= new Error(`Parse workers are not available: ${error.message}`);
    void this.dispose();
  }

  private rejectTasks(threads: readonly Thread[], error: Error): void {
    for (const [id, task] of this.tasks) {
      if (!threads.includes(task.thread)) continue;
      this.tasks.delete(id);
      task.reject(this.failure ?? error);
    }
  }
}

/**
 * Bytes the worker can own: their buffer is transferred when the view spans all of it (a file
 * read on its own); a view into a larger or shared buffer (Node's Buffer pool) is copied first,
 * since transferring that buffer would empty every other view of it.
 */
function ownedCopy(bytes: Uint8Array): Uint8Array {
  const whole = bytes.buffer instanceof ArrayBuffer && bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return whole ? bytes : new Uint8Array(bytes);
}

function post(worker: Worker, request: ParseRequest): void {
  try {
    worker.postMessage(request, [request.bytes.buffer as ArrayBuffer]);
  } catch {
    // A buffer Node marks untransferable: copied instead.
    worker.postMessage(request);
  }
}
