import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { updateBugText } from '../../src/core/format/format';
import {
  addHypothesis,
  addLink,
  attachSnippet,
  deleteHypothesis,
  logAttempt,
  promote,
  reopen,
  resolveBug,
  resolveHypothesis,
  setNotes,
  setTimebox,
  setTitle,
} from '../../src/core/model/transitions';
import { JournalStore, StoreError } from '../../src/core/store/journalStore';
import type { Bug, Level } from '../../src/core/model/types';
import { at, bid, DEMO_JOURNAL, hid, sid } from './helpers';
import { MemoryFileSystem } from './memoryFileSystem';
import { editBugText, parseOk } from './formatHelpers';

const edit = editBugText;

/** Lines of `text`, each with its own line break, so CR and a missing final break show. */
function linesOf(text: string): string[] {
  return text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
}

/** The lines only in `before` and the lines only in `after`, in order (a longest-common-subsequence diff). */
function lineDiff(before: readonly string[], after: readonly string[]): { removed: string[]; added: string[] } {
  const common: number[][] = Array.from({ length: before.length + 1 }, () => new Array<number>(after.length + 1).fill(0));
  for (let i = before.length - 1; i >= 0; i--) {
    for (let j = after.length - 1; j >= 0; j--) {
      const row = common[i] as number[];
      row[j] = before[i] === after[j] ? (common[i + 1]?.[j + 1] ?? 0) + 1 : Math.max(common[i + 1]?.[j] ?? 0, row[j + 1] ?? 0);
    }
  }
  const removed: string[] = [];
  const added: string[] = [];
  let i = 0;
  let j = 0;
  while (i < before.length || j < after.length) {
    if (i < before.length && j < after.length && before[i] === after[j]) {
      i++;
      j++;
    } else if (j < after.length && (i >= before.length || (common[i]?.[j + 1] ?? 0) >= (common[i + 1]?.[j] ?? 0))) {
      added.push(after[j++] as string);
    } else {
      removed.push(before[i++] as string);
    }
  }
  return { removed, added };
}

/** Asserts `written` differs from `original` by exactly these removed and added lines; every other line is byte-identical. */
function assertOnlyChanged(original: string, written: string, removed: readonly string[], added: readonly string[]): void {
  assert.deepEqual(lineDiff(linesOf(original), linesOf(written)), { removed: [...removed], added: [...added] });
}

const HAND_FORMATTED = [
  '# Written by hand; the tools must not reformat it.',
  '#   (indented comment text)',
  '',
  'schema: bug-levels/v1',
  'id: bug0001   # the id',
  "title: 'Login fails'",
  'status: open',
  'level: 1',
  'created: 2026-03-01T09:00:00Z',
  'tags: [a, b]',
  'x-owner:   alice   # unknown key, odd spacing',
  '',
  '# --- what we think ---',
  'hypotheses:',
  '-   id: h-1',
  '    text:   "the cookie is dropped"    # quoted, spaced',
  '    status: open',
  '    created: 2026-03-01T09:05:00Z',
  '- {id: h-2, text: flow style item, status: open, created: 2026-03-01T09:06:00Z}',
  '-   id: h-3',
  '    text: the clock is skewed',
  '    status: open',
  '    created: 2026-03-01T09:07:00Z',
  '# after the hypotheses',
  'timebox: {level: 1, minutes: 30}',
  'links:',
  '  - https://example.com/1   # first',
  '',
].join('\n');

describe('minimal-diff writes: an edit rewrites only what changed', () => {
  it('changing the title rewrites the title line and leaves every other line byte-identical', () => {
    const written = edit(HAND_FORMATTED, (bug) => setTitle(bug, 'Login fails after upgrade'));
    assertOnlyChanged(HAND_FORMATTED, written, ["title: 'Login fails'\n"], ["title: 'Login fails after upgrade'\n"]);
    // The changed value keeps the quotes it was written with.
  });

  it('flow lists like [a, b] and comments like `x   # c` keep their spacing when another key changes', () => {
    const written = edit(HAND_FORMATTED, (bug) => promote(bug, 'found it', at(30)));
    assert.ok(written.includes('\ntags: [a, b]\n'));
    assert.ok(written.includes('\nx-owner:   alice   # unknown key, odd spacing\n'));
    assert.ok(written.includes('\nid: bug0001   # the id\n'));
    assert.ok(written.includes('  - https://example.com/1   # first\n'));
  });

  it('the leading comment block and the blank line after it are kept', () => {
    const written = edit(HAND_FORMATTED, (bug) => setTitle(bug, 'New'));
    assert.ok(written.startsWith('# Written by hand; the tools must not reformat it.\n#   (indented comment text)\n\nschema: bug-levels/v1\n'));
  });

  it('appending a hypothesis adds its lines after the last one and touches no other hypothesis', () => {
    const written = edit(HAND_FORMATTED, (bug) => addHypothesis(bug, { id: hid('h-4'), kind: 'hypothesis', text: 'the proxy strips headers' }, at(30)));
    assertOnlyChanged(
      HAND_FORMATTED,
      written,
      [],
      ['- id: h-4\n', '  kind: hypothesis\n', '  text: the proxy strips headers\n', '  status: open\n', '  created: 2026-03-01T09:30:00Z\n'],
    );
    assert.ok(written.indexOf('- id: h-4') < written.indexOf('# after the hypotheses'), 'the new item goes before the comment that follows the list');
  });

  it('resolving the middle hypothesis rewrites that item only; its neighbours keep their hand formatting', () => {
    const written = edit(HAND_FORMATTED, (bug) => resolveHypothesis(bug, { id: hid('h-2'), status: 'refuted' }, at(40)));
    assertOnlyChanged(
      HAND_FORMATTED,
      written,
      ['- {id: h-2, text: flow style item, status: open, created: 2026-03-01T09:06:00Z}\n'],
      ['- { id: h-2, text: flow style item, status: refuted, created: 2026-03-01T09:06:00Z, resolved: 2026-03-01T09:40:00Z }\n'],
    );
  });

  it('deleting a hypothesis removes its lines only', () => {
    const written = edit(HAND_FORMATTED, (bug) => deleteHypothesis(bug, hid('h-1')));
    assertOnlyChanged(
      HAND_FORMATTED,
      written,
      ['-   id: h-1\n', '    text:   "the cookie is dropped"    # quoted, spaced\n', '    status: open\n', '    created: 2026-03-01T09:05:00Z\n'],
      [],
    );
  });

  it('a comment line right before a changed key stays once, above the key', () => {
    const text = HAND_FORMATTED.replace("title: 'Login fails'", "# the title\ntitle: 'Login fails'");
    const written = edit(text, (bug) => setTitle(bug, 'New title'));
    assertOnlyChanged(text, written, ["title: 'Login fails'\n"], ["title: 'New title'\n"]);
    assert.equal(written.split('# the title').length, 2);
    assert.ok(written.includes("# the title\ntitle: 'New title'\n"));
  });

  it("an older file's single timebox: kept byte for byte by other edits, replaced in place by 'timeboxes' on the first timebox change", () => {
    const other = edit(HAND_FORMATTED, (bug) => addLink(bug, 'https://example.com/2'));
    assert.ok(other.includes('# after the hypotheses\ntimebox: {level: 1, minutes: 30}\nlinks:\n'));
    const written = edit(HAND_FORMATTED, (bug) => setTimebox(bug, 45, 2));
    assertOnlyChanged(
      HAND_FORMATTED,
      written,
      ['timebox: {level: 1, minutes: 30}\n'],
      ['timeboxes:\n', '  - { level: 1, minutes: 30 }\n', '  - { level: 2, minutes: 45 }\n'],
    );
    // Where the old key stood, under the comment that was above it.
    assert.ok(written.includes('# after the hypotheses\ntimeboxes:\n  - { level: 1, minutes: 30 }\n  - { level: 2, minutes: 45 }\nlinks:\n'));
    const bug = parseOk(written).bug;
    assert.equal(bug.timebox, undefined);
    assert.deepEqual(bug.timeboxes, [
      { level: 1, minutes: 30 },
      { level: 2, minutes: 45 },
    ]);
    // A second change touches one line of the list.
    const again = edit(written, (b) => setTimebox(b, 20, 1));
    assertOnlyChanged(written, again, ['  - { level: 1, minutes: 30 }\n'], ['  - { level: 1, minutes: 20 }\n']);
  });

  it('a removed key takes its lines but leaves the comment above it', () => {
    const text = `${HAND_FORMATTED.replace('status: open\nlevel: 1', 'status: resolved\nlevel: 1')}# how it was fixed\nresolution:\n  layer: ours\n  summary: fixed\n`;
    const written = edit(text, (bug) => reopen(bug, at(50)));
    assert.ok(written.includes('# how it was fixed\n'));
    assert.ok(!written.includes('resolution:'));
  });

  it('a removed key disappears with its lines, the rest stays', () => {
    const text = `${HAND_FORMATTED.replace('status: open\nlevel: 1', 'status: resolved\nlevel: 1')}resolution:\n  layer: ours   # ours!\n  summary: fixed\n`;
    const written = edit(text, (bug) => reopen(bug, at(50)));
    assertOnlyChanged(
      text,
      written,
      ['status: resolved\n', 'resolution:\n', '  layer: ours   # ours!\n', '  summary: fixed\n'],
      ['status: open\n', 'timeline:\n', '  - { at: 2026-03-01T09:50:00Z, kind: reopened, text: was resolved }\n'],
    );
  });

  it('a new key goes between the existing ones at its canonical place, adding only its lines', () => {
    const written = edit(HAND_FORMATTED, (bug) => setNotes(bug, 'two\nlines\n'));
    assertOnlyChanged(HAND_FORMATTED, written, [], ['notes: |\n', '  two\n', '  lines\n']);
  });

  it('a CRLF file stays CRLF: unchanged lines byte-identical, new lines end in CRLF', () => {
    const crlf = HAND_FORMATTED.replace(/\n/g, '\r\n');
    const written = edit(crlf, (bug) =>
      addLink(addHypothesis(bug, { id: hid('h-4'), kind: 'assumption', text: 'multi\nline' }, at(30)), 'https://example.com/2'),
    );
    assert.equal(written.replace(/\r\n/g, '').includes('\n'), false, 'no bare LF line break');
    assertOnlyChanged(
      crlf,
      written,
      [],
      [
        '- id: h-4\r\n',
        '  kind: assumption\r\n',
        '  text: |-\r\n',
        '    multi\r\n',
        '    line\r\n',
        '  status: open\r\n',
        '  created: 2026-03-01T09:30:00Z\r\n',
        '  - https://example.com/2\r\n',
      ],
    );
  });

  it('a CRLF file keeps CRLF when a changed key is rendered whole', () => {
    const crlf = HAND_FORMATTED.replace(/\n/g, '\r\n');
    const written = edit(crlf, (bug) => promote(bug, 'why', at(10)));
    assert.equal(written.replace(/\r\n/g, '').includes('\n'), false);
    assert.ok(written.includes('\r\nlevels:\r\n  - { level: 2, at: 2026-03-01T09:10:00Z, reason: why }\r\n'));
  });

  it('a file without a final line break still has none after editing its last key', () => {
    const text = HAND_FORMATTED.trimEnd();
    const written = edit(text, (bug) => addLink(bug, 'https://example.com/2'));
    assert.equal(written, `${text}\n  - https://example.com/2`);
  });

  it('a file without a final line break gets its new last key on a new line', () => {
    const text = HAND_FORMATTED.trimEnd();
    const written = edit(text, (bug) => logAttempt(bug, 'restart', at(5)));
    assert.equal(written, `${text}\ntimeline:\n  - { at: 2026-03-01T09:05:00Z, kind: attempt, text: restart }`);
  });

  it('appending to a list at the very end of the file keeps the trailing comments after it', () => {
    const text = `${HAND_FORMATTED}# end of file\n`;
    const written = edit(text, (bug) => addLink(bug, 'https://example.com/2'));
    assert.equal(written, text.replace('# first\n', '# first\n  - https://example.com/2\n'));
  });

  it('comments after a block list (which the parser attaches to the list) are neither lost nor doubled', () => {
    const text = [
      'schema: bug-levels/v1',
      'id: bug0001',
      'title: t',
      'status: open',
      'level: 1',
      'created: 2026-03-01T09:00:00Z',
      'hypotheses:',
      '  - id: h-1',
      '    text: a',
      '    status: open',
      '    created: 2026-03-01T09:00:00Z',
      '    # inside the last item',
      '  # after the last item',
      '# before links',
      'links:',
      '  - https://example.com/1',
      '',
    ].join('\n');
    const written = edit(text, (bug) => addHypothesis(bug, { id: hid('h-2'), kind: 'hypothesis', text: 'b' }, at(1)));
    for (const comment of ['# inside the last item', '# after the last item', '# before links']) assert.equal(written.split(comment).length, 2, comment);
    assertOnlyChanged(
      text,
      written,
      [],
      ['  - id: h-2\n', '    kind: hypothesis\n', '    text: b\n', '    status: open\n', '    created: 2026-03-01T09:01:00Z\n'],
    );
  });

  it('a byte order mark at the start is kept', () => {
    const written = edit(`\uFEFF${HAND_FORMATTED}`, (bug) => setTitle(bug, 'x'));
    assert.ok(written.startsWith('\uFEFF# Written by hand'));
  });

  it('a file written as one flow map cannot be cut into lines, so it is rewritten whole and still reads back right', () => {
    const flow = '{schema: bug-levels/v1, id: bug0001, title: t, status: open, level: 1, created: 2026-03-01T09:00:00Z}\n';
    const written = edit(flow, (bug) => setTitle(bug, 'Flow map file'));
    assert.match(written, /title: Flow map file/);
  });

  it('a snippet with a log is appended without touching the lines above', () => {
    const written = edit(HAND_FORMATTED, (bug) =>
      attachSnippet(bug, { id: sid('s-1'), source: 'terminal', text: 'line 1   \n\tline 2\n# not a comment\n' }, at(3)),
    );
    assertOnlyChanged(
      HAND_FORMATTED,
      written,
      [],
      [
        'snippets:\n',
        '  - id: s-1\n',
        '    source: terminal\n',
        '    captured: 2026-03-01T09:03:00Z\n',
        '    text: |\n',
        '      line 1   \n',
        '      \tline 2\n',
        '      # not a comment\n',
      ],
    );
  });

  it('no comment is lost or doubled by any of these edits, wherever it sits', () => {
    const text = [
      '# c1 file header',
      '',
      'schema: bug-levels/v1   # c2 inline',
      'id: bug0001',
      '# c3 between keys',
      'title: t',
      'status: open',
      'level: 1',
      'created: 2026-03-01T09:00:00Z',
      'tags: [a]  # c4 after flow',
      'levels:',
      '  # c5 before the first item',
      '  - { level: 1, at: 2026-03-01T09:00:00Z }  # c6',
      '  # c7 after the last item',
      '# c8 before hypotheses',
      'hypotheses:',
      '  - id: h-1',
      '    # c9 inside an item',
      '    text: a',
      '    status: open',
      '    created: 2026-03-01T09:00:00Z',
      '    # c10 at the end of an item',
      '  # c11 between items',
      '  - id: h-2',
      '    text: b # c12',
      '    status: open',
      '    created: 2026-03-01T09:00:00Z',
      '',
      '# c13 before links',
      'links:',
      '  - https://example.com/1',
      '# c14 at the end',
      '',
    ].join('\n');
    const comments = (value: string): string[] => (value.match(/# c\d+[^\n]*/g) ?? []).sort();
    const edits: Array<[string, (bug: Bug) => Bug]> = [
      ['add a hypothesis', (bug) => addHypothesis(bug, { id: hid('h-3'), kind: 'hypothesis', text: 'c' }, at(1))],
      ['resolve the first hypothesis', (bug) => resolveHypothesis(bug, { id: hid('h-1'), status: 'confirmed' }, at(2))],
      ['resolve the last hypothesis', (bug) => resolveHypothesis(bug, { id: hid('h-2'), status: 'refuted' }, at(2))],
      ['promote', (bug) => promote(bug, 'why', at(3))],
      ['add a link', (bug) => addLink(bug, 'https://example.com/2')],
      ['log an attempt', (bug) => logAttempt(bug, 'x', at(4))],
      ['rename', (bug) => setTitle(bug, 'renamed')],
      ['set the timebox', (bug) => setTimebox(bug, 30)],
      ['attach a snippet', (bug) => attachSnippet(bug, { id: sid('s-1'), source: 'clipboard', text: 'x\n' }, at(5))],
    ];
    for (const [what, change] of edits) {
      assert.deepEqual(comments(edit(text, change)), comments(text), what);
    }
  });

  it('an edit whose result would not load back is refused, in the store too: nothing is written', async () => {
    const parsed = parseOk(HAND_FORMATTED);
    const broken = { ...parsed.bug, level: 7 as Level };
    assert.throws(() => updateBugText(parsed, broken), /could not be written as YAML that reads back the same/);
    const memory = new MemoryFileSystem();
    memory.put('a.yaml', HAND_FORMATTED);
    const store = new JournalStore(memory);
    await store.load();
    await assert.rejects(
      store.update(bid('bug0001'), () => broken),
      (error: unknown) => error instanceof StoreError && error.code === 'unwritable',
    );
    assert.equal(new TextDecoder().decode(await memory.read('a.yaml')), HAND_FORMATTED);
    assert.equal(memory.writes.includes('a.yaml'), false);
  });

  for (const name of fs.readdirSync(DEMO_JOURNAL).filter((file) => file.endsWith('.yaml'))) {
    it(`the demo file ${name}: each edit touches only the lines of what it changed`, () => {
      const text = fs.readFileSync(path.join(DEMO_JOURNAL, name), 'utf8');
      const edits: Array<(bug: Bug) => Bug> = [
        (bug) => logAttempt(bug, 'one more try', at(100)),
        (bug) => addLink(bug, 'https://example.com/new'),
        (bug) => setTitle(bug, `${bug.title} (renamed)`),
        (bug) => addHypothesis(bug, { id: hid('h-new'), kind: 'assumption', text: 'the cache is shared' }, at(101)),
        (bug) => resolveBug(bug, { layer: 'upstream', summary: 'fixed upstream' }, at(102)),
      ];
      for (const change of edits) {
        const written = edit(text, change);
        const kept = linesOf(written);
        const lost = linesOf(text).filter((line) => !kept.includes(line));
        // Appends lose nothing; a rename or resolve replaces its one title or status line.
        assert.ok(lost.every((line) => /^(title|status): /.test(line)) && lost.length <= 1, `lost: ${JSON.stringify(lost)}`);
      }
    });
  }
});
