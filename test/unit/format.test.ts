import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_BUG_FILE_BYTES, parseBug, parseBugBytes, stringifyBug, updateBugText } from '../../src/core/format/format';
import {
  addHypothesis,
  addLink,
  attachSnippet,
  deleteHypothesis,
  park,
  promote,
  reopen,
  resolveBug,
  resolveHypothesis,
  setNotes,
  setTimebox,
} from '../../src/core/model/transitions';
import { secondsByLevel } from '../../src/core/model/timeAccounting';
import { DEFAULT_TIMEBOX_MINUTES, timeboxMinutes } from '../../src/core/model/timebox';
import type { ProblemCode } from '../../src/core/format/problems';
import { formatProblem } from '../../src/core/format/problems';
import { editBugText, parseOk } from './formatHelpers';
import type { Bug } from '../../src/core/model/types';
import { at, DEMO_JOURNAL, fullBug, hid, makeBug, MINIMAL_BUG_TEXT, sid, T0, TRICKY_TEXT, ts } from './helpers';

/** Parses text that must be a valid bug and returns the result. */

/** stringify -> parse: the bug that comes back. */
function roundTrip(bug: Bug): Bug {
  return parseOk(stringifyBug(bug)).bug;
}

/** A bug with one snippet holding `text` (and the same text as its notes). */
function bugWithText(text: string): Bug {
  return makeBug({
    snippets: [{ id: sid('s-1'), source: 'clipboard', captured: T0, text }],
    ...(text.trim() ? { notes: text } : {}),
  });
}

describe('file format v1', () => {
  describe('round trip: parse -> stringify -> parse', () => {
    const demoFiles = fs.readdirSync(DEMO_JOURNAL).filter((name) => name.endsWith('.yaml'));

    it('the demo journal has the four demo bugs', () => {
      assert.equal(demoFiles.length, 4);
    });

    for (const name of demoFiles) {
      it(`the demo file ${name} parses without problems and comes back equal`, () => {
        const first = parseOk(fs.readFileSync(path.join(DEMO_JOURNAL, name), 'utf8'), name);
        assert.deepEqual(first.problems, []);
        assert.equal(first.readOnly, false);
        assert.deepEqual(roundTrip(first.bug), first.bug);
      });
    }

    it('a bug with every optional field comes back equal', () => {
      const bug = fullBug();
      assert.deepEqual(roundTrip(bug), bug);
    });

    it('multi-line snippet text with trailing spaces, CRLF, tabs, backticks, --- and unicode is byte-identical', () => {
      const back = roundTrip(fullBug());
      assert.ok(Buffer.from(back.snippets[0]?.text ?? '').equals(Buffer.from(TRICKY_TEXT)));
      assert.equal(back.notes, fullBug().notes);
    });

    it('a 200 KB line is byte-identical after the round trip and is not folded', () => {
      const line = 'word: value # not a comment \t'.repeat(7200);
      assert.ok(Buffer.byteLength(line) > 200 * 1024);
      const text = `${line}\nsecond line\n`;
      const written = stringifyBug(bugWithText(text));
      const back = parseOk(written).bug;
      assert.ok(Buffer.from(back.snippets[0]?.text ?? '').equals(Buffer.from(text)));
      assert.equal(back.notes, text);
    });

    const awkward: Array<[string, string]> = [
      ['text without a final newline', 'no newline at the end'],
      ['text with leading blank lines and several final newlines', '\n\nstarts blank\n\n\n'],
      ['only trailing spaces', 'trailing   '],
      ['a lone space', ' '],
      ['the empty string', ''],
      ['leading indentation on the first line', '    indented first\nsecond\n'],
      ['a lone carriage return at the end', 'ends with CR\r'],
      ['YAML-looking words', 'null'],
      ['a number-looking string', '0x1F'],
      ['a boolean-looking string', 'true'],
      ['a tilde', '~'],
      ['quotes of both kinds', `"double" and 'single'`],
      ['a document end marker', '...\n---\n'],
      ['unicode line separators and NEL', 'a\u2028b\u2029c\u0085d\n'],
      ['control characters', 'bell\u0007 nul\u0000 esc\u001b[31m\n'],
      ['a byte order mark inside', '\ufeffBOM first\n'],
      ['emoji and right-to-left text', '🐛 שלום مرحبا\n'],
    ];
    for (const [what, text] of awkward) {
      it(`snippet text with ${what} is byte-identical after the round trip`, () => {
        const back = roundTrip(bugWithText(text));
        assert.equal(back.snippets[0]?.text, text);
        if (text.trim()) assert.equal(back.notes, text);
      });
    }

    it('titles, reasons and tags that look like YAML syntax come back as the same strings', () => {
      const bug = makeBug({
        title: '- [not]: a {list} # or comment & *alias !tag %directive @at `tick`',
        tags: ['yes', 'no', 'null', '1.0', '2026-03-01', ''],
        levels: [{ level: 1, at: T0, reason: 'key: value' }],
        links: ['https://example.com/a#b?c=d&e=f'],
      });
      assert.deepEqual(roundTrip(bug), bug);
    });

    it('a file saved with CRLF line endings loads the same bug as with LF', () => {
      const lf = `${MINIMAL_BUG_TEXT}notes: |\n  first\n  second\n`;
      assert.deepEqual(parseOk(lf.replace(/\n/g, '\r\n')).bug, parseOk(lf).bug);
    });

    it('a file starting with a UTF-8 byte order mark loads', () => {
      const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(MINIMAL_BUG_TEXT)]);
      const result = parseBugBytes(bytes, 'bom.yaml');
      assert.ok(result.ok);
      assert.equal(result.bug.title, 'Minimal bug');
    });
  });

  describe('stringifyBug', () => {
    it('writes stable key order and block style, with one-line entries for history, sessions, timebox and timeline', () => {
      // Keys deliberately inserted in reverse order: the output order must not depend on it.
      const bug = {
        resolution: { link: 'https://e.com/r', summary: 'fixed it', layer: 'ours' },
        notes: 'two\nlines\n',
        timeline: [{ text: 'tried X', kind: 'attempt', at: at(15) }],
        links: ['https://e.com/1'],
        snippets: [{ text: 'line 1\nline 2\n', captured: at(10), source: 'terminal', id: 's-1', command: 'make', exitCode: 2 }],
        hypotheses: [{ evidence: ['s-1'], resolved: at(20), created: at(5), status: 'confirmed', text: 'make fails', kind: 'hypothesis', id: 'h-1' }],
        timebox: { minutes: 45, level: 2 },
        sessions: [{ end: at(30), start: T0, level: 1 }],
        levels: [
          { at: T0, level: 1 },
          { reason: 'found it', at: at(30), level: 2 },
        ],
        tags: ['build'],
        created: T0,
        level: 2,
        status: 'resolved',
        title: 'Build fails',
        id: 'bug0001',
        schema: 'bug-levels/v1',
      } as unknown as Bug;
      assert.equal(
        stringifyBug(bug),
        [
          'schema: bug-levels/v1',
          'id: bug0001',
          'title: Build fails',
          'status: resolved',
          'level: 2',
          'created: 2026-03-01T09:00:00Z',
          'tags: [ build ]',
          'levels:',
          '  - { level: 1, at: 2026-03-01T09:00:00Z }',
          '  - { level: 2, at: 2026-03-01T09:30:00Z, reason: found it }',
          'sessions:',
          '  - { level: 1, start: 2026-03-01T09:00:00Z, end: 2026-03-01T09:30:00Z }',
          'timebox: { level: 2, minutes: 45 }',
          'hypotheses:',
          '  - id: h-1',
          '    kind: hypothesis',
          '    text: make fails',
          '    status: confirmed',
          '    created: 2026-03-01T09:05:00Z',
          '    resolved: 2026-03-01T09:20:00Z',
          '    evidence: [ s-1 ]',
          'snippets:',
          '  - id: s-1',
          '    source: terminal',
          '    command: make',
          '    exitCode: 2',
          '    captured: 2026-03-01T09:10:00Z',
          '    text: |',
          '      line 1',
          '      line 2',
          'links:',
          '  - https://e.com/1',
          'timeline:',
          '  - { at: 2026-03-01T09:15:00Z, kind: attempt, text: tried X }',
          'notes: |',
          '  two',
          '  lines',
          'resolution:',
          '  layer: ours',
          '  summary: fixed it',
          '  link: https://e.com/r',
          '',
        ].join('\n'),
      );
    });

    it('writes timeboxes per level as a block list of one-line entries, in the order they were set', () => {
      const text = stringifyBug(setTimebox(setTimebox(makeBug(), 90, 3), 20, 1));
      assert.ok(text.includes('\ntimeboxes:\n  - { level: 3, minutes: 90 }\n  - { level: 1, minutes: 20 }\n'), text);
      assert.deepEqual(roundTrip(parseOk(text).bug).timeboxes, [
        { level: 3, minutes: 90 },
        { level: 1, minutes: 20 },
      ]);
    });

    it('leaves empty lists and unset optional fields out', () => {
      const bug = { ...makeBug(), levels: [] };
      assert.equal(stringifyBug(bug), MINIMAL_BUG_TEXT.replace('Minimal bug', 'A bug'));
    });

    it('is stable: writing what was read gives the same text again', () => {
      const once = stringifyBug(fullBug());
      assert.equal(stringifyBug(parseOk(once).bug), once);
    });

    it('never writes anchors or aliases, even when two values are the same object', () => {
      const shared = { level: 1 as const, start: T0, end: at(10) };
      const text = stringifyBug(makeBug({ sessions: [shared, shared] }));
      assert.ok(!/[&*]\w/.test(text), text);
      assert.equal(parseOk(text).bug.sessions.length, 2);
    });
  });

  describe('updateBugText on a hand-edited file', () => {
    const HAND_EDITED = [
      '# Hand-edited bug file: comments must survive.',
      'schema: bug-levels/v1',
      'id: bug0001 # authoritative id',
      'title: Login fails after upgrade',
      'status: open',
      'level: 1',
      'created: 2026-03-01T09:00:00Z',
      'owner: alice # an unknown key someone added',
      'tags: [ auth, upgrade ] # tags comment',
      'hypotheses:',
      '  # the first guess',
      '  - id: h-1',
      '    kind: hypothesis',
      '    text: "the session cookie is dropped" # quoted on purpose',
      '    status: open',
      '    created: 2026-03-01T09:05:00Z',
      '  # the middle one',
      '  - id: h-2',
      '    kind: assumption',
      '    text: the config is reloaded on upgrade',
      '    status: open',
      '    created: 2026-03-01T09:06:00Z',
      '    reviewer: bob # unknown key inside a hypothesis',
      '  # the last one',
      '  - id: h-3',
      '    kind: hypothesis',
      '    text: the clock is skewed',
      '    status: open',
      '    created: 2026-03-01T09:07:00Z',
      'links:',
      '  - https://example.com/issue/1 # upstream issue',
      '',
      '# end of file comment',
      '',
    ].join('\n');
    const COMMENTS = HAND_EDITED.split('\n')
      .filter((line) => line.includes('#'))
      .map((line) => line.slice(line.indexOf('#')));

    const edit = editBugText;

    it('the hand-edited fixture loads, with a warning for each unknown key', () => {
      const parsed = parseOk(HAND_EDITED);
      assert.deepEqual(
        parsed.problems.map((p) => [p.line, p.column, p.code, p.severity]),
        [
          [8, 1, 'unknown-key', 'warning'],
          [23, 5, 'unknown-key', 'warning'],
        ],
      );
    });

    it('a bug that did not change is written back byte for byte', () => {
      assert.equal(
        edit(HAND_EDITED, (bug) => bug),
        HAND_EDITED,
      );
    });

    it('does not change the parsed document it is given', () => {
      const parsed = parseOk(HAND_EDITED);
      updateBugText(parsed, addLink(parsed.bug, 'https://example.com/2'));
      assert.equal(parsed.document.toString({ lineWidth: 0 }).includes('https://example.com/2'), false);
    });

    it('resolving a hypothesis rewrites only that hypothesis: every comment, unknown key and quote survives', () => {
      const written = edit(HAND_EDITED, (bug) => resolveHypothesis(bug, { id: hid('h-2'), status: 'refuted', note: 'reloaded only on restart' }, at(60)));
      assert.equal(
        written,
        HAND_EDITED.replace(
          '    status: open\n    created: 2026-03-01T09:06:00Z\n',
          '    status: refuted\n    created: 2026-03-01T09:06:00Z\n    resolved: 2026-03-01T10:00:00Z\n    note: reloaded only on restart\n',
        ),
      );
      for (const comment of COMMENTS) assert.ok(written.includes(comment), `comment kept: ${comment}`);
    });

    it('deleting the middle hypothesis keeps the other hypotheses with their comments', () => {
      const written = edit(HAND_EDITED, (bug) => deleteHypothesis(bug, hid('h-2')));
      const middle = [
        '  # the middle one',
        '  - id: h-2',
        '    kind: assumption',
        '    text: the config is reloaded on upgrade',
        '    status: open',
        '    created: 2026-03-01T09:06:00Z',
        '    reviewer: bob # unknown key inside a hypothesis',
        '',
      ].join('\n');
      assert.ok(HAND_EDITED.includes(middle));
      assert.equal(written, HAND_EDITED.replace(middle, ''));
    });

    it('appending a hypothesis and a link adds them at the end of their lists and touches nothing else', () => {
      const written = edit(HAND_EDITED, (bug) =>
        addLink(addHypothesis(bug, { id: hid('h-4'), kind: 'hypothesis', text: 'the proxy strips headers' }, at(30)), 'https://example.com/issue/2'),
      );
      assert.equal(
        written,
        HAND_EDITED.replace(
          '    created: 2026-03-01T09:07:00Z\n',
          '    created: 2026-03-01T09:07:00Z\n  - id: h-4\n    kind: hypothesis\n    text: the proxy strips headers\n    status: open\n    created: 2026-03-01T09:30:00Z\n',
        ).replace('upstream issue\n', 'upstream issue\n  - https://example.com/issue/2\n'),
      );
    });

    it('a new key goes to its place in the canonical order, after the known keys before it, even past an unknown key', () => {
      const written = edit(HAND_EDITED, (bug) => promote(bug, 'found the wrong assumption', at(45)));
      assert.equal(
        written,
        HAND_EDITED.replace('level: 1\n', 'level: 2\n').replace(
          '# tags comment\n',
          '# tags comment\nlevels:\n  - { level: 2, at: 2026-03-01T09:45:00Z, reason: found the wrong assumption }\n',
        ),
      );
    });

    it('a changed scalar keeps its key and position; setting notes adds a literal block', () => {
      const written = edit(HAND_EDITED, (bug) => setNotes({ ...bug, title: 'Login fails after the 2.0 upgrade' }, 'line one\nline two\n'));
      assert.equal(
        written,
        HAND_EDITED.replace('title: Login fails after upgrade\n', 'title: Login fails after the 2.0 upgrade\n').replace(
          'upstream issue\n',
          'upstream issue\nnotes: |\n  line one\n  line two\n',
        ),
      );
    });

    it('items added to a hand-written empty list are written in block style, not squeezed onto one line', () => {
      const text = `${MINIMAL_BUG_TEXT}tags: []\nhypotheses: []\nsnippets: []\nlinks: []\n`;
      const written = edit(text, (bug) =>
        addLink(
          attachSnippet(
            addHypothesis(bug, { id: hid('h-1'), kind: 'hypothesis', text: 'one' }, at(1)),
            { id: sid('s-1'), source: 'terminal', text: 'a\nb\n' },
            at(2),
          ),
          'https://example.com/x',
        ),
      );
      assert.equal(
        written,
        [
          MINIMAL_BUG_TEXT.trimEnd(),
          'tags: []',
          'hypotheses:',
          '  - id: h-1',
          '    kind: hypothesis',
          '    text: one',
          '    status: open',
          '    created: 2026-03-01T09:01:00Z',
          'snippets:',
          '  - id: s-1',
          '    source: terminal',
          '    captured: 2026-03-01T09:02:00Z',
          '    text: |',
          '      a',
          '      b',
          'links:',
          '  - https://example.com/x',
          '',
        ].join('\n'),
      );
    });

    it('comments survive an edit even where spacing was written by hand in another style', () => {
      const text = [
        'schema: bug-levels/v1   # schema comment',
        'id: bug0001',
        'title: Spacing',
        'status: open',
        'level: 1',
        'created: 2026-03-01T09:00:00Z',
        'tags: [a, b]    # tag comment',
        '# a comment line before links',
        'links:',
        '  - https://example.com/1',
        '',
      ].join('\n');
      const written = edit(text, (bug) => addLink(bug, 'https://example.com/2'));
      for (const comment of ['# schema comment', '# tag comment', '# a comment line before links']) assert.ok(written.includes(comment), comment);
    });

    it('the demo file keeps its quoted strings and comment when a link is added', () => {
      const name = '502-on-first-interview-V1StGXR8Zq.yaml';
      const original = fs.readFileSync(path.join(DEMO_JOURNAL, name), 'utf8');
      const written = edit(original, (bug) => addLink(bug, 'https://example.com/new'));
      assert.ok(written.startsWith("# The essay's bug"));
      assert.ok(written.includes('lines: "2-4"'));
      assert.ok(written.includes('reason: "uwsgi log: worker died right after the pip call"'));
      assert.ok(written.includes('  - https://example.com/new\ntimeline:'));
    });
  });

  describe('validation problems, each at its line and column', () => {
    interface Case {
      readonly name: string;
      readonly text: string;
      readonly expected: ReadonlyArray<readonly [line: number, column: number, code: ProblemCode]>;
      readonly message?: RegExp;
    }
    const base = MINIMAL_BUG_TEXT;
    const hypothesis = (extra: string): string =>
      `${base}hypotheses:\n  - id: h-1\n    text: a guess\n    status: open\n    created: 2026-03-01T09:00:00Z\n${extra}`;
    const cases: Case[] = [
      {
        name: 'a missing required key is reported at the start of the map',
        text: base.replace('title: Minimal bug\n', ''),
        expected: [[1, 1, 'missing-key']],
        message: /Missing required key 'title'/,
      },
      {
        name: 'a required key without a value is reported at the key',
        text: base.replace('title: Minimal bug', 'title:'),
        expected: [[3, 1, 'missing-key']],
        message: /'title' has no value/,
      },
      {
        name: 'a missing key in a list entry is reported at that entry',
        text: `${base}sessions:\n  - { level: 1 }\n`,
        expected: [[8, 5, 'missing-key']],
        message: /'start'/,
      },
      { name: 'a list as the title is the wrong type', text: base.replace('title: Minimal bug', 'title: [a, b]'), expected: [[3, 8, 'wrong-type']] },
      { name: 'a quoted level is the wrong type', text: base.replace('level: 1', 'level: "1"'), expected: [[5, 8, 'wrong-type']] },
      {
        name: 'a number as a tag is the wrong type',
        text: `${base}tags: [a, 12]\n`,
        expected: [[7, 11, 'wrong-type']],
        message: /A tag must be text \(found 12\)/,
      },
      {
        name: 'a scalar where a list belongs is the wrong type',
        text: `${base}tags: yes\n`,
        expected: [[7, 7, 'wrong-type']],
        message: /'tags' must be a list/,
      },
      { name: 'a level out of range is a bad value', text: base.replace('level: 1', 'level: 4'), expected: [[5, 8, 'bad-value']] },
      {
        name: 'a status outside the enum is a bad value',
        text: base.replace('status: open', 'status: closed'),
        expected: [[4, 9, 'bad-value']],
        message: /one of open, parked, resolved \(found 'closed'\)/,
      },
      { name: 'a hypothesis kind outside the enum is a bad value', text: hypothesis('    kind: guess\n'), expected: [[12, 11, 'bad-value']] },
      { name: 'a timebox of 0 minutes is a bad value', text: `${base}timebox: { level: 1, minutes: 0 }\n`, expected: [[7, 31, 'bad-value']] },
      {
        name: 'timeboxes: an entry of 10001 minutes is a bad value',
        text: `${base}timeboxes:\n  - { level: 1, minutes: 20 }\n  - { level: 2, minutes: 10001 }\n`,
        expected: [[9, 26, 'bad-value']],
        message: /'minutes' must be a whole number from 1 to 10000/,
      },
      {
        name: 'timeboxes: level 4 is a bad value',
        text: `${base}timeboxes:\n  - { level: 4, minutes: 20 }\n`,
        expected: [[8, 14, 'bad-value']],
      },
      {
        name: 'timeboxes: a level named twice is reported at the second entry',
        text: `${base}timeboxes:\n  - { level: 2, minutes: 20 }\n  - { level: 2, minutes: 30 }\n`,
        expected: [[9, 5, 'duplicate-id']],
        message: /Two timeboxes for level 2/,
      },
      {
        name: 'timeboxes: a map where the list belongs is the wrong type',
        text: `${base}timeboxes: { level: 1, minutes: 20 }\n`,
        expected: [[7, 12, 'wrong-type']],
        message: /'timeboxes' must be a list/,
      },
      {
        name: 'a word as a timestamp is a bad value',
        text: base.replace('2026-03-01T09:00:00Z', 'yesterday'),
        expected: [[6, 10, 'bad-value']],
        message: /ISO 8601 UTC/,
      },
      {
        name: 'a timestamp without a zone is a bad value',
        text: base.replace('2026-03-01T09:00:00Z', '2026-03-01T09:00:00'),
        expected: [[6, 10, 'bad-value']],
      },
      {
        name: 'an impossible date (February 30) is a bad value',
        text: base.replace('2026-03-01T09:00:00Z', '2026-02-30T09:00:00Z'),
        expected: [[6, 10, 'bad-value']],
      },
      {
        name: 'a bad session end is reported inside its one-line entry',
        text: `${base}sessions:\n  - { level: 1, start: 2026-03-01T09:00:00Z, end: soon }\n`,
        expected: [[8, 51, 'bad-value']],
      },
      { name: 'an id with a space is a bad value', text: base.replace('id: bug0001', 'id: a b'), expected: [[2, 5, 'bad-value']] },
      { name: 'an id shorter than 6 characters is a bad value', text: base.replace('id: bug0001', 'id: abc'), expected: [[2, 5, 'bad-value']] },
      {
        name: 'a duplicate key is reported at the second key',
        text: `${base}title: again\n`,
        expected: [[7, 1, 'duplicate-key']],
        message: /Duplicate key 'title'/,
      },
      {
        name: 'a duplicate hypothesis id is reported at the second hypothesis',
        text: `${hypothesis('')}  - id: h-1\n    text: again\n    status: open\n    created: 2026-03-01T09:00:00Z\n`,
        expected: [[12, 5, 'duplicate-id']],
        message: /^Two hypotheses have the id 'h-1'\.$/,
      },
      {
        name: 'a duplicate snippet id is reported at the second snippet',
        text: `${base}snippets:\n  - { id: s-1, source: editor, captured: 2026-03-01T09:00:00Z, text: a }\n  - { id: s-1, source: editor, captured: 2026-03-01T09:00:00Z, text: b }\n`,
        expected: [[9, 5, 'duplicate-id']],
        message: /^Two snippets have the id 's-1'\.$/,
      },
      {
        name: 'evidence naming no snippet is a bad value at the evidence entry',
        text: hypothesis('    evidence: [s-9]\n'),
        expected: [[12, 16, 'bad-value']],
        message: /Evidence 's-9' names no snippet/,
      },
      {
        name: 'a snippet path climbing out with ../ is unsafe',
        text: `${base}snippets:\n  - id: s-1\n    source: file\n    captured: 2026-03-01T09:00:00Z\n    path: ../x\n`,
        expected: [[11, 11, 'unsafe-path']],
      },
      {
        name: 'an absolute snippet file is unsafe',
        text: `${base}snippets:\n  - id: s-1\n    source: file\n    file: /etc/passwd\n    captured: 2026-03-01T09:00:00Z\n    text: x\n`,
        expected: [[10, 11, 'unsafe-path']],
      },
      {
        name: 'a snippet with neither text nor path is missing a key',
        text: `${base}snippets:\n  - { id: s-1, source: editor, captured: 2026-03-01T09:00:00Z }\n`,
        expected: [[8, 5, 'missing-key']],
      },
      {
        name: 'an unknown schema is an error at its value',
        text: base.replace('schema: bug-levels/v1', 'schema: other-tool/v1'),
        expected: [[1, 9, 'unknown-schema']],
      },
      {
        name: 'a list where the timebox map belongs is the wrong type',
        text: `${base}timebox: [45]\n`,
        expected: [[7, 10, 'wrong-type']],
        message: /must be a map/,
      },
      {
        name: 'a sentence where a hypothesis map belongs is the wrong type',
        text: `${base}hypotheses:\n  - just a sentence\n`,
        expected: [[8, 5, 'wrong-type']],
      },
      { name: 'a list as the whole file is not a map', text: '- a\n- b\n', expected: [[1, 1, 'not-a-map']] },
      { name: 'a number as a key is the wrong type', text: `${base}12: twelve\n`, expected: [[7, 1, 'wrong-type']] },
      {
        name: 'an explicit !!js/function tag is refused',
        text: base.replace('title: Minimal bug', 'title: !!js/function "function () { globalThis.bugLevelsPwned = true }"'),
        expected: [[3, 22, 'explicit-tag']],
      },
      { name: 'a local !custom tag is refused', text: base.replace('title: Minimal bug', 'title: !custom Minimal'), expected: [[3, 16, 'explicit-tag']] },
      { name: 'even a harmless !!int tag is refused', text: base.replace('level: 1', 'level: !!int 1'), expected: [[5, 14, 'explicit-tag']] },
      {
        name: 'an alias *a is refused at the alias',
        text: `${base.replace('title: Minimal bug', 'title: &a Minimal bug')}notes: *a\n`,
        expected: [[7, 8, 'alias']],
      },
      { name: 'an empty file is reported as empty', text: '', expected: [[1, 1, 'empty-file']] },
      { name: 'a file of blank lines is reported as empty', text: '\n  \n\t\n', expected: [[1, 1, 'empty-file']] },
      { name: 'a file with only a comment is reported as empty', text: '# nothing here\n', expected: [[1, 1, 'empty-file']] },
      {
        name: 'a nested mapping on one line is a YAML syntax error',
        text: base.replace('title: Minimal bug', 'title: a: b'),
        expected: [[3, 8, 'yaml-syntax']],
      },
      {
        name: 'text after a closing quote is a YAML syntax error',
        text: base.replace('title: Minimal bug', 'title: "a" b'),
        expected: [[3, 12, 'yaml-syntax']],
      },
      { name: 'a tab as indentation is a YAML syntax error', text: base.replace('status: open', '\tstatus: open'), expected: [[4, 1, 'yaml-syntax']] },
      // Rules between fields (issue 13): the contradictions only the writer can settle.
      {
        name: 'a session that ends before it starts is refused at its end',
        text: `${base}levels:\n  - { level: 1, at: 2026-03-01T09:00:00Z }\nsessions:\n  - { level: 1, start: 2026-03-01T10:00:00Z, end: 2026-03-01T09:30:00Z }\n`,
        expected: [[10, 51, 'session-end-before-start']],
        message: /ends \(2026-03-01T09:30:00Z\) before it starts \(2026-03-01T10:00:00Z\)/,
      },
      {
        name: 'a backwards session is refused without a level history too, in block style at its end',
        text: `${base}sessions:\n  - level: 1\n    start: 2026-03-01T10:00:00Z\n    end: 2026-03-01T09:59:59Z\n`,
        expected: [[10, 10, 'session-end-before-start']],
      },
      {
        name: 'a level-1 session in a bug created at level 2 (history starting at 2) is refused at its level',
        text: `${base.replace('level: 1', 'level: 2')}levels:\n  - { level: 2, at: 2026-03-01T09:00:00Z }\nsessions:\n  - { level: 1, start: 2026-03-01T09:10:00Z, end: 2026-03-01T09:40:00Z }\n`,
        expected: [[10, 14, 'level-never-reached']],
        message: /at level 1, a level the history \('levels'\) never reaches \(only 2\)/,
      },
      {
        name: 'a level-2 session in a bug that jumped from 1 to 3 is refused',
        text: `${base.replace('level: 1', 'level: 3')}levels:\n  - { level: 1, at: 2026-03-01T09:00:00Z }\n  - { level: 3, at: 2026-03-01T10:00:00Z }\nsessions:\n  - { level: 2, start: 2026-03-01T10:10:00Z, end: 2026-03-01T10:40:00Z }\n`,
        expected: [[11, 14, 'level-never-reached']],
      },
      {
        name: 'level 3 with a level history that stops at 1 is refused at the level',
        text: `${base.replace('level: 1', 'level: 3')}levels:\n  - { level: 1, at: 2026-03-01T09:00:00Z }\n`,
        expected: [[5, 8, 'level-history-mismatch']],
        message: /'level' is 3 but the level history \('levels'\) ends at level 1/,
      },
      {
        name: 'a level history that went back down to 1 disagrees with level 2',
        text: `${base.replace('level: 1', 'level: 2')}levels:\n  - { level: 1, at: 2026-03-01T09:00:00Z }\n  - { level: 2, at: 2026-03-01T10:00:00Z }\n  - { level: 1, at: 2026-03-01T11:00:00Z }\n`,
        expected: [[5, 8, 'level-history-mismatch']],
      },
      {
        name: 'an open bug with a resolution is refused at the resolution',
        text: `${base}resolution:\n  layer: upstream\n  summary: fixed in uwsgi 2.0.20\n`,
        expected: [[7, 1, 'resolution-not-resolved']],
        message: /The bug is open but has a 'resolution'/,
      },
      {
        name: 'a parked bug with a resolution is refused at the resolution',
        text: `${base.replace('status: open', 'status: parked')}resolution: { layer: ours, summary: reverted }\n`,
        expected: [[7, 1, 'resolution-not-resolved']],
      },
    ];

    for (const { name, text, expected, message } of cases) {
      it(`${name} (${expected.map(([l, c, code]) => `${l}:${c} ${code}`).join(', ')})`, () => {
        const result = parseBug(text, 'case.yaml');
        assert.equal(result.ok, false, 'the file does not load');
        const errors = result.problems.filter((p) => p.severity === 'error');
        assert.deepEqual(
          errors.map((p) => [p.line, p.column, p.code]),
          expected,
        );
        for (const problem of result.problems) assert.equal(problem.file, 'case.yaml');
        if (message) assert.match(errors[0]?.message ?? '', message);
      });
    }

    it('YAML syntax errors carry the yaml library code', () => {
      const codes = [
        [base.replace('title: Minimal bug', 'title: a: b'), 'BLOCK_AS_IMPLICIT_KEY'],
        [base.replace('title: Minimal bug', 'title: "a" b'), 'UNEXPECTED_TOKEN'],
        [base.replace('status: open', '\tstatus: open'), 'TAB_AS_INDENT'],
        [`${base}---\nschema: again\n`, 'MULTIPLE_DOCS'],
      ] as const;
      for (const [text, yamlCode] of codes) {
        const result = parseBug(text, 'syntax.yaml');
        assert.equal(result.ok, false);
        assert.equal(result.problems[0]?.code, 'yaml-syntax');
        assert.equal(result.problems[0]?.yamlCode, yamlCode);
      }
    });

    it('a problem prints as file:line:col: message, warnings marked', () => {
      const [error] = parseBug(base.replace('status: open', 'status: closed'), '.bug-levels/x.yaml').problems;
      assert.ok(error);
      assert.equal(formatProblem(error), ".bug-levels/x.yaml:4:9: 'status' must be one of open, parked, resolved (found 'closed').");
      const [warning] = parseOk(`${base}foo: 1\n`, '.bug-levels/y.yaml').problems;
      assert.ok(warning);
      assert.equal(formatProblem(warning), ".bug-levels/y.yaml:7:1: warning: Unknown key 'foo' in the bug; it is kept as is but not used.");
    });

    it('an explicit !!js/function tag runs nothing', () => {
      const text = base.replace('title: Minimal bug', 'title: !!js/function "function () { globalThis.bugLevelsPwned = true; return 1 }"');
      parseBug(text, 'tag.yaml');
      assert.equal((globalThis as Record<string, unknown>).bugLevelsPwned, undefined);
    });

    it('an alias bomb is refused at once', () => {
      const lines = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
      for (let i = 1; i < 10; i++)
        lines.push(
          `a${i}: &a${i} [${Array(10)
            .fill(`*a${i - 1}`)
            .join(', ')}]`,
        );
      const result = parseBug(`${base}${lines.join('\n')}\n`, 'bomb.yaml');
      assert.equal(result.ok, false);
      assert.ok(result.problems.some((p) => p.code === 'alias'));
    });

    it('a newer schema loads read-only, with a warning at the schema value', () => {
      const result = parseOk(base.replace('schema: bug-levels/v1', 'schema: bug-levels/v2'));
      assert.equal(result.readOnly, true);
      assert.deepEqual(
        result.problems.map((p) => [p.line, p.column, p.code, p.severity]),
        [[1, 9, 'newer-schema', 'warning']],
      );
      assert.equal(result.bug.title, 'Minimal bug');
    });

    it("an older file's single timebox loads and means what it meant: the box of its one level", () => {
      const old = parseOk(`${base.replace('level: 1', 'level: 2')}timebox: { level: 2, minutes: 45 }\n`);
      assert.deepEqual(old.problems, []);
      assert.deepEqual(old.bug.timebox, { level: 2, minutes: 45 });
      assert.equal(old.bug.timeboxes, undefined);
      assert.equal(timeboxMinutes(old.bug, 2, DEFAULT_TIMEBOX_MINUTES), 45);
      assert.equal(timeboxMinutes(old.bug, 1, DEFAULT_TIMEBOX_MINUTES), 30, 'other levels keep the default');
      // A box for a level the bug has left still means that level, as before.
      const left = parseOk(`${base.replace('level: 1', 'level: 2')}timebox: { level: 1, minutes: 5 }\n`).bug;
      assert.equal(timeboxMinutes(left, 2, DEFAULT_TIMEBOX_MINUTES), 60);
    });

    it("'timebox' beside 'timeboxes' (a hand merge): the 'timeboxes' entry counts, with a warning where they disagree", () => {
      const result = parseOk(`${base}timebox: { level: 1, minutes: 45 }\ntimeboxes:\n  - { level: 1, minutes: 20 }\n  - { level: 2, minutes: 50 }\n`);
      assert.deepEqual(
        result.problems.map((p) => [p.line, p.column, p.code, p.severity]),
        [[7, 1, 'duplicate-key', 'warning']],
      );
      assert.match(result.problems[0]?.message ?? '', /the 'timeboxes' entry \(20 min\) counts, not 45 min/);
      assert.equal(timeboxMinutes(result.bug, 1, DEFAULT_TIMEBOX_MINUTES), 20);
      assert.equal(timeboxMinutes(result.bug, 2, DEFAULT_TIMEBOX_MINUTES), 50);
      // For a level only 'timebox' names, it still counts.
      const other = parseOk(`${base}timebox: { level: 3, minutes: 45 }\ntimeboxes:\n  - { level: 1, minutes: 20 }\n`);
      assert.deepEqual(other.problems, []);
      assert.equal(timeboxMinutes(other.bug, 3, DEFAULT_TIMEBOX_MINUTES), 45);
    });

    it('an unknown key is a warning, not an error, and the bug loads', () => {
      const result = parseOk(`${base}reviewer: alice\n`);
      assert.equal(result.readOnly, false);
      assert.deepEqual(
        result.problems.map((p) => [p.line, p.column, p.code, p.severity]),
        [[7, 1, 'unknown-key', 'warning']],
      );
      assert.ok(!('reviewer' in result.bug));
    });

    it('a __proto__ key (at the top or in a hypothesis) pollutes no prototype and is kept in the file', () => {
      const text = hypothesis('    __proto__: { polluted: true }\n').replace('hypotheses:', '__proto__: { polluted: true }\nhypotheses:');
      const result = parseOk(text);
      assert.deepEqual(
        result.problems.map((p) => [p.line, p.column, p.code, p.severity]),
        [
          [7, 1, 'unknown-key', 'warning'],
          [13, 5, 'unknown-key', 'warning'],
        ],
      );
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
      assert.equal(Object.getPrototypeOf(result.bug), Object.prototype);
      assert.equal(Object.getPrototypeOf(result.bug.hypotheses[0]), Object.prototype);
      assert.equal((result.bug as unknown as Record<string, unknown>).polluted, undefined);
      const written = updateBugText(result, addLink(result.bug, 'https://example.com'));
      assert.equal(written.split('__proto__: { polluted: true }').length, 3, 'both unknown keys are kept');
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });
  });

  describe('rules between fields that load with a warning saying what is not counted (issue 13)', () => {
    const base = MINIMAL_BUG_TEXT;
    const history = 'levels:\n  - { level: 1, at: 2026-03-01T09:00:00Z }\n';
    const problemsOf = (text: string): Array<[number, number, ProblemCode, string]> =>
      parseOk(text).problems.map((p) => [p.line, p.column, p.code, p.severity] as [number, number, ProblemCode, string]);

    it('a session without an end loads with a warning at the session, and none of its time is counted', () => {
      const text = `${base}${history}sessions:\n  - { level: 1, start: 2026-03-01T09:00:00Z, end: 2026-03-01T09:30:00Z }\n  - { level: 1, start: 2026-03-01T10:00:00Z }\n`;
      const result = parseOk(text);
      assert.deepEqual(problemsOf(text), [[11, 5, 'open-session', 'warning']]);
      assert.match(result.problems[0]?.message ?? '', /has no 'end': none of its time is counted/);
      assert.deepEqual(result.bug.sessions[1], { level: 1, start: '2026-03-01T10:00:00Z' }, 'kept in the bug, so an edit keeps it in the file');
      assert.deepEqual(secondsByLevel(result.bug, ts('2026-12-08T10:00:00Z')), { 1: 30 * 60, 2: 0, 3: 0 });
    });

    it('an `end:` without a value is a session without an end', () => {
      assert.deepEqual(problemsOf(`${base}sessions:\n  - level: 1\n    start: 2026-03-01T09:00:00Z\n    end:\n`), [[8, 5, 'open-session', 'warning']]);
    });

    it('overlapping sessions of one bug load with a warning at the later start; the shared time is counted once', () => {
      const text = `${base}${history}sessions:\n  - { level: 1, start: 2026-03-01T09:00:00Z, end: 2026-03-01T10:00:00Z }\n  - { level: 1, start: 2026-03-01T09:30:00Z, end: 2026-03-01T10:30:00Z }\n  - { level: 1, start: 2026-03-01T09:40:00Z, end: 2026-03-01T09:50:00Z }\n`;
      const result = parseOk(text);
      assert.deepEqual(problemsOf(text), [
        [11, 24, 'overlapping-sessions', 'warning'],
        [12, 24, 'overlapping-sessions', 'warning'],
      ]);
      assert.match(
        result.problems[0]?.message ?? '',
        /overlaps the session from 2026-03-01T09:00:00Z to 2026-03-01T10:00:00Z \(level 1\): the time both cover is counted once/,
      );
      assert.equal(secondsByLevel(result.bug, ts('2026-03-02T00:00:00Z'))[1], 90 * 60);
    });

    it('two windows on one bug: a level-1 session still running after the other window promoted the bug warns, and the time counts once', () => {
      const text = `${base.replace('level: 1', 'level: 2')}${history}  - { level: 2, at: 2026-03-01T09:20:00Z }\nsessions:\n  - { level: 1, start: 2026-03-01T09:00:00Z, end: 2026-03-01T09:20:00Z }\n  - { level: 2, start: 2026-03-01T09:20:00Z, end: 2026-03-01T09:50:00Z }\n  - { level: 1, start: 2026-03-01T09:05:00Z, end: 2026-03-01T09:40:00Z }\n`;
      const result = parseOk(text);
      // In start order: the late level-1 session overlaps the first, and the level-2 one overlaps it.
      assert.deepEqual(problemsOf(text), [
        [13, 24, 'overlapping-sessions', 'warning'],
        [12, 24, 'overlapping-sessions', 'warning'],
      ]);
      // 09:00 to 09:50 worked, counted once: each stretch at the level of the session that started first.
      assert.deepEqual(secondsByLevel(result.bug, ts('2026-03-02T00:00:00Z')), { 1: 40 * 60, 2: 10 * 60, 3: 0 });
    });

    it('status resolved without a resolution loads with a warning at the status', () => {
      const result = parseOk(base.replace('status: open', 'status: resolved'));
      assert.deepEqual(
        result.problems.map((p) => [p.line, p.column, p.code, p.severity]),
        [[4, 9, 'missing-resolution', 'warning']],
      );
      assert.match(result.problems[0]?.message ?? '', /no fix layer/);
    });

    it('no problem: back-to-back and zero-length sessions, a bug created at level 2 working at 2, a resolved bug with its resolution', () => {
      assert.deepEqual(
        problemsOf(
          `${base}${history}sessions:\n  - { level: 1, start: 2026-03-01T09:00:00Z, end: 2026-03-01T10:00:00Z }\n  - { level: 1, start: 2026-03-01T10:00:00Z, end: 2026-03-01T10:00:00Z }\n  - { level: 1, start: 2026-03-01T10:00:00Z, end: 2026-03-01T10:10:00Z }\n`,
        ),
        [],
      );
      assert.deepEqual(
        problemsOf(
          `${base.replace('level: 1', 'level: 2')}levels:\n  - { level: 2, at: 2026-03-01T09:00:00Z }\nsessions:\n  - { level: 2, start: 2026-03-01T09:10:00Z, end: 2026-03-01T09:40:00Z }\n`,
        ),
        [],
      );
      assert.deepEqual(problemsOf(`${base.replace('status: open', 'status: resolved')}resolution: { layer: ours, summary: fixed }\n`), []);
    });

    it('without a level history, sessions at any level load (which levels the bug was at is unknown)', () => {
      const text = `${base.replace('level: 1', 'level: 2')}sessions:\n  - { level: 1, start: 2026-03-01T09:00:00Z, end: 2026-03-01T09:30:00Z }\n  - { level: 3, start: 2026-03-01T09:30:00Z, end: 2026-03-01T09:40:00Z }\n`;
      assert.deepEqual(problemsOf(text), []);
    });

    it("the product's own edits keep a file loading: promoting a file written without a history, resolving and reopening", () => {
      // The history the promote starts begins at the promotion: the sessions before it are not checked.
      const noHistory = `${base}sessions:\n  - { level: 1, start: 2026-03-01T09:00:00Z, end: 2026-03-01T09:30:00Z }\n`;
      const promoted = editBugText(noHistory, (bug) => promote(bug, 'found it', at(60)));
      assert.deepEqual(parseOk(promoted).problems, []);
      const resolved = editBugText(promoted, (bug) => resolveBug(bug, { layer: 'ours', summary: 'fixed' }, at(90)));
      assert.deepEqual(parseOk(resolved).problems, []);
      assert.deepEqual(parseOk(editBugText(resolved, (bug) => reopen(bug, at(120)))).problems, []);
      const parked = editBugText(promoted, (bug) => park(bug, 'later', at(90)));
      assert.deepEqual(parseOk(parked).problems, []);
    });

    it('every demo bug and the full fixture bug load without any of these problems', () => {
      assert.deepEqual(parseOk(stringifyBug(fullBug())).problems, []);
      for (const name of fs.readdirSync(DEMO_JOURNAL).filter((n) => n.endsWith('.yaml'))) {
        assert.deepEqual(parseOk(fs.readFileSync(path.join(DEMO_JOURNAL, name), 'utf8'), name).problems, [], name);
      }
    });
  });

  describe('bytes', () => {
    it('invalid UTF-8 is reported at the line and column of the first bad byte', () => {
      const bytes = Buffer.concat([Buffer.from(`${MINIMAL_BUG_TEXT}notes: ab`), Buffer.from([0xff, 0xfe]), Buffer.from('\n')]);
      const result = parseBugBytes(bytes, 'bad.yaml');
      assert.equal(result.ok, false);
      assert.deepEqual(
        result.problems.map((p) => [p.line, p.column, p.code]),
        [[7, 10, 'invalid-utf8']],
      );
    });

    it('a file over MAX_BUG_FILE_BYTES is refused before it is decoded or parsed', () => {
      const bytes = new Uint8Array(MAX_BUG_FILE_BYTES + 1).fill(0xff); // not UTF-8, not YAML: never looked at
      const result = parseBugBytes(bytes, 'huge.yaml');
      assert.deepEqual(
        result.problems.map((p) => [p.line, p.column, p.code]),
        [[1, 1, 'file-too-large']],
      );
    });

    it('a file of exactly MAX_BUG_FILE_BYTES is still parsed', () => {
      const head = `${MINIMAL_BUG_TEXT}notes: `;
      const bytes = Buffer.from(head + 'n'.repeat(MAX_BUG_FILE_BYTES - Buffer.byteLength(head) - 1) + '\n');
      assert.equal(bytes.byteLength, MAX_BUG_FILE_BYTES);
      assert.equal(parseBugBytes(bytes, 'big.yaml').ok, true);
    });

    it('a smaller limit can be passed in', () => {
      const result = parseBugBytes(Buffer.from(MINIMAL_BUG_TEXT), 'small.yaml', { maxBytes: 10 });
      assert.equal(result.problems[0]?.code, 'file-too-large');
    });
  });
});
