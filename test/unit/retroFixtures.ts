/**
 * Journals for the retro's tests: the demo journal as the CLI loads it, and the edge cases the
 * retro must render well (no bugs, no sessions, hostile text, huge snippets).
 */
import { JournalStore } from '../../src/core/store/journalStore';
import type { Bug, Journal, Timestamp } from '../../src/core/model/types';
import { NodeJournalFileSystem } from '../../src/node/nodeJournalFileSystem';
import { at, bid, DEMO_JOURNAL, hid, makeBug, session, sid, ts } from './helpers';

/** The fixed `now` of the demo retro. */
export const DEMO_NOW = ts('2026-03-01T00:00:00Z');

/** The demo journal, loaded from demo/.bug-levels as the CLI loads it. */
export async function demoJournal(): Promise<Journal> {
  const { bugs, problems } = await new JournalStore(new NodeJournalFileSystem(DEMO_JOURNAL)).load();
  if (problems.length) throw new Error(`the demo journal has problems: ${problems.map((p) => p.message).join('; ')}`);
  return { bugs: bugs.map((loaded) => loaded.bug) };
}

/** A fixed `now` for the hand-made journals: a day after helpers' T0. */
export const NOW: Timestamp = at(24 * 60);

/** Snippet text that would escape a three-backtick fence and carries HTML and math. */
export const HOSTILE_SNIPPET = [
  'before the fence',
  '```',
  '<script>alert("snippet")</script>',
  '$$ x^2 $$ and $inline$',
  '````js',
  'console.log(`template`);',
  '````',
  '<img src=x onerror=alert(1)>',
  '[a link](javascript:alert(1))',
  '| a | table | row |',
  '',
  '    indented four spaces',
].join('\n');

/** Titles with every character that could break a table, a heading or a chart. */
export const TRICKY_TITLES = [
  'a | b\nsecond line | c',
  '[link](http://example.com) and [unclosed',
  '<script>alert(1)</script> $$x^2$$ **bold** `code` ~~gone~~ #1 &amp;',
  'Ünïcödé: 日本語のバグ 🐛 — ça marche',
  'ends with a backslash \\',
  'section: colon; semicolon # hash %% comment\r\nnew line',
];

/** A bug at level 2 whose one snippet is HOSTILE_SNIPPET. */
export function hostileSnippetBug(): Bug {
  return makeBug({
    id: bid('hostile01'),
    title: 'A snippet that fights back',
    level: 2,
    levels: [
      { level: 1, at: at(0) },
      { level: 2, at: at(30), reason: '<b>found</b> it' },
    ],
    sessions: [session(1, 0, 30), session(2, 30, 45)],
    snippets: [{ id: sid('s-1'), source: 'editor', captured: at(20), file: 'src/app (copy).js', lines: '10-12', commit: 'abc1234', text: HOSTILE_SNIPPET }],
  });
}

/** One bug per tricky title, each with a session so each has a row in the chart. */
export function trickyTitleBugs(): Bug[] {
  return TRICKY_TITLES.map((title, index) => makeBug({ id: bid(`tricky0${index}`), title, sessions: [session(1, index * 10, index * 10 + 5)] }));
}

/** A bug with two 10,000-line snippets (one inline, one stored as an attachment) and a 1 MB line. */
export function hugeSnippetBug(): Bug {
  const lines = Array.from({ length: 10_000 }, (_, i) => `line ${i + 1}: worker ${i % 7} said something`);
  return makeBug({
    id: bid('huge0001'),
    title: 'Ten thousand lines of log',
    sessions: [session(1, 0, 20)],
    snippets: [
      { id: sid('s-big'), source: 'file', captured: at(5), file: 'logs/big.log', lines: '1-10000', text: `${lines.join('\n')}\n` },
      { id: sid('s-line'), source: 'clipboard', captured: at(6), text: 'x'.repeat(1_000_000) },
      { id: sid('s-att'), source: 'file', captured: at(7), file: 'logs/big.log', path: 'attachments/huge0001/s-att.txt' },
    ],
  });
}

/** A bug that was written down but never worked on. */
export function noSessionBug(): Bug {
  return makeBug({
    id: bid('idle0001'),
    title: 'Noticed, never worked on',
    hypotheses: [{ id: hid('h-1'), kind: 'hypothesis', text: 'a cache header is missing', status: 'open', created: at(1) }],
  });
}
