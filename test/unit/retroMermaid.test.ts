import { strict as assert } from 'node:assert';
import mermaid from 'mermaid';
import { renderRetro } from '../../src/core/model/retro/markdown';
import { retroData } from '../../src/core/model/retro/data';
import { mermaidText, SECTION_LENGTH } from '../../src/core/model/retro/gantt';
import type { Journal } from '../../src/core/model/types';
import { fences } from './markdownChecks';
import { DEMO_NOW, demoJournal, NOW, TRICKY_TITLES, trickyTitleBugs } from './retroFixtures';

/** The slice of Mermaid's gantt database the checks read. */
interface GanttDb {
  getTasks(): Array<{ section: string; task: string; startTime: Date; endTime: Date; done?: boolean; active?: boolean; crit?: boolean }>;
  getSections(): string[];
  getDateFormat(): string;
}

/** The chart's source, from the retro's one ```mermaid block. */
function chartOf(markdown: string): string {
  const charts = fences(markdown).filter((fence) => fence.info === 'mermaid');
  assert.equal(charts.length, 1, 'one mermaid block');
  return charts[0]?.content ?? '';
}

/**
 * Parses the chart with Mermaid's own parser (the one GitHub runs), then reads back what its
 * gantt database made of it. Mermaid parses in plain Node; only rendering needs a browser.
 */
async function parseGantt(source: string): Promise<GanttDb> {
  // The front matter's compact display mode and left padding show up in the parsed config.
  assert.deepEqual(await mermaid.parse(source), { diagramType: 'gantt', config: { gantt: { displayMode: 'compact', leftPadding: 200 } } });
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(source);
  return diagram.db as unknown as GanttDb;
}

/** A Date as the wall-clock time Mermaid read it in (the local zone), `2026-02-25 17:01:24`. */
function wallClock(date: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** Every session of the retro as Mermaid should have read it. */
function expectedTasks(journal: Journal, now: typeof NOW): Array<{ section: string; level: number; start: string; end: string }> {
  return retroData(journal, { now }).bugs.flatMap((bug) =>
    bug.sessions.map((s) => ({
      section: mermaidText(bug.title, SECTION_LENGTH),
      level: s.level,
      start: s.start.replace('T', ' ').replace('Z', ''),
      end: s.end.replace('T', ' ').replace('Z', ''),
    })),
  );
}

describe("the retro's Mermaid chart, read by the mermaid package's parser", () => {
  it("the demo chart parses as a compact gantt with one task per session, at the sessions' times and levels", async () => {
    const journal = await demoJournal();
    const db = await parseGantt(chartOf(renderRetro(journal, { now: DEMO_NOW })));
    assert.equal(db.getDateFormat(), 'YYYY-MM-DD HH:mm:ss');
    assert.deepEqual(
      db.getSections(),
      journal.bugs.map((bug) => mermaidText(bug.title, SECTION_LENGTH)),
    );
    const tasks = db.getTasks().map((task) => ({
      section: task.section,
      level: Number(task.task.trim().slice(1)),
      start: wallClock(task.startTime),
      end: wallClock(task.endTime),
      tag: task.done ? 'done' : task.active ? 'active' : task.crit ? 'crit' : 'none',
    }));
    const expected = expectedTasks(journal, DEMO_NOW);
    assert.equal(tasks.length, 8);
    assert.deepEqual(
      tasks.map(({ tag: _tag, ...rest }) => rest),
      expected,
    );
    assert.deepEqual(
      tasks.map((task) => task.tag),
      expected.map((task) => ({ 1: 'done', 2: 'active', 3: 'crit' })[task.level]),
    );
  });

  it('titles with :, #, ;, %%, newlines and HTML still give a chart that parses, one section per bug', async () => {
    const journal = { bugs: trickyTitleBugs() };
    const db = await parseGantt(chartOf(renderRetro(journal, { now: NOW })));
    assert.equal(db.getSections().length, TRICKY_TITLES.length);
    assert.deepEqual(
      db.getTasks().map((task) => [task.section, wallClock(task.startTime), wallClock(task.endTime)]),
      expectedTasks(journal, NOW).map((t) => [t.section, t.start, t.end]),
    );
  });

  it('the parser does reject a chart whose section name was not cleaned (a newline in a title), so the checks above can fail', async () => {
    const raw = 'gantt\n    dateFormat YYYY-MM-DD HH:mm:ss\n    section a | b\nsecond line\n    L1 :done, 2026-03-01 09:00:00, 2026-03-01 09:05:00\n';
    await assert.rejects(mermaid.parse(raw), /Parse error/);
  });

  it('mermaidText keeps letters of any script and drops what Mermaid would read as syntax', () => {
    assert.equal(mermaidText('a: b; c # d %% e\nf `g` <h> "i"', 40), 'a b c d e f g h i');
    assert.equal(mermaidText('Ünïcödé 日本語 (x) / y?', 40), 'Ünïcödé 日本語 (x) / y?');
    assert.equal(mermaidText('0123456789'.repeat(5), 12), '01234567890…');
    assert.equal(mermaidText('🐛🐛', 40), '');
  });
});
