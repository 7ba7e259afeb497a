import { strict as assert } from 'node:assert';
import { fenced, inline, renderRetroMarkdown, retroData } from '../../src/core/retro';
import { addHypothesis, attachSnippet, resolveHypothesis } from '../../src/core/journal';
import type { Bug } from '../../src/core/types';
import { at, hid, makeBug, session, sid, ts } from './helpers';

const NOW = at(24 * 60);

/** Pipes that separate table cells: those not escaped by an odd run of backslashes. */
function unescapedPipes(line: string): number {
  let count = 0;
  for (let i = 0; i < line.length; i++) {
    if (line[i] !== '|') continue;
    let backslashes = 0;
    for (let j = i - 1; j >= 0 && line[j] === '\\'; j--) backslashes++;
    if (backslashes % 2 === 0) count++;
  }
  return count;
}

function tableRows(markdown: string): string[] {
  return markdown.split('\n').filter((line) => line.startsWith('|'));
}

describe('the retro', () => {
  describe('markdown', () => {
    it('an empty journal says so', () => {
      const markdown = renderRetroMarkdown({ bugs: [] }, { now: NOW });
      assert.equal(markdown, '# Bug Levels retro\n\nAs of 2026-03-02T09:00:00Z.\n\nNo bugs in this journal yet.\n');
      assert.equal(tableRows(markdown).length, 0);
    });

    it('a snippet containing ``` gets a longer fence, and its text is kept verbatim', () => {
      const text = 'before\n```js\nconsole.log(1)\n```\nafter\n';
      const bug = attachSnippet(makeBug(), { id: sid('s-1'), source: 'editor', text, file: 'src/app.js', lines: '1-5' }, at(1));
      const lines = renderRetroMarkdown({ bugs: [bug] }, { now: NOW }).split('\n');
      const open = lines.indexOf('````text');
      assert.ok(open >= 0, 'a four-backtick fence opens the snippet');
      const close = lines.indexOf('````', open + 1);
      assert.deepEqual(lines.slice(open + 1, close), ['before', '```js', 'console.log(1)', '```', 'after']);
      assert.ok(lines.includes('Snippet s-1 (editor from src/app.js:1-5, 2026-03-01T09:01:00Z):'));
    });

    it('fenced() is always longer than the longest backtick run inside', () => {
      assert.deepEqual(fenced('plain'), ['```text', 'plain', '```']);
      assert.deepEqual(fenced('a ````` b\n', 'log'), ['``````log', 'a ````` b', '``````']);
    });

    it('a title with | and a newline keeps the table intact: every row has the same number of unescaped pipes', () => {
      const bugs: Bug[] = [
        makeBug({ title: 'a | b\nsecond line | c', sessions: [session(1, 0, 10)] }),
        makeBug({ title: 'ends with a backslash \\', level: 2 }),
        makeBug({ title: 'escaped already \\| and `|` in code' }),
        makeBug({ title: 'plain' }),
      ];
      const markdown = renderRetroMarkdown({ bugs }, { now: NOW });
      const rows = tableRows(markdown);
      assert.equal(rows.length, 2 + bugs.length + 1, 'header, separator, one row per bug, total');
      const header = unescapedPipes(rows[0] as string);
      assert.equal(header, 9);
      for (const row of rows) assert.equal(unescapedPipes(row), header, row);
      assert.ok(!rows.some((row) => row.includes('\n')));
      assert.ok(rows[2]?.startsWith('| a \\| b second line \\| c |'), rows[2]);
    });

    it('titles in headings and lists render as literal text, not markdown or HTML', () => {
      const bug = makeBug({ title: '<img src=x onerror=alert(1)> **bold** [link](http://x)' });
      const markdown = renderRetroMarkdown({ bugs: [bug] }, { now: NOW });
      assert.ok(!/(^|[^\\])<img/m.test(markdown), 'no raw HTML tag');
      assert.ok(markdown.includes('## \\<img src=x onerror=alert\\(1\\)\\> \\*\\*bold\\*\\* \\[link\\]\\(http://x\\)'));
      assert.equal(inline('a\r\nb\rc'), 'a b c');
    });

    it('lists the wrong assumptions: refuted assumptions only', () => {
      let bug = makeBug({ title: 'Slow start' });
      bug = addHypothesis(bug, { id: hid('h-1'), kind: 'assumption', text: 'the cache is warm' }, at(1));
      bug = addHypothesis(bug, { id: hid('h-2'), kind: 'hypothesis', text: 'the disk is slow' }, at(2));
      bug = addHypothesis(bug, { id: hid('h-3'), kind: 'assumption', text: 'the network is fine' }, at(3));
      bug = resolveHypothesis(bug, { id: hid('h-1'), status: 'refuted' }, at(4));
      bug = resolveHypothesis(bug, { id: hid('h-2'), status: 'refuted' }, at(5));
      bug = resolveHypothesis(bug, { id: hid('h-3'), status: 'confirmed' }, at(6));
      const markdown = renderRetroMarkdown({ bugs: [bug] }, { now: NOW });
      const section = markdown.slice(markdown.indexOf('## Wrong assumptions'), markdown.indexOf('## Slow start'));
      assert.equal(section, '## Wrong assumptions\n\n- the cache is warm (Slow start)\n\n');
    });
  });

  describe('data', () => {
    it('gives seconds per level per bug and in total, and hypothesis counts', () => {
      let bug = makeBug({ id: 'bugaaaa' as Bug['id'], sessions: [session(1, 0, 30), session(2, 30, 45)], level: 2 });
      bug = addHypothesis(bug, { id: hid('h-1'), kind: 'assumption', text: 'wrong', prediction: 'p' }, at(1));
      bug = resolveHypothesis(bug, { id: hid('h-1'), status: 'refuted' }, at(2));
      const other = makeBug({ id: 'bugbbbb' as Bug['id'], sessions: [session(1, 100, 110)] });
      const data = retroData({ bugs: [bug, other] }, { now: NOW });
      assert.deepEqual(data, {
        generated: NOW,
        bugs: [
          {
            id: 'bugaaaa', title: 'A bug', status: 'open', level: 2,
            secondsByLevel: { '1': 1800, '2': 900, '3': 0 },
            hypotheses: { open: 0, confirmed: 0, refuted: 1 },
            wrongAssumptions: ['wrong'],
          },
          {
            id: 'bugbbbb', title: 'A bug', status: 'open', level: 1,
            secondsByLevel: { '1': 600, '2': 0, '3': 0 },
            hypotheses: { open: 0, confirmed: 0, refuted: 0 },
            wrongAssumptions: [],
          },
        ],
        totals: { secondsByLevel: { '1': 2400, '2': 900, '3': 0 } },
      });
    });

    it('since clips sessions that started before it and leaves out bugs not touched since', () => {
      const clipped = makeBug({ id: 'bugaaaa' as Bug['id'], sessions: [session(1, 0, 30), session(1, 60, 90)] });
      const untouched = makeBug({ id: 'bugbbbb' as Bug['id'], sessions: [session(1, 0, 20)] });
      const data = retroData({ bugs: [clipped, untouched] }, { now: NOW, since: at(75) });
      assert.equal(data.since, at(75));
      assert.deepEqual(data.bugs.map((b) => [b.id, b.secondsByLevel['1']]), [['bugaaaa', 15 * 60]]);
      assert.deepEqual(data.totals.secondsByLevel, { '1': 900, '2': 0, '3': 0 });
    });

    it('the running session counts in the retro, clipped by since too', () => {
      const bug = makeBug({ sessions: [session(1, 0, 10)] });
      const running = { bugId: bug.id, level: 1 as const, start: at(20) };
      assert.equal(retroData({ bugs: [bug] }, { now: at(50), running }).totals.secondsByLevel['1'], 40 * 60);
      assert.equal(retroData({ bugs: [bug] }, { now: at(50), running, since: at(40) }).totals.secondsByLevel['1'], 10 * 60);
    });

    it('a bug created after since is listed even with no time', () => {
      const fresh = makeBug({ created: ts('2026-03-01T12:00:00Z') });
      assert.equal(retroData({ bugs: [fresh] }, { now: NOW, since: at(60) }).bugs.length, 1);
    });
  });
});
