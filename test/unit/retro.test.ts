import { strict as assert } from 'node:assert';
import { cell, fenced, inline } from '../../src/core/model/retro/escape';
import { relativeRoot } from '../../src/core/model/retro/links';
import { renderRetro, retroMarkdown } from '../../src/core/model/retro/markdown';
import type { RetroOptions } from '../../src/core/model/retro/options';
import type { RetroData } from '../../src/core/model/retro/types';
import { retroData } from '../../src/core/model/retro/data';
import { codeSpan, lineStart } from '../../src/core/model/retro/escape';
import { fileHref, lineAnchor, urlHref } from '../../src/core/model/retro/links';
import { shownText } from '../../src/core/model/retro/snippets';
import { statusChange } from '../../src/core/model/retro/waiting';
import { parseBugBytes } from '../../src/core/format/format';
import { addHypothesis, attachSnippet, park, reopen, resolveBug, resolveHypothesis } from '../../src/core/model/transitions';
import type { Bug, TimelineEvent, TimelineKind, Timestamp } from '../../src/core/model/types';
import { at, bid, hid, makeBug, session, sid, ts } from './helpers';
import { TRICKY_TITLES } from './retroFixtures';
import { allTokens, fences, htmlTokens, links, tokens } from './markdownChecks';

const NOW = at(24 * 60);

/** A bug with an id, for tests that tell bugs apart. */
function bug(id: string, overrides: Partial<Bug> = {}): Bug {
  return makeBug({ id: bid(id), title: id, ...overrides });
}

describe('the retro', () => {
  it('shows a hypothesis still open when its bug was resolved as untested, not as open', () => {
    const withHypothesis = addHypothesis(bug('fixed01'), { id: hid('h-1'), kind: 'hypothesis', text: 'the cache is stale' }, at(10));
    assert.match(renderRetro({ bugs: [withHypothesis] }, { now: NOW }), /- \*\*open\*\* · the cache is stale/);
    const resolved = resolveBug(withHypothesis, { layer: 'ours', summary: 'cleared the cache on deploy' }, at(20));
    const markdown = renderRetro({ bugs: [resolved] }, { now: NOW });
    assert.match(markdown, /- \*\*untested\*\* · the cache is stale/);
    assert.doesNotMatch(markdown, /\*\*open\*\*/);
  });

  it('starts with a short summary: what was fixed and where, time per level, the score, the costliest wrong assumption', () => {
    let fixed = makeBug({ id: bid('fixed001'), title: 'Cache is stale after deploy', sessions: [session(1, 0, 50), session(2, 50, 70)] });
    fixed = addHypothesis(fixed, { id: hid('h-1'), kind: 'assumption', text: 'the CDN caches nothing' }, at(1));
    fixed = resolveHypothesis(fixed, { id: hid('h-1'), status: 'refuted' }, at(40));
    fixed = resolveBug(fixed, { layer: 'ours', summary: 'cleared the cache on deploy' }, at(80));
    const other = makeBug({ id: bid('other001'), title: 'other', sessions: [session(1, 90, 95)] });
    const markdown = renderRetro({ bugs: [other, fixed] }, { now: NOW });
    const top = markdown.slice(0, markdown.indexOf('## Where the time went'));
    assert.equal(
      top.slice(top.indexOf('## Summary')),
      [
        '## Summary',
        '',
        '- **Found and fixed** (1 of 2 bugs):',
        '  - Cache is stale after deploy: fixed at the **ours** layer: cleared the cache on deploy',
        '- **Time worked:** 1 h 15 min: level 1 55 min, level 2 20 min, level 3 0 min; 20 min past a timebox.',
        `- **Breadth-first score:** ${top.match(/score:\*\* (\d+ %)/)?.[1] ?? '?'}.`,
        '- **Costliest wrong assumption:** the CDN caches nothing (Cache is stale after deploy): believed for 39 min (2026-03-01 09:01 to 09:40), 39 min of work on the bug.',
        '',
        '',
      ].join('\n'),
    );
    assert.ok(markdown.indexOf('## Summary') < markdown.indexOf('## Where the time went'));
    assert.ok(markdown.indexOf('## Where the time went') < markdown.indexOf('## Time per bug'));
    assert.ok(markdown.indexOf('## Time per bug') < markdown.indexOf('## Cache is stale after deploy'));
  });

  describe('escaping journal text', () => {
    it('inline() escapes only what markdown, tables or math would act on in that position, and flattens line breaks', () => {
      assert.equal(inline('a\r\nb\rc\u2028d'), 'a b c d');
      assert.equal(inline('<x> [l](u) *b* _i_ `c` $m$ | #h ~s~ &amp; !i \\'), '\\<x> \\[l\\](u) \\*b\\* \\_i\\_ \\`c\\` $m\\$ | #h ~s\\~ \\&amp; !i \\\\');
      // What pasted text looks like: nothing escaped that would not change the rendering.
      assert.equal(inline('Array.prototype.slice() returns ($10.00 -> $12.00)'), 'Array.prototype.slice() returns ($10.00 -> $12.00)');
      assert.equal(inline('hangs ~30 s on snake_case_name & co, C# 12'), 'hangs ~30 s on snake_case_name & co, C# 12');
      assert.equal(inline('# not a heading ##'), '\\# not a heading #\\#');
      assert.equal(inline('- 1. > +'), '\\- 1. > +');
      assert.equal(inline('$$x$$ and ~~y~~'), '\\$\\$x\\$\\$ and \\~\\~y\\~\\~');
      assert.equal(cell('a | b'), 'a \\| b');
    });

    it('inline() text renders as itself, character for character, in a paragraph, a list item, a heading and a table cell', () => {
      const texts = [
        ...TRICKY_TITLES,
        'slice() and ($10.00 -> $12.00)',
        '~30 s, ~~struck~~, ~single~',
        'a\\*b\\ and \\(x\\) and \\',
        '_x_ __y__ a_b_c *z* **w**',
        '# h #',
        '1. one',
        '- dash',
        '> quote',
        '+ plus',
        '&amp; &#35; &copy &',
        '<https://x.y> https://x.y/<a>',
        '![img](x) [ref] [^1]',
        '`tick` ``two``',
      ];
      for (const text of texts) {
        const literal = text.replace(/\r\n|[\r\n\u2028\u2029]/g, ' ').trim();
        for (const markdown of [inline(text), `- ${inline(text)}`, `## ${inline(text)}`, `| ${cell(text)} |\n|---|`]) {
          const inlines = tokens(markdown).filter((token) => token.type === 'inline');
          assert.equal(inlines.length, 1, markdown);
          const children = inlines[0]?.children ?? [];
          assert.deepEqual([...new Set(children.map((child) => child.type))], ['text'], markdown);
          assert.equal(children.map((child) => child.content).join(''), literal, markdown);
        }
      }
    });

    it('lineStart() also escapes what would start a list, a numbered list or a heading underline', () => {
      assert.deepEqual(['- item', '1. one', '2) two', '===', 'plain'].map(lineStart), ['\\- item', '1\\. one', '2\\) two', '\\===', 'plain']);
    });

    it('fenced() is always longer than the longest backtick run inside', () => {
      assert.deepEqual(fenced('plain'), ['```text', 'plain', '```']);
      assert.deepEqual(fenced('a ````` b\n', 'log'), ['``````log', 'a ````` b', '``````']);
    });

    it('codeSpan() holds backticks and leading or trailing spaces as they are', () => {
      for (const text of ['a`b', '``x``', ' padded ', '`']) {
        const children = allTokens(codeSpan(text)).filter((token) => token.type === 'code_inline');
        assert.deepEqual(
          children.map((token) => token.content),
          [text],
          text,
        );
      }
    });

    it('a title in headings, lists and the table renders as its literal text, never HTML, a link or emphasis', () => {
      const hostile = makeBug({ title: '<img src=x onerror=alert(1)> **bold** [link](http://x)', sessions: [session(1, 0, 10)] });
      const markdown = renderRetro({ bugs: [hostile] }, { now: NOW });
      assert.deepEqual(htmlTokens(markdown), []);
      assert.deepEqual(links(markdown), []);
      const texts = allTokens(markdown)
        .filter((token) => token.type === 'inline')
        .map((token) => token.children?.map((child) => child.content).join('') ?? '');
      assert.ok(texts.includes('<img src=x onerror=alert(1)> **bold** [link](http://x)'), 'the heading reads as the title, characters and all');
    });

    it("a long snippet is folded in <details> whose only HTML is the retro's own; a terminal snippet is titled by its command", () => {
      const hostile = [
        '<script>alert(1)</script>',
        '</details><img src=x onerror=alert(1)>',
        '```',
        ...Array.from({ length: 40 }, (_, i) => `at frame ${i}`),
      ].join('\n');
      const folded = makeBug({
        sessions: [session(1, 0, 10)],
        snippets: [
          { id: sid('s-1'), source: 'terminal', captured: at(1), command: 'npm test -- --grep "<b>x</b>"', exitCode: 1, text: hostile },
          { id: sid('s-2'), source: 'clipboard', captured: at(2), text: 'short\ntext' },
        ],
      });
      const markdown = renderRetro({ bugs: [folded] }, { now: NOW });
      assert.ok(markdown.includes('**`npm test -- --grep "<b>x</b>"`** · terminal · snippet `s-1` · exit code 1'), 'titled by its command, as code');
      assert.deepEqual(
        htmlTokens(markdown).map((token) => token.content.trim()),
        ['<details><summary>43 lines</summary>', '</details>'],
        'the only HTML is the fold; the hostile text stays in the code block',
      );
      const textFences = fences(markdown).filter((fence) => fence.info === 'text');
      assert.deepEqual(
        textFences.map((fence) => fence.content),
        [`${hostile}\n`, 'short\ntext\n'],
      );
      assert.equal((markdown.match(/<details>/g) ?? []).length, 1, 'the two-line snippet is not folded');
    });

    it('notes keep their lines in a block quote, and no line becomes a list or a heading', () => {
      const noted = makeBug({ notes: '- not a list\n1. not numbered\n# not a heading\n\n<b>not bold</b>\n' });
      const markdown = renderRetro({ bugs: [noted] }, { now: NOW });
      const notes = tokens(markdown.slice(markdown.indexOf('### Notes')));
      assert.deepEqual(
        [...new Set(notes.map((token) => token.type))],
        ['heading_open', 'inline', 'heading_close', 'blockquote_open', 'paragraph_open', 'paragraph_close', 'blockquote_close'],
      );
      assert.equal(notes.filter((token) => token.type === 'heading_open').length, 1, 'only the ### Notes heading');
      assert.deepEqual(htmlTokens(markdown), []);
      assert.ok(markdown.includes('> \\- not a list\n> 1\\. not numbered\n> \\# not a heading\n>\n> \\<b>not bold\\</b>'));
    });
  });

  describe('links', () => {
    it('file links are relative to the root, percent-encoded, with a GitHub line anchor', () => {
      assert.equal(fileHref('', 'logs/uwsgi.log', '4835-4837'), 'logs/uwsgi.log#L4835-L4837');
      assert.equal(fileHref('..', 'src/my file (1).py', '7'), '../src/my%20file%20%281%29.py#L7');
      assert.equal(fileHref('https://github.com/o/r/blob/main/', 'a#b.md'), 'https://github.com/o/r/blob/main/a%23b.md');
      assert.equal(lineAnchor('12-12'), '#L12');
      assert.equal(lineAnchor('near the top'), '');
    });

    it('a path that leaves the workspace, or is absolute, gets no link', () => {
      for (const file of ['../secret', '/etc/passwd', 'C:/x', 'a\\b', 'a//b']) assert.equal(fileHref('', file), undefined, file);
    });

    it('only http and https URLs become links, with nothing that could end the destination early', () => {
      assert.equal(urlHref('javascript:alert(1)'), undefined);
      assert.equal(urlHref('data:text/html,x'), undefined);
      assert.equal(urlHref('https://e.com/a b'), undefined);
      assert.equal(urlHref('https://e.com/wiki/Foo_(bar)<x>'), 'https://e.com/wiki/Foo_%28bar%29%3Cx%3E');
    });

    it('every link in a retro of hostile links is relative or https, and shows the URL as text', () => {
      const linked = makeBug({
        links: ['https://ok.example/a_(b)', 'javascript:alert(1)', 'http://x.example/?q=<script>'],
        snippets: [
          { id: sid('s-1'), source: 'file', captured: at(1), file: '../../etc/passwd', lines: '1', text: 'x' },
          { id: sid('s-2'), source: 'file', captured: at(1), file: 'ok.txt', lines: '3-4', text: 'y' },
        ],
      });
      const found = links(renderRetro({ bugs: [linked] }, { now: NOW }));
      assert.deepEqual(found, [
        { href: 'ok.txt#L3-L4', text: 'ok.txt:3-4' },
        { href: 'https://ok.example/a_%28b%29', text: 'https://ok.example/a_(b)' },
        { href: 'http://x.example/?q=%3Cscript%3E', text: 'http://x.example/?q=<script>' },
      ]);
    });

    it("relativeRoot() is the way from a saved retro's folder back to the workspace folder", () => {
      assert.equal(relativeRoot('/w/retro.md', '/w'), '');
      assert.equal(relativeRoot('/w/docs/retros/r.md', '/w'), '../..');
      assert.equal(relativeRoot('/elsewhere/r.md', '/w/project'), '../w/project');
    });
  });

  describe('snippets', () => {
    it('a snippet containing ``` gets a longer fence, and its text is kept verbatim', () => {
      const text = 'before\n```js\nconsole.log(1)\n```\nafter\n';
      const withSnippet = attachSnippet(makeBug(), { id: sid('s-1'), source: 'editor', text, file: 'src/app.js', lines: '1-5' }, at(1));
      const markdown = renderRetro({ bugs: [withSnippet] }, { now: NOW });
      assert.deepEqual(fences(markdown), [{ info: 'text', content: text }]);
      assert.ok(markdown.includes('**s-1** · editor · [src/app.js:1-5](src/app.js#L1-L5) · captured 2026-03-01 09:01'));
    });

    it('shownText() cuts by lines, then by characters, and says how much there was', () => {
      assert.deepEqual(shownText('a\r\nb\n', 5), { text: 'a\nb', truncated: null });
      assert.deepEqual(shownText('1\n2\n3\n4', 2), { text: '1\n2', truncated: { shownLines: 2, totalLines: 4, totalChars: 7 } });
      const long = shownText(`${'é'.repeat(20_000)}\nnext`, 100);
      assert.equal(long.text.length, 10_000);
      assert.deepEqual(long.truncated, { shownLines: 1, totalLines: 2, totalChars: 20_005 });
    });

    it('noSnippets leaves out snippet text and terminal commands but keeps where they came from', () => {
      const captured = makeBug({
        snippets: [{ id: sid('s-1'), source: 'terminal', captured: at(1), command: 'export TOKEN=secret', exitCode: 1, text: 'secret output' }],
      });
      const data = retroData({ bugs: [captured] }, { now: NOW, noSnippets: true });
      assert.deepEqual(
        { ...data.bugs[0]?.snippets[0] },
        {
          id: 's-1',
          source: 'terminal',
          captured: at(1),
          file: null,
          lines: null,
          href: null,
          commit: null,
          anchor: null,
          command: null,
          exitCode: 1,
          attachment: null,
          attachmentHref: null,
          text: null,
          redacted: true,
          truncated: null,
        },
      );
      const markdown = renderRetro({ bugs: [captured] }, { now: NOW, noSnippets: true });
      assert.ok(!markdown.includes('secret'));
      assert.ok(markdown.includes('*Text left out of this retro.*'));
    });
  });

  describe('data', () => {
    it('gives seconds per level per bug and in total, hypothesis counts and wrong assumptions, in the fields the CLI JSON always had', () => {
      let first = bug('bugaaaa', { sessions: [session(1, 0, 30), session(2, 30, 45)], level: 2 });
      first = addHypothesis(first, { id: hid('h-1'), kind: 'assumption', text: 'wrong', prediction: 'p' }, at(1));
      first = resolveHypothesis(first, { id: hid('h-1'), status: 'refuted' }, at(2));
      const second = bug('bugbbbb', { sessions: [session(1, 100, 110)] });
      const data = retroData({ bugs: [first, second] }, { now: NOW });
      assert.equal(data.generated, NOW);
      assert.deepEqual(
        data.bugs.map(({ id, title, status, level, secondsByLevel, hypotheses, wrongAssumptions }) => ({
          id,
          title,
          status,
          level,
          secondsByLevel,
          hypotheses,
          wrongAssumptions,
        })),
        [
          {
            id: 'bugaaaa',
            title: 'bugaaaa',
            status: 'open',
            level: 2,
            secondsByLevel: { '1': 1800, '2': 900, '3': 0 },
            hypotheses: { open: 0, confirmed: 0, refuted: 1 },
            wrongAssumptions: ['wrong'],
          },
          {
            id: 'bugbbbb',
            title: 'bugbbbb',
            status: 'open',
            level: 1,
            secondsByLevel: { '1': 600, '2': 0, '3': 0 },
            hypotheses: { open: 0, confirmed: 0, refuted: 0 },
            wrongAssumptions: [],
          },
        ],
      );
      assert.deepEqual(data.totals, {
        secondsByLevel: { '1': 2400, '2': 900, '3': 0 },
        seconds: 3300,
        minutesByLevel: { '1': 40, '2': 15, '3': 0 },
        minutes: 55,
        wrongAssumptions: 1,
        agentSeconds: 0,
        agents: [],
      });
    });

    it("shows agents' time apart from the people's: per agent, time covered twice for whoever's session started first", () => {
      const worked = bug('bugaaaa', {
        sessions: [
          session(1, 0, 20),
          { ...session(1, 10, 60), by: 'claude-code' },
          { ...session(1, 70, 90), by: 'copilot' },
          { ...session(1, 80, 85), by: 'claude-code' },
          { ...session(1, 100, 110), by: '' },
        ],
      });
      const other = bug('bugbbbb', { sessions: [{ ...session(1, 200, 230), by: 'copilot' }] });
      const data = retroData({ bugs: [worked, other] }, { now: NOW });
      const [first, second] = data.bugs;
      // 0-20 the person; 20-60 claude-code (10-20 was the person's first); 70-90 copilot (80-85 inside it); 100-110 the person (an empty by).
      assert.equal(first?.seconds, 90 * 60);
      assert.equal(first?.agentSeconds, 60 * 60);
      assert.deepEqual(first?.agents, [
        { name: 'claude-code', seconds: 40 * 60 },
        { name: 'copilot', seconds: 20 * 60 },
      ]);
      assert.deepEqual(
        first?.sessions.map((s) => s.by),
        ['person', 'claude-code', 'copilot', 'claude-code', 'person'].map((by) => (by === 'person' ? null : by)),
      );
      assert.deepEqual(second?.agents, [{ name: 'copilot', seconds: 30 * 60 }]);
      assert.equal(data.totals.agentSeconds, 90 * 60);
      assert.deepEqual(data.totals.agents, [
        { name: 'copilot', seconds: 50 * 60 },
        { name: 'claude-code', seconds: 40 * 60 },
      ]);
      const markdown = retroMarkdown(data);
      assert.ok(markdown.includes('\n- **Of which agents:** 1 h 30 min (copilot 50 min, claude-code 40 min); people 30 min.\n'), markdown);
      assert.ok(markdown.includes('\nOf which agents: 1 h 00 min (claude-code 40 min, copilot 20 min); people 30 min.\n'), markdown);
      // Without agents, no such line.
      assert.ok(!retroMarkdown(retroData({ bugs: [bug('bugcccc', { sessions: [session(1, 0, 30)] })] }, { now: NOW })).includes('Of which agents'));
    });

    it('since clips sessions that started before it and leaves out bugs not touched since', () => {
      const clipped = bug('bugaaaa', { sessions: [session(1, 0, 30), session(1, 60, 90)] });
      const untouched = bug('bugbbbb', { sessions: [session(1, 0, 20)] });
      const data = retroData({ bugs: [clipped, untouched] }, { now: NOW, since: at(75) });
      assert.equal(data.since, at(75));
      assert.deepEqual(
        data.bugs.map((b) => [b.id, b.secondsByLevel['1']]),
        [['bugaaaa', 15 * 60]],
      );
      assert.deepEqual(data.bugs[0]?.sessions, [{ level: 1, start: at(75), end: at(90), seconds: 900, running: false, by: null }]);
    });

    it('until clips sessions that end after it, and the running session, and leaves out bugs only touched later', () => {
      const early = bug('bugaaaa', { sessions: [session(1, 0, 30)] });
      const late = bug('bugbbbb', { created: at(60), sessions: [session(1, 60, 90)] });
      const running = { bugId: early.id, level: 2 as const, start: at(40) };
      const data = retroData({ bugs: [early, late] }, { now: at(100), until: at(20), running });
      assert.deepEqual(
        data.bugs.map((b) => [b.id, b.seconds]),
        [['bugaaaa', 20 * 60]],
      );
      const later = retroData({ bugs: [early] }, { now: at(100), until: at(50), running });
      assert.deepEqual(later.bugs[0]?.secondsByLevel, { '1': 1800, '2': 600, '3': 0 });
      assert.equal(later.bugs[0]?.sessions.at(-1)?.running, true);
    });

    it('the running session counts in the retro, clipped by since too', () => {
      const worked = makeBug({ sessions: [session(1, 0, 10)] });
      const running = { bugId: worked.id, level: 1 as const, start: at(20) };
      assert.equal(retroData({ bugs: [worked] }, { now: at(50), running }).totals.secondsByLevel['1'], 40 * 60);
      assert.equal(retroData({ bugs: [worked] }, { now: at(50), running, since: at(40) }).totals.secondsByLevel['1'], 10 * 60);
    });

    it('a bug created after since is listed even with no time', () => {
      const fresh = makeBug({ created: ts('2026-03-01T12:00:00Z') });
      assert.equal(retroData({ bugs: [fresh] }, { now: NOW, since: at(60) }).bugs.length, 1);
    });

    it('bugIds keeps only those bugs, and includeParked: false leaves parked bugs out', () => {
      const bugs = [bug('open001'), bug('parked01', { status: 'parked' }), bug('done0001', { status: 'resolved' })];
      assert.deepEqual(
        retroData({ bugs }, { now: NOW, bugIds: ['done0001', 'nosuchbug'] }).bugs.map((b) => b.id),
        ['done0001'],
      );
      assert.deepEqual(
        retroData({ bugs }, { now: NOW, includeParked: false }).bugs.map((b) => b.id),
        ['done0001', 'open001'], // created together: by id
      );
      assert.deepEqual(retroData({ bugs }, { now: NOW }).scope, { bugIds: null, includeParked: true, snippets: true });
    });

    it('a wrong assumption costs the time it was held and the work done on the bug meanwhile', () => {
      let held = bug('heldbug1', { sessions: [session(1, 0, 20), session(1, 60, 100)] });
      held = addHypothesis(held, { id: hid('h-1'), kind: 'assumption', text: 'the cache is warm' }, at(10));
      held = resolveHypothesis(held, { id: hid('h-1'), status: 'refuted' }, at(70));
      const [cost] = retroData({ bugs: [held] }, { now: NOW, since: at(65) }).bugs[0]?.wrongAssumptionCosts ?? [];
      assert.deepEqual(cost, { id: 'h-1', text: 'the cache is warm', created: at(10), refuted: at(70), heldSeconds: 3600, workedSeconds: 20 * 60 });
    });

    it("several journals: each bug names its journal, and links start at its journal's root", () => {
      const a = bug('alpha001', { snippets: [{ id: sid('s-1'), source: 'file', captured: at(1), file: 'log.txt', text: 'x' }] });
      const b = bug('beta0001', { snippets: [{ id: sid('s-1'), source: 'file', captured: at(1), file: 'log.txt', path: 'attachments/beta0001/s-1.txt' }] });
      const data = retroData(
        [
          { name: 'api', root: 'api', bugs: [a] },
          { name: 'web', root: 'web', journalFolder: 'journal', bugs: [b] },
        ],
        { now: NOW },
      );
      assert.deepEqual(
        data.bugs.map((row) => [row.journal, row.snippets[0]?.href, row.snippets[0]?.attachmentHref]),
        [
          ['api', 'api/log.txt', null],
          ['web', 'web/log.txt', 'web/journal/attachments/beta0001/s-1.txt'],
        ],
      );
      const markdown = renderRetro(
        [
          { name: 'api', bugs: [a] },
          { name: 'web', bugs: [b] },
        ],
        { now: NOW },
      );
      assert.ok(markdown.includes('| Bug | Journal | Status |'));
    });

    it("one bug asked for by id gets its title in the retro's heading and no separate wrong-assumption list", () => {
      const markdown = renderRetro({ bugs: [bug('only0001', { title: 'The one bug' }), bug('other001')] }, { now: NOW, bugIds: ['only0001'] });
      assert.ok(markdown.startsWith('# Bug Levels retro: The one bug\n'));
      assert.ok(!markdown.includes('## Wrong assumptions'));
    });
  });

  describe('the breadth-first score', () => {
    /** Breadth-first numbers of a journal at NOW. */
    function score(bugs: Bug[], options: { bugIds?: string[]; includeParked?: boolean; since?: Timestamp } = {}) {
      return retroData({ bugs }, { now: NOW, ...options }).breadthFirst;
    }

    it('work at level 2 while another open bug is at level 1 is depth-first; work at level 1 within its timebox is not', () => {
      const shallow = bug('shallow1', { sessions: [session(1, 0, 30)] });
      const deep = bug('deeeeep1', {
        level: 2,
        levels: [
          { level: 1, at: at(0) },
          { level: 2, at: at(30) },
        ],
        sessions: [session(1, 0, 30), session(2, 30, 90)],
      });
      assert.deepEqual(score([shallow, deep]), {
        score: 0.5,
        workedSeconds: 120 * 60,
        depthFirstSeconds: 60 * 60,
        pastTimeboxSeconds: 0,
        longestDepthFirstStreak: { bugId: 'deeeeep1', title: 'deeeeep1', seconds: 3600, pastTimeboxSeconds: 0, start: at(30), end: at(90) },
      });
    });

    it('a bug counts at the level its history gives at each moment: once promoted it no longer holds others back', () => {
      const promoted = bug('promoted', {
        level: 2,
        levels: [
          { level: 1, at: at(0) },
          { level: 2, at: at(60) },
        ],
      });
      const deep = bug('deeeeep1', { level: 2, levels: [{ level: 2, at: at(0) }], sessions: [session(2, 30, 90)] });
      assert.equal(score([promoted, deep]).depthFirstSeconds, 30 * 60);
    });

    it('a parked bug stops waiting at its Parked note, and waits again from its Reopened note', () => {
      const parked = bug('parked01', {
        status: 'open',
        timeline: [
          { at: at(20), kind: 'note', text: 'Parked: later' },
          { at: at(70), kind: 'note', text: 'Reopened (was parked)' },
        ],
      });
      const deep = bug('deeeeep1', { level: 2, levels: [{ level: 2, at: at(0) }], sessions: [session(2, 0, 100)] });
      assert.equal(score([parked, deep]).depthFirstSeconds, (20 + 30) * 60);
    });

    it('a bug parked with Park stops waiting at its parked entry, and waits again from its reopened entry', () => {
      const parked = reopen(park(bug('parked01'), 'later', at(20)), at(70));
      assert.deepEqual(
        parked.timeline.map((event) => event.kind),
        ['parked', 'reopened'],
      );
      const deep = bug('deeeeep1', { level: 2, levels: [{ level: 2, at: at(0) }], sessions: [session(2, 0, 100)] });
      assert.equal(score([parked, deep]).depthFirstSeconds, (20 + 30) * 60);
      const resolved = resolveBug(bug('resolved'), { layer: 'ours', summary: 'fixed' }, at(40));
      assert.equal(score([resolved, deep]).depthFirstSeconds, 40 * 60, 'resolved: waits until its resolved entry');
    });

    it('an old file whose status changes are notes, and a new one with parked/resolved/reopened entries, score alike', () => {
      const file = (timeline: string, status = 'open'): Bug => {
        const text = [
          'schema: bug-levels/v1',
          'id: oldstyle01',
          'title: Written by an older version',
          `status: ${status}`,
          'level: 1',
          `created: ${at(0)}`,
          `levels: [{ level: 1, at: ${at(0)} }]`,
          'timeline:',
          timeline,
          ...(status === 'resolved' ? ['resolution: { layer: ours, summary: fixed }'] : []),
          '',
        ].join('\n');
        const parsed = parseBugBytes(new TextEncoder().encode(text), 'old.yaml');
        assert.ok(parsed.ok, JSON.stringify(parsed.ok ? [] : parsed.problems));
        return parsed.bug;
      };
      const old = file(
        [
          `  - { at: ${at(10)}, kind: note, text: "Parked: waiting for upstream" }`,
          `  - { at: ${at(30)}, kind: note, text: Reopened (was parked) }`,
          `  - { at: ${at(50)}, kind: note, text: Resolved (ours) }`,
          `  - { at: ${at(55)}, kind: note, text: "Parked the cache idea; not a status change" }`,
        ].join('\n'),
        'resolved',
      );
      const current = file(
        [
          `  - { at: ${at(10)}, kind: parked, text: waiting for upstream }`,
          `  - { at: ${at(30)}, kind: reopened, text: was parked }`,
          `  - { at: ${at(50)}, kind: resolved, text: "ours: fixed" }`,
        ].join('\n'),
        'resolved',
      );
      const deep = bug('deeeeep1', { level: 2, levels: [{ level: 2, at: at(0) }], sessions: [session(2, 0, 100)] });
      // Open (so waiting below level 2) from 0 to 10 and from 30 to 50: 30 min of depth-first work on the other bug.
      assert.equal(score([old, deep]).depthFirstSeconds, 30 * 60);
      assert.deepEqual(score([current, deep]), score([old, deep]));
      // A "Parked…" note that is not at the start of the text changes nothing; one that is closes: the old reader's rule.
      assert.deepEqual(old.timeline.map(statusChange), ['closes', 'opens', 'closes', 'closes']);
    });

    it('statusChange: the structured kinds, the old notes, and nothing for every other event', () => {
      const event = (kind: TimelineKind, text?: string): TimelineEvent => ({ at: at(0), kind, ...(text === undefined ? {} : { text }) });
      assert.equal(statusChange(event('parked')), 'closes');
      assert.equal(statusChange(event('parked', 'waiting for upstream')), 'closes');
      assert.equal(statusChange(event('resolved', 'ours: fixed')), 'closes');
      assert.equal(statusChange(event('reopened', 'was parked')), 'opens');
      assert.equal(statusChange(event('note', 'Parked')), 'closes');
      assert.equal(statusChange(event('note', 'Parked: later')), 'closes');
      assert.equal(statusChange(event('note', 'Resolved (upstream)')), 'closes');
      assert.equal(statusChange(event('note', 'Reopened (was resolved)')), 'opens');
      assert.equal(statusChange(event('note', 'Resolved it? not yet')), undefined);
      assert.equal(statusChange(event('note', 'the cache was Parked')), undefined);
      assert.equal(statusChange(event('note')), undefined);
      for (const kind of ['attempt', 'debug-start', 'debug-end', 'exception', 'keep-drilling', 'timebox-extended', 'time-left-out'] as const) {
        assert.equal(statusChange(event(kind, 'Parked: words in another kind')), undefined, kind);
      }
    });

    it('a bug parked or resolved without a note stops waiting at the end of its last session', () => {
      const resolved = bug('resolved', { status: 'resolved', sessions: [session(1, 0, 10)] });
      const deep = bug('deeeeep1', { level: 3, levels: [{ level: 3, at: at(0) }], sessions: [session(3, 0, 60)] });
      assert.equal(score([resolved, deep]).depthFirstSeconds, 10 * 60);
    });

    it('bugs left out by bugIds still wait; parked bugs left out by includeParked: false do not', () => {
      const waiting = bug('waiting1', { status: 'parked', sessions: [session(1, 0, 60)] });
      const deep = bug('deeeeep1', { level: 2, levels: [{ level: 2, at: at(0) }], sessions: [session(2, 0, 60)] });
      assert.equal(score([waiting, deep], { bugIds: ['deeeeep1'] }).depthFirstSeconds, 3600);
      assert.equal(score([waiting, deep], { bugIds: ['deeeeep1'], includeParked: false }).depthFirstSeconds, 0);
    });

    it('a streak ends when another bug is worked on, and the longest one wins', () => {
      const shallow = bug('shallow1', { sessions: [session(1, 30, 35)] });
      const deep = bug('deeeeep1', { level: 2, levels: [{ level: 2, at: at(0) }], sessions: [session(2, 0, 10), session(2, 15, 30), session(2, 35, 60)] });
      const streak = score([shallow, deep]).longestDepthFirstStreak;
      // 0-10 and 15-30 are one streak (the pause does not end it, nor count): 25 min; then 35-60, also 25 min: the first wins the tie.
      assert.deepEqual(streak && [streak.seconds / 60, streak.start, streak.end], [25, at(0), at(30)]);
    });

    it('no time worked gives no score rather than 100 %', () => {
      assert.deepEqual(score([bug('idle0001')]), { score: null, workedSeconds: 0, depthFirstSeconds: 0, pastTimeboxSeconds: 0, longestDepthFirstStreak: null });
    });
  });

  describe('the breadth-first score sees the timesink: work past the timebox while another bug still had time', () => {
    function data(bugs: Bug[], options: Partial<RetroOptions> = {}): RetroData {
      return retroData({ bugs }, { now: at(24 * 60), ...options });
    }

    it('two open bugs at level 1, eight hours of random walk on one (30-min box), the other untouched: below 50 %', () => {
      const walked = bug('walked01', { sessions: [session(1, 0, 8 * 60)] });
      const untouched = bug('untouch1');
      const result = data([walked, untouched]);
      assert.deepEqual(result.breadthFirst, {
        score: 0.0625,
        workedSeconds: 8 * 3600,
        depthFirstSeconds: 7.5 * 3600,
        pastTimeboxSeconds: 7.5 * 3600,
        longestDepthFirstStreak: { bugId: 'walked01', title: 'walked01', seconds: 7.5 * 3600, pastTimeboxSeconds: 7.5 * 3600, start: at(30), end: at(480) },
      });
      assert.ok((result.breadthFirst.score ?? 1) < 0.5);
      assert.deepEqual(result.bugs.find((b) => b.id === 'walked01')?.timeboxes, [{ level: 1, minutes: 30, seconds: 8 * 3600, pastSeconds: 7.5 * 3600 }]);
      assert.deepEqual(result.bugs.find((b) => b.id === 'untouch1')?.timeboxes, []);
      const markdown = retroMarkdown(result);
      assert.match(
        markdown,
        /\*\*Breadth-first score: 6 %\.\*\* Of the 8 h 00 min worked, 30 min was breadth-first and 7 h 30 min depth-first: .* 7 h 30 min of it was past a timebox\./,
      );
      assert.match(markdown, /\*\*Longest depth-first streak:\*\* 7 h 30 min on walked01 \(.*\), 7 h 30 min of it past its timebox\./);
      assert.match(markdown, /### Past the timebox\n\n- level 1: 7 h 30 min past its 30-min timebox \(8 h 00 min worked at level 1\)\n/);
    });

    it('the same eight hours alone, or with every other bug past its box too, is not a timesink', () => {
      assert.equal(data([bug('walked01', { sessions: [session(1, 0, 8 * 60)] })]).breadthFirst.score, 1);
      const spent = bug('spent001', { sessions: [session(1, -100, -60)] });
      assert.equal(data([bug('walked01', { sessions: [session(1, 0, 8 * 60)] }), spent]).breadthFirst.score, 1);
    });

    it('the other bug waits with time only until its own box runs out (its work before counts)', () => {
      // The other bug has had 20 of its 30 min before; it works 10 more from 100 to 110, then is past its box.
      const other = bug('other001', { sessions: [session(1, -40, -20), session(1, 100, 110)] });
      const walked = bug('walked01', { sessions: [session(1, 0, 60), session(1, 120, 180)] });
      const result = data([walked, other]).breadthFirst;
      // Walked is past its box from 30; the other had time until 110: 30-60 counts, 120-180 does not.
      assert.equal(result.depthFirstSeconds, 30 * 60);
      assert.equal(result.pastTimeboxSeconds, 30 * 60);
    });

    it('only a bug at the same level or below counts: a bug at a higher level with time does not', () => {
      const walked = bug('walked01', { sessions: [session(1, 0, 120)] });
      const higher = bug('higher01', { level: 2, levels: [{ level: 2, at: at(0) }] });
      assert.equal(data([walked, higher]).breadthFirst.depthFirstSeconds, 0);
      // At level 2, past its 60-min box, while a level-1 bug still had time: both rules, counted once.
      const deep = bug('deeeeep1', { level: 2, levels: [{ level: 2, at: at(0) }], sessions: [session(2, 0, 120)] });
      const fresh = bug('fresh001');
      const both = data([deep, fresh]).breadthFirst;
      assert.equal(both.depthFirstSeconds, 120 * 60);
      assert.equal(both.pastTimeboxSeconds, 60 * 60);
    });

    it("a parked bug does not wait; the bug's own box per level and the retro's defaults are the boxes", () => {
      const walked = bug('walked01', { sessions: [session(1, 0, 120)] });
      assert.equal(data([walked, bug('parked01', { status: 'parked' })], { includeParked: false }).breadthFirst.depthFirstSeconds, 0);
      const untouched = bug('untouch1');
      const ownBox = { ...walked, timeboxes: [{ level: 1 as const, minutes: 100 }] };
      assert.equal(data([ownBox, untouched]).breadthFirst.depthFirstSeconds, 20 * 60);
      assert.equal(data([walked, untouched], { timeboxDefaults: { 1: 90, 2: 60, 3: 120 } }).breadthFirst.depthFirstSeconds, 30 * 60);
    });

    it("each bug's defaults can differ (journals of workspace folders with settings of their own)", () => {
      const walked = bug('walked01', { sessions: [session(1, 0, 120)] });
      const perFolder = (of: Bug) => (of.id === walked.id ? { 1: 90, 2: 60, 3: 120 } : { 1: 10, 2: 60, 3: 120 });
      const result = data([walked, bug('untouch1')], { timeboxDefaults: perFolder });
      assert.equal(result.breadthFirst.depthFirstSeconds, 30 * 60, "the walked bug's folder gives it 90 min");
      assert.equal(data([walked, bug('untouch1')], { timeboxDefaults: () => ({ 1: 10, 2: 60, 3: 120 }) }).breadthFirst.depthFirstSeconds, 110 * 60);
    });

    it('the box counts work before the range: all of a range after the box ran out is past it', () => {
      const walked = bug('walked01', { sessions: [session(1, 0, 60), session(1, 100, 130)] });
      const result = data([walked, bug('untouch1')], { since: at(90) });
      assert.equal(result.breadthFirst.workedSeconds, 30 * 60);
      assert.equal(result.breadthFirst.depthFirstSeconds, 30 * 60);
      assert.deepEqual(result.bugs[0]?.timeboxes, [{ level: 1, minutes: 30, seconds: 30 * 60, pastSeconds: 30 * 60 }]);
    });

    it('the running session counts toward the box', () => {
      const walked = bug('walked01', { sessions: [session(1, 0, 20)] });
      const running = { bugId: walked.id, level: 1 as const, start: at(100) };
      const result = data([walked, bug('untouch1')], { running, now: at(140) });
      // 20 min before, then 10 more from 100 reach the box at 110: 110-140 is past it.
      assert.equal(result.breadthFirst.pastTimeboxSeconds, 30 * 60);
    });
  });
});
