/**
 * What the CLI takes from its process: output streams, the working folder, the clock, standard
 * input and the cache folder. Tests pass their own (test/unit/helpers.ts: captureIo).
 */
import { defaultCacheDir } from '../node/nodeIndexStorage';

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly cwd: string;
  readonly now: () => Date;
  /** Where the index of parsed bug files is kept (see nodeIndexStorage.ts); none: no index. */
  readonly cacheDir?: string;
  /** All of standard input, as UTF-8 text (the text of `snippet`); none: empty. */
  readonly readStdin?: () => Promise<string>;
  /** How long a write waits for another writer's lock on the bug's file (the store's default: 10 s). */
  readonly lockTimeoutMs?: number;
}

export const processIo: CliIo = {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
  cwd: process.cwd(),
  now: () => new Date(),
  cacheDir: defaultCacheDir(),
  readStdin,
};

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('bug-levels: reading the snippet from standard input; end it with Ctrl+D.\n');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}
