import { strict as assert } from 'node:assert';
import { renderRetro } from '../../src/core/model/retro/markdown';
import { retroData } from '../../src/core/model/retro/data';
import { matchGolden } from './golden';
import { fences, headings, htmlTokens, renderSafe, tables } from './markdownChecks';
import { DEMO_NOW, demoJournal, HOSTILE_SNIPPET, hostileSnippetBug, hugeSnippetBug, noSessionBug, NOW, TRICKY_TITLES, trickyTitleBugs } from './retroFixtures';

/** Pretty JSON as the CLI prints it. */
function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

describe('the retro against its golden files (UPDATE_GOLDEN=1 rewrites them)', () => {
  it('the demo journal renders to demo.md', async () => {
    matchGolden('demo.md', renderRetro(await demoJournal(), { now: DEMO_NOW }));
  });

  it('the demo journal as data matches demo.json', async () => {
    matchGolden('demo.json', json(retroData(await demoJournal(), { now: DEMO_NOW })));
  });

  it('the demo since Feb 26 for two bugs, parked bugs and snippet text left out, matches demo-scoped.md', async () => {
    const options = {
      now: DEMO_NOW,
      since: '2026-02-26T00:00:00Z' as typeof DEMO_NOW,
      bugIds: ['V1StGXR8Zq', 'Qw8Zr5Tn1m'],
      includeParked: false,
      noSnippets: true,
    };
    const markdown = renderRetro(await demoJournal(), options);
    matchGolden('demo-scoped.md', markdown);
    assert.ok(!markdown.includes('unable to load configuration from pip'), 'the snippet text is left out');
  });

  it('an empty journal renders to empty.md', () => {
    const markdown = renderRetro({ bugs: [] }, { now: NOW });
    matchGolden('empty.md', markdown);
    assert.equal(tables(markdown).length, 0);
  });

  it('a bug with no sessions renders to no-sessions.md, with a zero row and no chart', () => {
    const markdown = renderRetro({ bugs: [noSessionBug()] }, { now: NOW });
    matchGolden('no-sessions.md', markdown);
    assert.equal(fences(markdown).filter((fence) => fence.info === 'mermaid').length, 0);
    assert.match(markdown, /\| Noticed, never worked on \| open \| 1 \| 0 min \| 0 min \| 0 min \| 0 min \| 0 \/ 0 \| 0 \|/);
  });

  it('a snippet with ```, <script> and $$ renders to hostile-snippet.md as exactly one fence, byte for byte, with no HTML', () => {
    const markdown = renderRetro({ bugs: [hostileSnippetBug()] }, { now: NOW });
    matchGolden('hostile-snippet.md', markdown);
    const textFences = fences(markdown).filter((fence) => fence.info === 'text');
    assert.equal(textFences.length, 1);
    assert.equal(textFences[0]?.content, `${HOSTILE_SNIPPET}\n`);
    assert.deepEqual(htmlTokens(markdown), []);
    assert.ok(!/<script|<img/.test(renderSafe(markdown).replace(/<pre>[\s\S]*?<\/pre>/g, '')), 'no tag outside the code block');
  });

  it('the hostile snippet as data matches hostile-snippet.json', () => {
    matchGolden('hostile-snippet.json', json(retroData({ bugs: [hostileSnippetBug()] }, { now: NOW })));
  });

  it('titles with |, [, newlines, HTML and non-ASCII render to tricky-titles.md with the table intact and every heading plain text', () => {
    const markdown = renderRetro({ bugs: trickyTitleBugs() }, { now: NOW });
    matchGolden('tricky-titles.md', markdown);
    const [summary] = tables(markdown);
    assert.ok(summary);
    assert.equal(summary.length, 1 + TRICKY_TITLES.length + 1, 'header, one row per bug, total');
    for (const row of summary) assert.equal(row.length, 9, row.map((cell) => cell.text).join(' ‖ '));
    assert.deepEqual(htmlTokens(markdown), []);
    const bugHeadings = headings(markdown, 2).slice(-TRICKY_TITLES.length);
    TRICKY_TITLES.forEach((title, index) => {
      assert.deepEqual(bugHeadings[index]?.types, ['text'], `heading of ${JSON.stringify(title)} is only text`);
      assert.equal(bugHeadings[index]?.text, title.replace(/\r\n|\n/g, ' ').trim());
      assert.deepEqual(summary[index + 1]?.[0], { types: ['text'], text: title.replace(/\r\n|\n/g, ' ').trim() }, 'the cell shows the title as plain text');
    });
  });

  it('a bug with 10,000-line snippets renders to huge-snippet.md: cut to 100 lines, with a note', () => {
    const markdown = renderRetro({ bugs: [hugeSnippetBug()] }, { now: NOW });
    matchGolden('huge-snippet.md', markdown);
    const [big, line] = fences(markdown).filter((fence) => fence.info === 'text');
    assert.equal(big?.content.split('\n').length, 101, '100 lines and the final newline');
    assert.ok(big?.content.startsWith('line 1: worker 0'));
    assert.match(markdown, /the first 100 of 10,000 lines \(\d{3},\d{3} characters\) are shown; the whole text is in the bug file/);
    assert.equal(line?.content.length, 10_001, 'a 1 MB line is cut at 10,000 characters');
    assert.ok(markdown.length < 40_000, `the retro stays small (${markdown.length} characters)`);
    assert.match(markdown, /Stored beside the bug: \[attachments\/huge0001\/s-att\.txt\]\(\.bug-levels\/attachments\/huge0001\/s-att\.txt\)/);
  });
});
