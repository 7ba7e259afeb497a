/**
 * Shared test helpers: real temporary folders (removed after each test), fixed timestamps and
 * builders for bugs. Nothing here mocks the file system or the clock.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createBug } from '../../src/core/model/transitions';
import { sequentialIds, type IdSource } from '../../src/core/model/ids';
import type { Bug, BugId, Hypothesis, HypothesisId, Level, Session, Snippet, SnippetId, Timestamp } from '../../src/core/model/types';
import { SCHEMA_V1 } from '../../src/core/model/types';
import { runCli } from '../../src/cli/main';
import { strict as assert } from 'node:assert';
import { parseBugBytes } from '../../src/core/format/format';
import { parseAdditionBytes } from '../../src/core/format/additionFormat';
import { additionsFolderOf, foldAdditions } from '../../src/core/model/additions';

/** The repository root (tests run from out/test/unit). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
/** The demo journal shipped with the repository (4 bugs). */
export const DEMO_JOURNAL = path.join(REPO_ROOT, 'demo', '.bug-levels');

/**
 * Call inside a `describe`: returns a function that makes a fresh folder under the OS temp
 * folder; every folder made during a test is removed after it.
 */
export function useTempDirs(): (prefix?: string) => string {
  const made: string[] = [];
  afterEach(() => {
    for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  });
  return (prefix = 'bug-levels-test-') => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    made.push(dir);
    return dir;
  };
}

/** Copies the demo journal into `dir` (created if needed) and returns `dir`. */
export function copyDemoJournal(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  for (const name of fs.readdirSync(DEMO_JOURNAL)) fs.copyFileSync(path.join(DEMO_JOURNAL, name), path.join(dir, name));
  return dir;
}

/** Every file under `dir`, relative, sorted (for "nothing else was left behind" checks). */
export function listFilesDeep(dir: string): string[] {
  const out: string[] = [];
  const walk = (sub: string): void => {
    for (const entry of fs.readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const rel = sub ? `${sub}/${entry.name}` : entry.name;
      if (entry.isDirectory()) walk(rel);
      else out.push(rel);
    }
  };
  walk('');
  return out.sort();
}

/** A fixed moment all tests count from: 2026-03-01T09:00:00Z. */
export const T0 = '2026-03-01T09:00:00Z' as Timestamp;

/** The timestamp `minutes` (may be fractional or negative) after `base` (default T0). */
export function at(minutes: number, base: Timestamp = T0): Timestamp {
  return new Date(Date.parse(base) + Math.round(minutes * 60_000)).toISOString().replace('.000Z', 'Z') as Timestamp;
}

/** A timestamp from a literal string. */
export function ts(value: string): Timestamp {
  return value as Timestamp;
}

export const hid = (value: string): HypothesisId => value as HypothesisId;
export const sid = (value: string): SnippetId => value as SnippetId;
export const bid = (value: string): BugId => value as BugId;

/** A fresh open level-1 bug made by createBug at T0, with `overrides` spread over it. */
export function makeBug(overrides: Partial<Bug> = {}, ids: IdSource = sequentialIds()): Bug {
  return { ...createBug({ id: ids.bugId(), title: 'A bug' }, T0), ...overrides };
}

/** A closed session at `level` from `fromMinutes` to `toMinutes` after T0. */
export function session(level: Level, fromMinutes: number, toMinutes?: number): Session {
  return toMinutes === undefined ? { level, start: at(fromMinutes) } : { level, start: at(fromMinutes), end: at(toMinutes) };
}

/**
 * A bug that uses every optional field of format v1, with snippet text that is hard to keep
 * byte-identical: trailing spaces, CRLF, tabs, backticks, a `---` line, unicode.
 */
export function fullBug(snippetText = TRICKY_TEXT): Bug {
  const hypotheses: Hypothesis[] = [
    {
      id: hid('h-1'),
      kind: 'assumption',
      text: 'the cache is cold on every start',
      status: 'refuted',
      created: at(5),
      resolved: at(40),
      prediction: 'a second start is as slow as the first',
      evidence: [sid('s-1'), sid('s-2')],
      note: 'the cache survives restarts',
    },
    { id: hid('h-2'), kind: 'hypothesis', text: 'the lock file is never removed', status: 'open', created: at(6) },
  ];
  const snippets: Snippet[] = [
    {
      id: sid('s-1'),
      source: 'editor',
      captured: at(10),
      file: 'src/app.py',
      lines: '10-12',
      commit: 'ffced32',
      text: snippetText,
    },
    { id: sid('s-2'), source: 'terminal', captured: at(11), command: 'make test', exitCode: 2, text: 'FAILED\n' },
    { id: sid('s-3'), source: 'file', captured: at(12), file: 'logs/big.log', path: 'attachments/bug0001/s-3.txt' },
  ];
  return {
    schema: SCHEMA_V1,
    id: bid('bug0001'),
    title: 'Every field: "quotes", colons: yes, # not a comment, ünïcödé 🐛',
    status: 'resolved',
    level: 3,
    created: T0,
    tags: ['one', 'two words', 'yes', '123'],
    levels: [
      { level: 1, at: T0 },
      { level: 2, at: at(30), reason: 'log line: worker died' },
      { level: 3, at: at(50), reason: 'fixed upstream' },
    ],
    sessions: [session(1, 0, 30), session(2, 30, 50), session(3, 50, 70)],
    timebox: { level: 3, minutes: 90 },
    hypotheses,
    snippets,
    links: ['https://example.com/issue/1', 'https://example.com/pr/2?x=1&y=2#frag'],
    timeline: [
      { at: at(15), kind: 'attempt', text: 'reverted the last commit' },
      { at: at(16), kind: 'debug-start' },
      { at: at(60), kind: 'keep-drilling', text: 'one more log to read' },
    ],
    notes: 'First line\n  indented second line\n\ttabbed third line   \n',
    resolution: { layer: 'upstream', summary: 'bumped the library to 2.0.20', link: 'https://example.com/release' },
  };
}

/** Snippet text with the characters most likely to be mangled by a YAML writer. */
export const TRICKY_TEXT = [
  'trailing spaces   ',
  'crlf line\r',
  '\tleading tab and trailing tab\t',
  '```js',
  'console.log(`template ${x}`);',
  '```',
  '---',
  '...',
  '# not a comment',
  '- not a list',
  'key: not a map',
  'unicode: ü 日本語 🐛 \u00a0(nbsp)',
  '',
  '',
].join('\n');

/** The minimal valid bug file text, for tests that break one thing in it. */
export const MINIMAL_BUG_TEXT = [
  'schema: bug-levels/v1',
  'id: bug0001',
  'title: Minimal bug',
  'status: open',
  'level: 1',
  'created: 2026-03-01T09:00:00Z',
  '',
].join('\n');

/** Standard io for runCli that records what was written. */
export interface CapturedIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly cwd: string;
  readonly now: () => Date;
  stdout: string;
  stderr: string;
}

export function captureIo(cwd: string, now = new Date(Date.parse('2026-03-01T00:00:00Z'))): CapturedIo {
  const io: CapturedIo = {
    stdout: '',
    stderr: '',
    out: (text) => {
      io.stdout += text;
    },
    err: (text) => {
      io.stderr += text;
    },
    cwd,
    now: () => now,
  };
  return io;
}

/** Freezes a value and everything inside it, so any mutation by the code under test throws. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}

/** Runs the CLI in-process with captured output, from `cwd` (the repository by default). */
export async function runCliCaptured(argv: string[], cwd = REPO_ROOT): Promise<{ code: number; io: CapturedIo }> {
  const io = captureIo(cwd);
  const code = await runCli(argv, io);
  return { code, io };
}

/** Every file under `dir` with its bytes (for "no file changed, none added" checks). */
export function snapshotFiles(dir: string): Map<string, Buffer> {
  return new Map(listFilesDeep(dir).map((file) => [file, fs.readFileSync(path.join(dir, file))]));
}

/** Newest modification time of the TypeScript sources the CLI bundle is built from. */
function newestCliSource(): number {
  let newest = 0;
  for (const dir of ['src/cli', 'src/core', 'src/node', 'src/mcp']) {
    for (const name of fs.readdirSync(path.join(REPO_ROOT, dir), { recursive: true }) as string[]) {
      if (name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(path.join(REPO_ROOT, dir, name)).mtimeMs);
    }
  }
  return newest;
}

/**
 * The built CLI to spawn: dist/cli.js (the esbuild bundle that ships), rebuilt with
 * `node esbuild.js` when it is missing or older than its sources; if that build cannot run
 * (for example while src/extension.ts is mid-edit), the tsc output out/src/cli/bin.js.
 * (The same as cli.test.ts's own copy.)
 */
export function builtCliScript(): { name: string; script: string } {
  const bundle = path.join(REPO_ROOT, 'dist', 'cli.js');
  const fresh = (): boolean => fs.existsSync(bundle) && fs.statSync(bundle).mtimeMs >= newestCliSource();
  if (!fresh()) spawnSync(process.execPath, ['esbuild.js'], { cwd: REPO_ROOT, timeout: 120_000, stdio: 'ignore' });
  if (fresh()) return { name: 'node dist/cli.js', script: bundle };
  return { name: 'node out/src/cli/bin.js', script: path.join(REPO_ROOT, 'out', 'src', 'cli', 'bin.js') };
}

/**
 * Every bug of the journal folder `dir` as it is on disk (issue 17): each header file parsed by
 * the core's parser, folded with the addition files of its folder (`<stem>/*.yaml`) by the
 * core's fold. Asserts that every file parses.
 */
export function foldedBugsOnDisk(dir: string): Bug[] {
  const bugs: Bug[] = [];
  for (const name of fs.readdirSync(dir).filter((file) => file.endsWith('.yaml'))) {
    const parsed = parseBugBytes(fs.readFileSync(path.join(dir, name)), name);
    assert.ok(parsed.ok, `${name} parses: ${JSON.stringify(parsed.ok ? [] : parsed.problems)}`);
    const folder = path.join(dir, additionsFolderOf(name));
    const additions = fs.existsSync(folder)
      ? fs
          .readdirSync(folder)
          .filter((file) => file.endsWith('.yaml'))
          .map((file) => {
            const addition = parseAdditionBytes(fs.readFileSync(path.join(folder, file)), file);
            assert.ok(addition.ok, `${file} parses: ${JSON.stringify(addition.ok ? [] : addition.problems)}`);
            return { file, addition: addition.addition };
          })
      : [];
    bugs.push(foldAdditions(parsed.bug, additions).bug);
  }
  return bugs;
}

/** The bug with `id` in journal folder `dir`, folded from its header and additions (foldedBugsOnDisk). */
export function foldedBugOnDisk(dir: string, id: string): Bug {
  const bug = foldedBugsOnDisk(dir).find((candidate) => candidate.id === id);
  if (!bug) throw new Error(`no file holds ${id}`);
  return bug;
}

/** The addition files of the bug whose header is `headerFile` in `dir`, in name order. */
export function additionFilesOf(dir: string, headerFile: string): string[] {
  const folder = path.join(dir, additionsFolderOf(headerFile));
  return fs.existsSync(folder)
    ? fs
        .readdirSync(folder)
        .filter((file) => file.endsWith('.yaml'))
        .sort()
    : [];
}

/** The demo journal's bugs (demo/.bug-levels), as tests of the CLI and the MCP server use them. */
export const DEMO = {
  /** Open at level 2: the 502 after installing FormFyxer. */
  l2: 'V1StGXR8Zq',
  /** Open at level 1: the spaCy download on the first interview. */
  l1: 'k3Jd9QpL2x',
  /** Parked at level 1. */
  parked: 'Pg4Lx7Vb2c',
  /** Open at level 3. */
  l3: 'Qw8Zr5Tn1m',
  l2File: '502-on-first-interview-V1StGXR8Zq.yaml',
  l1File: 'first-run-hangs-spacy-download-k3Jd9QpL2x.yaml',
} as const;
