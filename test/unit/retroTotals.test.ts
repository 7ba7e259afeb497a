import { strict as assert } from 'node:assert';
import { renderRetro } from '../../src/core/model/retro/markdown';
import { retroData } from '../../src/core/model/retro/data';
import { shownMinutes } from '../../src/core/model/retro/minutes';
import type { RetroJournal } from '../../src/core/model/retro/options';
import type { RetroData } from '../../src/core/model/retro/types';
import { toTimestamp } from '../../src/core/model/time';
import type { Bug, BugStatus, Level, RunningSession, Session, TimelineEvent, Timestamp } from '../../src/core/model/types';
import { bid, makeBug, T0 } from './helpers';
import { tables } from './markdownChecks';
import { DEMO_NOW, demoJournal } from './retroFixtures';
import { SeededRandom } from './seededRandom';

/** `1 h 05 min` or `12 min` back to whole minutes. */
function minutesOf(text: string): number {
  const match = /^(?:(\d+) h (\d{2}) min|(\d+) min)$/.exec(text.trim());
  assert.ok(match, `a duration: ${JSON.stringify(text)}`);
  return match[3] !== undefined ? Number(match[3]) : Number(match[1]) * 60 + Number(match[2]);
}

/** Rounded down or up: an integer within a minute of `seconds` / 60. */
function withinAMinute(minutes: number, seconds: number, what: string): void {
  assert.ok(Number.isInteger(minutes) && minutes >= Math.floor(seconds / 60) && minutes <= Math.ceil(seconds / 60), `${what}: ${minutes} min for ${seconds} s`);
}

const MINUTE = 60_000;
const STATUSES: readonly BugStatus[] = ['open', 'open', 'parked', 'resolved'];
const sum = (values: readonly number[]): number => values.reduce((total, x) => total + x, 0);

describe('retro numbers add up (issue 13)', () => {
  describe('shownMinutes: one rounding for a whole table', () => {
    it("the issue's column: 3 min 50 s + 2 min 30 s + 50 s (7 min 10 s) is shown as 4 + 2 + 1 = 7 min, not 3 + 2 + 0", () => {
      const shown = shownMinutes([[230], [150], [50]]);
      assert.equal(shown.total, 7);
      assert.deepEqual(shown.columns, [7]);
      // Two cells are rounded up: the ones with the most leftover seconds (50 s each, not the 30 s).
      assert.deepEqual(
        shown.cells.map((row) => row[0]),
        [4, 2, 1],
      );
    });

    it("the issue's row: 50 s + 1 min 30 s + 40 s (3 min) is shown as 1 + 1 + 1, not 0 + 1 + 0 under a total of 3", () => {
      const shown = shownMinutes([[50, 90, 40]]);
      assert.equal(shown.total, 3);
      assert.deepEqual(shown.rows, [3]);
      assert.deepEqual(shown.cells[0], [1, 1, 1]);
    });

    it('ties in leftover seconds still add up', () => {
      const shown = shownMinutes([[220], [160], [40]]);
      assert.equal(shown.total, 7);
      assert.equal(sum(shown.cells.map((row) => row[0] ?? 0)), 7);
    });

    it('whole minutes stay as they are; an empty table is all zeros', () => {
      assert.deepEqual(shownMinutes([[600, 0, 3000]]), { cells: [[10, 0, 50]], rows: [60], columns: [10, 0, 50], total: 60 });
      assert.deepEqual(shownMinutes([]), { cells: [], rows: [], columns: [], total: 0 });
      assert.deepEqual(shownMinutes([[0, 0, 0]]), { cells: [[0, 0, 0]], rows: [0], columns: [0, 0, 0], total: 0 });
    });

    it('for 2,000 random tables (seeded): sums exact, every number within a minute, the grand total rounded down', () => {
      const random = new SeededRandom(13);
      for (let round = 0; round < 2000; round++) {
        const rows = random.int(12);
        const table = Array.from({ length: rows }, () =>
          [0, 1, 2].map(() => (random.next() < 0.3 ? 0 : random.next() < 0.2 ? random.int(60) : random.int(4 * 3600))),
        );
        const shown = shownMinutes(table);
        const what = `round ${round}: ${JSON.stringify(table)}`;
        assert.equal(shown.total, Math.floor(sum(table.flat()) / 60), what);
        assert.equal(shown.total, sum(shown.rows), what);
        assert.equal(shown.total, sum(shown.columns), what);
        shown.cells.forEach((cells, i) => {
          assert.equal(shown.rows[i], sum(cells), what);
          cells.forEach((minutes, j) => withinAMinute(minutes, table[i]?.[j] ?? 0, what));
          withinAMinute(shown.rows[i] ?? -1, sum(table[i] ?? []), what);
        });
        [0, 1, 2].forEach((j) => {
          if (rows === 0) return;
          assert.equal(shown.columns[j], sum(shown.cells.map((cells) => cells[j] ?? 0)), what);
          withinAMinute(shown.columns[j] ?? -1, sum(table.map((row) => row[j] ?? 0)), what);
        });
      }
    });

    it('10,000 rows round in one go (the bench size)', () => {
      const random = new SeededRandom(10_000);
      const table = Array.from({ length: 10_000 }, () => [0, 1, 2].map(() => random.int(8 * 3600)));
      const shown = shownMinutes(table);
      assert.equal(shown.total, Math.floor(sum(table.flat()) / 60));
      assert.equal(sum(shown.rows), shown.total);
    });
  });

  describe('random journals (seeded): the markdown adds up and says what the JSON says', () => {
    const cases = Array.from({ length: 300 }, (_, seed) => ({ seed, ...randomRetro(new SeededRandom(seed + 1000)) }));

    it('the random journals have time at odd seconds, several journals, ranges and running sessions', () => {
      const count = (test: (c: (typeof cases)[number]) => boolean): number => cases.filter(test).length;
      assert.ok(count((c) => c.journals.length > 1) > 50);
      assert.ok(count((c) => c.options.since !== undefined) > 50);
      assert.ok(count((c) => c.options.running !== undefined) > 30);
      assert.ok(count((c) => retroData(c.journals, c.options).totals.seconds % 60 !== 0) > 150);
      assert.ok(count((c) => retroData(c.journals, c.options).bugs.length >= 5) > 50);
    });

    it('every table: each row total is the sum of its cells, the total row the sum of each column', () => {
      for (const { seed, journals, options } of cases) {
        const data = retroData(journals, options);
        const markdown = renderRetro(journals, options);
        const [summary] = tables(markdown);
        if (data.bugs.length === 0) {
          assert.equal(summary, undefined, `seed ${seed}`);
          continue;
        }
        assert.ok(summary, `seed ${seed}`);
        const header = summary[0]?.map((cell) => cell.text) ?? [];
        const first = header.indexOf('Level 1');
        assert.deepEqual(header.slice(first, first + 4), ['Level 1', 'Level 2', 'Level 3', 'Total'], `seed ${seed}`);
        const rows = summary.slice(1).map((cells) => cells.slice(first, first + 4).map((cell) => minutesOf(cell.text)));
        const body = rows.slice(0, -1);
        const totalRow = rows.at(-1) ?? [];
        assert.equal(body.length, data.bugs.length, `seed ${seed}`);
        for (const [index, row] of rows.entries()) assert.equal(row[3], sum(row.slice(0, 3)), `seed ${seed} row ${index}: the total is the sum of the levels`);
        for (const column of [0, 1, 2, 3]) assert.equal(totalRow[column], sum(body.map((row) => row[column] ?? 0)), `seed ${seed} column ${column}`);
        // And each shown number is within a minute of the JSON's seconds; the grand total is rounded down.
        data.bugs.forEach((bug, index) => {
          (['1', '2', '3'] as const).forEach((level, column) => withinAMinute(body[index]?.[column] ?? -1, bug.secondsByLevel[level], `seed ${seed}`));
          withinAMinute(body[index]?.[3] ?? -1, bug.seconds, `seed ${seed}`);
        });
        assert.equal(totalRow[3], Math.floor(data.totals.seconds / 60), `seed ${seed}`);
      }
    });

    it("each bug's section says the time worked its row shows", () => {
      for (const { seed, journals, options } of cases) {
        const data = retroData(journals, options);
        const markdown = renderRetro(journals, options);
        const worked = [...markdown.matchAll(/ · ((?:\d+ h \d{2} min|\d+ min)) worked · id `([^`]+)`/g)].map((match) => [match[2], minutesOf(match[1] ?? '')]);
        assert.deepEqual(
          worked,
          data.bugs.filter((bug) => bug.seconds > 0).map((bug) => [bug.id, bug.minutes]),
          `seed ${seed}`,
        );
      }
    });

    it('the breadth-first sentence and the score in words equal the JSON to the shown precision, and add up to the table', () => {
      let sentences = 0;
      for (const { seed, journals, options } of cases) {
        const data = retroData(journals, options);
        const markdown = renderRetro(journals, options);
        const { score, workedSeconds, depthFirstSeconds } = data.breadthFirst;
        const match = /\*\*Breadth-first score: (\d+) %\.\*\* Of the (.+?) worked, (.+?) was breadth-first and (.+?) depth-first: /.exec(markdown);
        if (score === null) {
          assert.equal(match, null, `seed ${seed}`);
          continue;
        }
        sentences++;
        assert.ok(match, `seed ${seed}`);
        const [, percent, worked, breadth, deeper] = match;
        assert.equal(Number(percent), Math.floor(score * 100 + 1e-9), `seed ${seed}: score ${score}`);
        assert.equal(minutesOf(worked ?? ''), Math.floor(workedSeconds / 60), `seed ${seed}`);
        assert.equal(minutesOf(deeper ?? ''), Math.floor(depthFirstSeconds / 60), `seed ${seed}`);
        assert.equal(minutesOf(breadth ?? '') + minutesOf(deeper ?? ''), minutesOf(worked ?? ''), `seed ${seed}: the two parts add up`);
        withinAMinute(minutesOf(breadth ?? ''), workedSeconds - depthFirstSeconds, `seed ${seed}`);
        assert.equal(minutesOf(worked ?? ''), data.totals.minutes, `seed ${seed}: the same time as the table's total`);
      }
      assert.ok(sentences > 150);
    });

    it("the JSON's minutes are the table's: each bug's row and the totals add up in the data too", () => {
      for (const { seed, journals, options } of cases) {
        const data: RetroData = retroData(journals, options);
        for (const bug of data.bugs) assert.equal(bug.minutes, bug.minutesByLevel['1'] + bug.minutesByLevel['2'] + bug.minutesByLevel['3'], `seed ${seed}`);
        for (const level of ['1', '2', '3'] as const)
          assert.equal(data.totals.minutesByLevel[level], sum(data.bugs.map((bug) => bug.minutesByLevel[level])), `seed ${seed}`);
        assert.equal(data.totals.minutes, sum(data.bugs.map((bug) => bug.minutes)), `seed ${seed}`);
      }
    });
  });

  it('the demo retro: the table adds up and the sentence says 4 h 06 min, 3 h 01 min and 1 h 05 min', async () => {
    const markdown = renderRetro(await demoJournal(), { now: DEMO_NOW });
    const [summary] = tables(markdown);
    assert.ok(summary);
    const rows = summary.slice(1).map((cells) => cells.slice(3, 7).map((cell) => minutesOf(cell.text)));
    for (const row of rows) assert.equal(row[3], sum(row.slice(0, 3)));
    assert.deepEqual(rows.at(-1), [141, 55, 50, 246]);
    assert.match(markdown, /Of the 4 h 06 min worked, 3 h 01 min was breadth-first and 1 h 05 min depth-first: /);
    assert.match(markdown, /\*Minutes are rounded once, for the whole table, so it adds up/);
  });
});

/** 1 to 3 journals of 0 to 6 bugs, sessions at odd seconds and random levels, parks and reopens, a range. */
function randomRetro(random: SeededRandom): {
  journals: RetroJournal[];
  options: { now: Timestamp; since?: Timestamp; until?: Timestamp; running?: RunningSession };
} {
  const base = Date.parse(T0);
  let running: RunningSession | undefined;
  const journals = Array.from({ length: random.next() < 0.3 ? 2 + random.int(2) : 1 }, (_, j): RetroJournal => {
    const bugs: Bug[] = [];
    for (let b = 0, n = random.int(7); b < n; b++) {
      let cursor = base + random.int(600) * MINUTE + random.int(60_000);
      const sessions: Session[] = [];
      const timeline: TimelineEvent[] = [];
      for (let s = 0, count = random.int(8); s < count; s++) {
        cursor += random.int(90) * MINUTE + random.int(60) * 1000;
        const length = random.int(70) * MINUTE + random.int(60) * 1000 + 1000;
        sessions.push({ level: (1 + random.int(3)) as Level, start: toTimestamp(cursor), end: toTimestamp(cursor + length) });
        cursor += length;
        if (random.next() < 0.1)
          timeline.push({ at: toTimestamp(cursor + 1000), kind: 'note', text: random.next() < 0.5 ? 'Parked: later' : 'Reopened (was parked)' });
      }
      const id = bid(`j${j}bug${String(b).padStart(3, '0')}`);
      if (!running && random.next() < 0.15)
        running = { bugId: id, level: (1 + random.int(3)) as Level, start: toTimestamp(cursor + random.int(30) * MINUTE + 17_000) };
      bugs.push(
        makeBug({
          id,
          title: `Bug ${j}.${b}`,
          status: random.pick(STATUSES),
          level: (1 + random.int(3)) as Level,
          created: toTimestamp(base + random.int(300) * MINUTE),
          sessions,
          timeline,
        }),
      );
    }
    return { name: `folder${j}`, bugs };
  });
  const now = toTimestamp(base + (1500 + random.int(600)) * MINUTE + random.int(60) * 1000);
  const since = random.next() < 0.3 ? toTimestamp(base + random.int(900) * MINUTE + random.int(60) * 1000) : undefined;
  const until = random.next() < 0.2 ? toTimestamp(Date.parse(since ?? T0) + (1 + random.int(1200)) * MINUTE) : undefined;
  return { journals, options: { now, ...(since ? { since } : {}), ...(until ? { until } : {}), ...(running ? { running } : {}) } };
}
