/**
 * Synthetic journals for the benchmarks, deterministic (seeded) so runs compare:
 * - `meta`: what a bug carries after a few days of work (≈5 KB of YAML): hypotheses with
 *   predictions and notes, sessions at each level, a timeline, links, two short snippets;
 * - `snippets`: the same plus three pasted logs of 4 to 32 KB each (≈60 KB), still inline
 *   (under the 64 KiB attachment threshold).
 * Files are written in the canonical format (stringifyBug) and dated an hour back, as a journal
 * that was committed earlier would be.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringifyBug } from '../src/core/format/format';
import type { Bug, BugId, Hypothesis, HypothesisId, Level, Session, Snippet, SnippetId, Timestamp, TimelineEvent } from '../src/core/model/types';
import { SCHEMA_V1 } from '../src/core/model/types';
import { bugFileName } from '../src/core/model/paths';

export type Profile = 'meta' | 'snippets';

export interface GeneratedJournal {
  readonly dir: string;
  readonly bugs: Bug[];
  readonly files: string[];
  readonly bytes: number;
}

/** A small seeded generator (mulberry32): the same journal on every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS =
  'cache worker lock retry timeout socket queue schema index parser token session thread pool request handler config build deploy proxy certificate header cookie bundle module import export stream buffer encoding migration replica shard leader follower election heartbeat'.split(
    ' ',
  );
const BASE_MS = Date.parse('2025-01-01T09:00:00Z');

export function generateBug(n: number, profile: Profile, random: () => number): Bug {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const words = (count: number): string => Array.from({ length: count }, () => pick(WORDS)).join(' ');
  const at = (minutes: number): Timestamp => new Date(BASE_MS + n * 3_600_000 + Math.round(minutes) * 60_000).toISOString().replace('.000Z', 'Z') as Timestamp;
  const id = `b${String(n).padStart(7, '0')}x${Math.floor(random() * 1e6).toString(36)}` as BugId;
  const level = (1 + Math.floor(random() * 3)) as Level;
  const status = random() < 0.7 ? 'open' : random() < 0.5 ? 'parked' : 'resolved';
  const sessions: Session[] = [];
  let minute = 0;
  for (let l = 1; l <= level; l++) {
    for (let k = 0; k < 3; k++) {
      sessions.push({ level: l as Level, start: at(minute), end: at(minute + 10 + random() * 40) });
      minute += 60;
    }
  }
  const snippets: Snippet[] = [
    {
      id: 's-1' as SnippetId,
      source: 'editor',
      captured: at(5),
      file: `src/${pick(WORDS)}/${pick(WORDS)}.ts`,
      lines: '10-14',
      commit: 'ffced32',
      text: `${words(12)}\n${words(9)}\n`,
    },
    {
      id: 's-2' as SnippetId,
      source: 'terminal',
      captured: at(7),
      command: `npm test -- ${pick(WORDS)}`,
      exitCode: 1,
      text: `FAIL ${words(6)}\n  expected ${words(3)}\n`,
    },
  ];
  if (profile === 'snippets') {
    for (let k = 3; k <= 5; k++)
      snippets.push({ id: `s-${k}` as SnippetId, source: 'debug', captured: at(8 + k), text: logText(4_000 + Math.floor(random() * 28_000), random, pick) });
  }
  const hypotheses: Hypothesis[] = Array.from({ length: 8 }, (_, k): Hypothesis => {
    const resolved = k < 5;
    return {
      id: `h-${k + 1}` as HypothesisId,
      kind: k % 3 === 0 ? 'assumption' : 'hypothesis',
      text: `the ${words(8)}`,
      status: resolved ? (k % 2 ? 'refuted' : 'confirmed') : 'open',
      created: at(10 + k * 20),
      ...(resolved ? { resolved: at(20 + k * 20) } : {}),
      prediction: `if so, ${words(10)}`,
      ...(k % 2 ? { note: words(14) } : {}),
      ...(k === 0 ? { evidence: ['s-1' as SnippetId] } : {}),
    };
  });
  const timeline: TimelineEvent[] = Array.from({ length: 8 }, (_, k): TimelineEvent => ({
    at: at(15 + k * 25),
    kind: k % 4 === 0 ? 'debug-start' : 'attempt',
    text: words(9),
  }));
  const levels = Array.from({ length: level }, (_, k) => ({ level: (k + 1) as Level, at: at(k * 180), ...(k ? { reason: words(8) } : {}) }));
  return {
    schema: SCHEMA_V1,
    id,
    title: `${words(5)} ${n}`,
    status,
    level,
    created: at(0),
    tags: [pick(WORDS), pick(WORDS)],
    levels,
    sessions,
    timebox: { level, minutes: 30 * level },
    hypotheses,
    snippets,
    links: [`https://example.com/issues/${n}`, `https://example.com/pulls/${n + 1}`, `https://docs.example.com/${pick(WORDS)}#${pick(WORDS)}`],
    timeline,
    notes: `${words(30)}\n${words(25)}\n`,
    ...(status === 'resolved' ? { resolution: { layer: 'ours', summary: words(10) } } : {}),
  };
}

function logText(bytes: number, random: () => number, pick: <T>(items: readonly T[]) => T): string {
  const lines: string[] = [];
  let length = 0;
  for (let i = 0; length < bytes; i++) {
    const line = `2025-01-01T09:${String(i % 60).padStart(2, '0')}:00.${String(Math.floor(random() * 1000)).padStart(3, '0')} ${pick(['INFO', 'WARN', 'DEBUG', 'ERROR'])} [${pick(WORDS)}] ${pick(WORDS)} ${pick(WORDS)} ${pick(WORDS)} id=${Math.floor(random() * 1e9)}`;
    lines.push(line);
    length += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

/** Writes `count` bugs of `profile` into `dir` (created), each file dated `ageMs` back. */
export function writeJournal(dir: string, count: number, profile: Profile, ageMs = 60 * 60 * 1000): GeneratedJournal {
  fs.mkdirSync(dir, { recursive: true });
  const random = seeded(count * 7 + (profile === 'meta' ? 1 : 2));
  const bugs: Bug[] = [];
  const files: string[] = [];
  let bytes = 0;
  const dated = (Date.now() - ageMs) / 1000;
  for (let n = 0; n < count; n++) {
    const bug = generateBug(n, profile, random);
    const file = bugFileName(bug.title, bug.id);
    const text = stringifyBug(bug);
    fs.writeFileSync(path.join(dir, file), text);
    fs.utimesSync(path.join(dir, file), dated, dated);
    bugs.push(bug);
    files.push(file);
    bytes += Buffer.byteLength(text);
  }
  return { dir, bugs, files, bytes };
}
