import { strict as assert } from 'node:assert';
import * as path from 'node:path';
import mermaid from 'mermaid';
import { generateBug, seeded } from '../../bench/generate';
import { CHART_COLORS, chartRows, LABEL_EMS, LABEL_LENGTH, labelEms, MAX_ROWS, mermaidText, axisEnd, MAX_TICKS } from '../../src/core/model/retro/chart';
import { scaleLinear } from 'd3-scale';
import { retroData } from '../../src/core/model/retro/data';
import { renderRetro } from '../../src/core/model/retro/markdown';
import type { Journal, Timestamp } from '../../src/core/model/types';
import { fences } from './markdownChecks';
import { DEMO_NOW, demoJournal, NOW, TRICKY_TITLES, trickyTitleBugs } from './retroFixtures';

/**
 * Mermaid's xychart parser passes every label through DOMPurify, which in Node (no DOM) is a stub
 * without `addHook`/`sanitize`. The parser itself needs no DOM, so the test gives the very instance
 * Mermaid imports (its ESM build) an identity sanitize: labels reach the database as written,
 * which is what these checks compare (the chart's labels are cleaned by mermaidText anyway).
 * Drawing needs a browser: the UI test draws the chart in VS Code's Markdown preview.
 */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const purify = require(path.resolve(__dirname, '../../../node_modules/dompurify/dist/purify.es.mjs')) as {
  default: { addHook?: unknown; removeHook?: unknown; sanitize?: unknown };
};
if (typeof purify.default.addHook !== 'function') {
  purify.default.addHook = (): undefined => undefined;
  purify.default.removeHook = (): undefined => undefined;
  purify.default.sanitize = (text: string): string => text;
}

/** Mermaid's default maxTextSize: a longer chart is not drawn at all. */
const MERMAID_MAX_TEXT_SIZE = 50_000;

/** The slice of Mermaid's xychart database the checks read. */
interface XyChartDb {
  getXYChartData(): {
    xAxis: { type: string; categories: string[] };
    yAxis: { title: string };
    plots: Array<{ type: string; fill: string; data: Array<[string, number]> }>;
  };
}

/** The chart's source, from the retro's one ```mermaid block. */
function chartOf(markdown: string): string {
  const charts = fences(markdown).filter((fence) => fence.info === 'mermaid');
  assert.equal(charts.length, 1, 'one mermaid block');
  return charts[0]?.content ?? '';
}

/**
 * Parses the chart with Mermaid's own parser (the one GitHub and VS Code's preview run), then
 * reads back what its xychart database made of it. Mermaid parses in plain Node; only drawing
 * needs a browser (the UI test draws it).
 */
async function parseChart(source: string): Promise<ReturnType<XyChartDb['getXYChartData']>> {
  assert.ok(source.length < MERMAID_MAX_TEXT_SIZE, `${source.length} characters, under Mermaid's default limit`);
  const parsed = await mermaid.parse(source);
  assert.ok(parsed);
  assert.equal(parsed.diagramType, 'xychart');
  const diagram = await mermaid.mermaidAPI.getDiagramFromText(source);
  return (diagram.db as unknown as XyChartDb).getXYChartData();
}

/** A generated journal of `count` bugs (bench/generate.ts: sessions at each level up to the bug's). */
function generated(count: number): Journal {
  const random = seeded(count);
  return { bugs: Array.from({ length: count }, (_, n) => generateBug(n, 'meta', random)) };
}
const GENERATED_NOW = '2026-01-01T00:00:00Z' as Timestamp;

/** Checks a retro's chart against its data: one row per bug worked on (grouped past MAX_ROWS), stacks that add up. */
async function checkChart(journal: Journal, now: Timestamp): Promise<{ size: number; rows: number }> {
  const markdown = renderRetro(journal, { now });
  const source = chartOf(markdown);
  const chart = await parseChart(source);
  const data = retroData(journal, { now });
  const worked = data.bugs.filter((bug) => bug.seconds > 0);
  const rows = chartRows(data);
  assert.equal(chart.xAxis.type, 'band');
  assert.equal(chart.xAxis.categories.length, Math.min(worked.length, MAX_ROWS));
  assert.equal(new Set(chart.xAxis.categories).size, chart.xAxis.categories.length, 'labels are unique, so no two bars share a row');
  // Short enough that Mermaid keeps the axis labels (it hides them all when the widest does not fit).
  for (const label of chart.xAxis.categories) assert.ok([...label].length <= LABEL_LENGTH + 4 && labelEms(label) <= LABEL_EMS, label);
  assert.deepEqual(
    chart.plots.map((plot) => plot.type),
    ['bar', 'bar', 'bar', 'bar'],
  );
  // Drawn longest first, each over the one before, so each series is at most the one before it.
  for (let i = 1; i < 4; i++)
    chart.plots[i]?.data.forEach(([, value], row) => assert.ok(value <= (chart.plots[i - 1]?.data[row]?.[1] ?? 0) + 1e-9, `series ${i} row ${row}`));
  // The whole bars add up to the time worked (to the axis unit's rounding).
  const unit = chart.yAxis.title.startsWith('hours') ? 3600 : 60;
  // (The grouped row is the average of the bugs it stands for.)
  const total = (chart.plots[0]?.data ?? []).reduce((sum, [, value], row) => sum + value * (rows[row]?.bugs ?? 1), 0);
  assert.ok(Math.abs(total - data.totals.seconds / unit) <= 0.05 * worked.length + 1e-9, `${total} vs ${data.totals.seconds / unit}`);
  if (worked.length > MAX_ROWS) {
    assert.equal(chart.xAxis.categories.at(-1), `${worked.length - (MAX_ROWS - 1)} others (avg.)`);
    assert.match(
      markdown,
      new RegExp(`The last row is the average of the ${worked.length - (MAX_ROWS - 1)} bugs with the least time worked \\(\\d+ h \\d\\d min in all\\)\\.`),
    );
  }
  return { size: source.length, rows: chart.xAxis.categories.length };
}

describe("the retro's Mermaid chart of where the time went, read by the mermaid package's parser", () => {
  it('the demo chart: one bar per bug, most time first, split by level with the time past the timebox in red', async () => {
    const journal = await demoJournal();
    const chart = await parseChart(chartOf(renderRetro(journal, { now: DEMO_NOW })));
    const data = retroData(journal, { now: DEMO_NOW });
    const byTime = [...data.bugs].sort((a, b) => b.seconds - a.seconds);
    // Each label is the bug's title, cut (with …) to fit the width budget, in the order of time worked.
    assert.equal(chart.xAxis.categories.length, byTime.length);
    chart.xAxis.categories.forEach((label, i) => assert.ok(byTime[i]!.title.startsWith(label.replace(/…$/, '')), `${label} / ${byTime[i]!.title}`));
    assert.deepEqual(
      chart.plots.map((plot) => plot.fill),
      [CHART_COLORS.past, CHART_COLORS[3], CHART_COLORS[2], CHART_COLORS[1]],
    );
    // The 502: 30 min of level 1 in its box, 1 h 28 min past it, 40 min at level 2 (in its box).
    const first = byTime[0];
    assert.ok(first);
    const row = (plot: number): number => chart.plots[plot]?.data[0]?.[1] ?? NaN;
    assert.equal(row(3), 30);
    assert.equal(row(2), 70);
    assert.equal(row(1), 70);
    assert.equal(Math.round(row(0) * 10), Math.round((first.seconds / 60) * 10));
    await checkChart(journal, DEMO_NOW);
  });

  for (const count of [1, 4, 30, 300])
    it(`a generated journal of ${count} bugs: the chart parses, adds up, has at most ${MAX_ROWS} rows and stays small`, async function () {
      this.timeout(120_000);
      const { size, rows } = await checkChart(generated(count), GENERATED_NOW);
      assert.ok(rows <= MAX_ROWS);
      assert.ok(size < 3_000, `${size} characters`);
    });

  it('titles with :, #, ;, %%, quotes, newlines and HTML still give a chart that parses, one row per bug', async () => {
    const journal = { bugs: trickyTitleBugs() };
    const chart = await parseChart(chartOf(renderRetro(journal, { now: NOW })));
    assert.equal(chart.xAxis.categories.length, TRICKY_TITLES.length);
    await checkChart({ bugs: [...trickyTitleBugs().map((bug) => ({ ...bug, title: `"quoted" ${bug.title}` }))] }, NOW);
  });

  it('wide titles (capitals, W, CJK, emoji) are cut to the label width budget, and the value axis ends at a round number above the longest bar', async () => {
    const titles = ['W'.repeat(40), '日本語のバグ'.repeat(6), 'SERVER IMAGE PINS UWSGI BELOW 2.0.20', '🐛 bug 🐛 '.repeat(8)];
    const bugs = trickyTitleBugs()
      .slice(0, titles.length)
      .map((bug, i) => ({ ...bug, title: titles[i] ?? '' }));
    await checkChart({ bugs }, NOW);
    assert.deepEqual([0.3, 1, 5.8, 7, 158.6, 1001].map(axisEnd), [0.32, 1.5, 7.4, 7.4, 170, 1500]);
  });

  it("the value axis's end gives Mermaid's ticks (d3's, which it draws) room: at most ten, the last one 5 % inside the end, bars not shrunk much", () => {
    let worst = { ratio: 0, value: 0 };
    for (let value = 0.05; value < 20_000; value *= 1.013) {
      const end = axisEnd(value);
      const ticks = scaleLinear().domain([0, end]).ticks();
      assert.ok(end >= value, `${value}: ${end}`);
      assert.ok(ticks.length <= MAX_TICKS && ticks.length >= 4, `${value}: ${end} has ticks ${ticks.join(' ')}`);
      assert.ok(ticks.at(-1)! <= end * 0.95 + 1e-9, `${value}: the last tick of ${ticks.join(' ')} is too near ${end}`);
      if (end / value > worst.ratio) worst = { ratio: end / value, value };
    }
    // The longest bar spans at least 60 % of the plot.
    assert.ok(worst.ratio < 1.65, JSON.stringify(worst));
  });

  it('bugs with the same title get rows of their own', async () => {
    const bugs = trickyTitleBugs().map((bug) => ({ ...bug, title: 'same title' }));
    const chart = await parseChart(chartOf(renderRetro({ bugs }, { now: NOW })));
    assert.deepEqual(chart.xAxis.categories, ['same title', 'same title (2)', 'same title (3)', 'same title (4)', 'same title (5)', 'same title (6)']);
  });

  it('the parser does reject a chart whose label was not cleaned (a quote in a title), so the checks above can fail', async () => {
    await assert.rejects(mermaid.parse('xychart-beta horizontal\n    x-axis ["a "b" c"]\n    bar [1]\n'), /Parse error|error/i);
  });

  it('mermaidText keeps letters of any script and drops what Mermaid would read as syntax', () => {
    assert.equal(mermaidText('a: b; c # d %% e\nf `g` <h> "i"', 40), 'a b c d e f g h i');
    assert.equal(mermaidText('Ünïcödé 日本語 (x) / y?', 40), 'Ünïcödé 日本語 (x) / y?');
    assert.equal(mermaidText('0123456789'.repeat(5), 12), '01234567890…');
    assert.equal(mermaidText('🐛🐛', 40), '');
  });
});
