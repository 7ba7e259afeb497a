import { byCreation } from '../../src/core/model/retro/options';
import { chartRows, MAX_ROWS, timeChart } from '../../src/core/model/retro/chart';
import { strict as assert } from 'node:assert';
import { renderRetro } from '../../src/core/model/retro/markdown';
import { retroData } from '../../src/core/model/retro/data';
import { formatDuration, toTimestamp } from '../../src/core/model/time';
import type { Bug, BugStatus, Level, LevelChange, RunningSession, Session, TimelineEvent, Timestamp } from '../../src/core/model/types';
import { bugHistory } from '../../src/core/model/retro/waiting';
import { timeboxMinutes } from '../../src/core/model/timebox';
import { at, bid, makeBug, T0 } from './helpers';
import { tables } from './markdownChecks';
import { SeededRandom } from './seededRandom';

/** A failing journal can be rebuilt from its seed. */
function seededFloats(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

const TITLES = ['Plain', 'a | pipe', 'new\nline', '[bracket', '<b>html</b>', 'ünï 日本', '$$math$$', 'back\\slash'];
const MINUTE = 60_000;

interface RandomJournal {
  readonly bugs: Bug[];
  readonly now: Timestamp;
  readonly since?: Timestamp;
  readonly until?: Timestamp;
  readonly running?: RunningSession;
}

/** A journal of 0 to 5 bugs, each with 0 to 6 back-to-back sessions at random levels, and a random range. */
function randomJournal(random: () => number): RandomJournal {
  const int = (n: number): number => Math.floor(random() * n);
  const base = Date.parse(T0);
  const bugs: Bug[] = [];
  let running: RunningSession | undefined;
  for (let b = 0, count = int(6); b < count; b++) {
    let cursor = base + int(600) * MINUTE;
    const sessions: Session[] = [];
    for (let s = 0, n = int(7); s < n; s++) {
      cursor += int(120) * MINUTE + int(60) * 1000;
      const length = (1 + int(90)) * MINUTE + int(60) * 1000;
      const open = s === n - 1 && random() < 0.1;
      sessions.push({ level: (1 + int(3)) as Level, start: toTimestamp(cursor), ...(open ? {} : { end: toTimestamp(cursor + length) }) });
      cursor += length;
    }
    const id = bid(`bug${String(b).padStart(4, '0')}`);
    const last = sessions.at(-1);
    if (!running && random() < 0.2 && (!last || last.end)) running = { bugId: id, level: (1 + int(3)) as Level, start: toTimestamp(cursor + int(60) * MINUTE) };
    const status: BugStatus = (['open', 'open', 'parked', 'resolved'] as const)[int(4)] ?? 'open';
    bugs.push(
      makeBug({ id, title: TITLES[int(TITLES.length)] ?? 'x', status, level: (1 + int(3)) as Level, created: toTimestamp(base + int(300) * MINUTE), sessions }),
    );
  }
  const now = toTimestamp(base + (1500 + int(600)) * MINUTE);
  const since = random() < 0.4 ? toTimestamp(base + int(900) * MINUTE) : undefined;
  const until = random() < 0.3 ? toTimestamp(Date.parse(since ?? T0) + (1 + int(1200)) * MINUTE) : undefined;
  return { bugs, now, ...(since ? { since } : {}), ...(until ? { until } : {}), ...(running ? { running } : {}) };
}

/** Seconds per level of one bug, summed session by session (they never overlap here), clipped to the range. */
function expectedSeconds(journal: RandomJournal, bug: Bug): Record<'1' | '2' | '3', number> {
  const now = Date.parse(journal.now);
  const from = journal.since ? Date.parse(journal.since) : -Infinity;
  const to = Math.min(journal.until ? Date.parse(journal.until) : Infinity, now);
  const sums = { '1': 0, '2': 0, '3': 0 };
  // A session in the file without an end counts nothing (issue 13); the running one counts up to now.
  const closed = bug.sessions.filter((s) => s.end !== undefined);
  const all = [...closed, ...(journal.running?.bugId === bug.id ? [{ level: journal.running.level, start: journal.running.start }] : [])];
  for (const s of all) {
    const start = Math.max(Date.parse(s.start), from);
    const end = Math.min(s.end ? Date.parse(s.end) : now, to);
    if (end > start) sums[String(s.level) as '1'] += (end - start) / 1000;
  }
  return sums;
}

describe('the retro over 300 random journals (seeded)', () => {
  const cases = Array.from({ length: 300 }, (_, seed) => ({ seed, journal: randomJournal(seededFloats(seed + 1)) }));

  it('the random journals cover what the checks are about: ranges, running and unfinished sessions, empty journals', () => {
    const count = (test: (journal: RandomJournal) => boolean): number => cases.filter(({ journal }) => test(journal)).length;
    assert.ok(count((j) => j.since !== undefined) > 50);
    assert.ok(count((j) => j.until !== undefined) > 30);
    assert.ok(count((j) => j.running !== undefined) > 30);
    assert.ok(count((j) => j.bugs.some((bug) => bug.sessions.some((s) => s.end === undefined))) > 10);
    assert.ok(count((j) => j.bugs.length === 0) > 10);
    assert.ok(count((j) => j.bugs.reduce((n, bug) => n + bug.sessions.length, 0) >= 10) > 50);
  });

  it("the chart of where the time went: a row per bug worked on (at most MAX_ROWS), each bar its bug's time, in the box plus past it", () => {
    for (const { seed, journal } of cases) {
      const data = retroData({ bugs: journal.bugs }, journal);
      const rows = chartRows(data);
      const worked = data.bugs.filter((bug) => bug.seconds > 0);
      assert.equal(rows.length, Math.min(worked.length, MAX_ROWS), `seed ${seed}`);
      const sum = rows.reduce((total, row) => total + (row.inBox[0] + row.inBox[1] + row.inBox[2] + row.past) * row.bugs, 0);
      assert.ok(Math.abs(sum - data.totals.seconds) < 1e-6 * Math.max(1, sum), `seed ${seed}: ${sum} vs ${data.totals.seconds}`);
      for (const row of rows) assert.ok(Math.min(...row.inBox, row.past) >= 0, `seed ${seed}`);
      const chart = timeChart(data);
      assert.ok(chart.join('\n').length < 3_000, `seed ${seed}`);
    }
  });

  it("every bug's seconds per level, and the totals, equal the sum of its sessions in the range", () => {
    for (const { seed, journal } of cases) {
      const data = retroData({ bugs: journal.bugs }, journal);
      const totals = { '1': 0, '2': 0, '3': 0 };
      for (const row of data.bugs) {
        const bug = journal.bugs.find((b) => b.id === row.id) as Bug;
        const expected = expectedSeconds(journal, bug);
        assert.deepEqual(row.secondsByLevel, expected, `seed ${seed}, bug ${row.id}`);
        assert.equal(row.seconds, expected['1'] + expected['2'] + expected['3'], `seed ${seed}`);
        for (const key of ['1', '2', '3'] as const) totals[key] += expected[key];
      }
      assert.deepEqual(data.totals.secondsByLevel, totals, `seed ${seed}`);
      assert.equal(data.breadthFirst.workedSeconds, data.totals.seconds, `seed ${seed}: the score is over the same time`);
    }
  });

  it('a bug is listed when it was worked on or created in the range (all bugs without a range)', () => {
    for (const { seed, journal } of cases) {
      const data = retroData({ bugs: journal.bugs }, journal);
      const bounded = journal.since !== undefined || journal.until !== undefined;
      const to = Math.min(journal.until ? Date.parse(journal.until) : Infinity, Date.parse(journal.now));
      const from = journal.since ? Date.parse(journal.since) : -Infinity;
      // In the one order of every retro: by creation, then id (byCreation).
      const expected = [...journal.bugs].sort(byCreation).filter((bug) => {
        const seconds = expectedSeconds(journal, bug);
        const created = Date.parse(bug.created);
        return !bounded || seconds['1'] + seconds['2'] + seconds['3'] > 0 || (created >= from && created <= to);
      });
      assert.deepEqual(
        data.bugs.map((b) => b.id),
        expected.map((b) => b.id),
        `seed ${seed}`,
      );
    }
  });

  it('the summary table shows those numbers, one intact row per bug, and the totals row', () => {
    for (const { seed, journal } of cases) {
      const data = retroData({ bugs: journal.bugs }, journal);
      const markdown = renderRetro({ bugs: journal.bugs }, journal);
      const [summary] = tables(markdown);
      if (data.bugs.length === 0) {
        assert.equal(summary, undefined, `seed ${seed}`);
        continue;
      }
      assert.ok(summary, `seed ${seed}`);
      assert.equal(summary.length, data.bugs.length + 2, `seed ${seed}`);
      const rows = summary.slice(1);
      rows.forEach((cells, index) => {
        assert.equal(cells.length, 9, `seed ${seed} row ${index}`);
        // The table shows the data's minutes (rounded once for the whole table: retroTotals.test.ts).
        const source = index < data.bugs.length ? data.bugs[index]?.minutesByLevel : data.totals.minutesByLevel;
        assert.ok(source);
        assert.deepEqual(
          cells.slice(3, 7).map((cell) => cell.text),
          [source['1'], source['2'], source['3'], source['1'] + source['2'] + source['3']].map((minutes) => formatDuration(minutes * 60)),
          `seed ${seed} row ${index}`,
        );
      });
    }
  });

  it('the breadth-first numbers stay consistent: depth-first time within the time worked, the streak within it, the score in [0, 1]', () => {
    for (const { seed, journal } of cases) {
      const { breadthFirst } = retroData({ bugs: journal.bugs }, journal);
      assert.ok(breadthFirst.depthFirstSeconds <= breadthFirst.workedSeconds, `seed ${seed}`);
      assert.ok((breadthFirst.longestDepthFirstStreak?.seconds ?? 0) <= breadthFirst.depthFirstSeconds, `seed ${seed}`);
      if (breadthFirst.workedSeconds === 0) assert.equal(breadthFirst.score, null, `seed ${seed}`);
      else assert.ok(breadthFirst.score !== null && breadthFirst.score >= 0 && breadthFirst.score <= 1, `seed ${seed}`);
      if (breadthFirst.depthFirstSeconds === 0) assert.equal(breadthFirst.longestDepthFirstStreak, null, `seed ${seed}`);
      assert.ok(breadthFirst.pastTimeboxSeconds <= breadthFirst.depthFirstSeconds, `seed ${seed}`);
      const streak = breadthFirst.longestDepthFirstStreak;
      assert.ok(!streak || streak.pastTimeboxSeconds <= streak.seconds, `seed ${seed}`);
    }
  });
});

describe('the breadth-first score with timeboxes, against a minute-by-minute count (300 seeded journals)', () => {
  const DEFAULTS = { 1: 20, 2: 30, 3: 40 } as const;

  /** Bugs on a grid of whole minutes: level changes, sessions at any level, some parked (with a note) or reopened, some own boxes. */
  function gridJournal(random: () => number): { bugs: Bug[]; since?: Timestamp; now: Timestamp } {
    const int = (n: number): number => Math.floor(random() * n);
    const bugs: Bug[] = [];
    for (let b = 0, count = 1 + int(5); b < count; b++) {
      const created = int(200);
      const levels: LevelChange[] = [{ level: (1 + int(2)) as Level, at: at(created) }];
      for (let c = 0, n = int(3); c < n; c++) levels.push({ level: (1 + int(3)) as Level, at: at(created + 1 + int(600)) });
      levels.sort((x, y) => Date.parse(x.at) - Date.parse(y.at));
      const sessions: Session[] = [];
      let cursor = created;
      for (let i = 0, n = int(6); i < n; i++) {
        cursor += int(60);
        const length = 1 + int(80);
        sessions.push({ level: (1 + int(3)) as Level, start: at(cursor), end: at(cursor + length) });
        cursor += length;
      }
      const timeline: TimelineEvent[] = [];
      let status: BugStatus = 'open';
      if (random() < 0.3) {
        const parkedAt = created + 1 + int(500);
        timeline.push({ at: at(parkedAt), kind: 'parked' });
        status = 'parked';
        if (random() < 0.5) {
          timeline.push({ at: at(parkedAt + 1 + int(300)), kind: 'reopened', text: 'was parked' });
          status = 'open';
        }
      }
      const timeboxes = ([1, 2, 3] as const).filter(() => random() < 0.3).map((level) => ({ level, minutes: 5 + int(60) }));
      const last = levels.at(-1) as LevelChange;
      bugs.push({
        ...makeBug({
          id: bid(`grid${String(b).padStart(4, '0')}`),
          title: `bug ${b}`,
          created: at(created),
          level: last.level,
          status,
          levels,
          sessions,
          timeline,
        }),
        ...(timeboxes.length ? { timeboxes } : {}),
      });
    }
    const since = random() < 0.3 ? at(int(600)) : undefined;
    return { bugs, now: at(2000), ...(since ? { since } : {}) };
  }

  /** The definition, applied to each minute [m, m + 1) on its own. */
  function countByMinute(bugs: readonly Bug[], now: Timestamp, since: Timestamp | undefined): { worked: number; depthFirst: number; past: number } {
    const nowMs = Date.parse(now);
    const minuteOf = (stamp: string): number => (Date.parse(stamp) - Date.parse(T0)) / MINUTE;
    const open = bugs.map((bug) => bugHistory(bug, nowMs).open);
    const levelAt = (bug: Bug, m: number): Level => {
      let level = (bug.levels[0] as LevelChange).level;
      for (const change of bug.levels) if (minuteOf(change.at) <= m) level = change.level;
      return level;
    };
    const workedMinutes = new Map(
      bugs.map((bug) => {
        const byLevel = { 1: new Set<number>(), 2: new Set<number>(), 3: new Set<number>() };
        for (const s of bug.sessions) for (let m = minuteOf(s.start); m < minuteOf(s.end as string); m++) byLevel[s.level].add(m);
        return [bug, byLevel] as const;
      }),
    );
    const worksAt = (bug: Bug, level: Level, m: number): boolean => workedMinutes.get(bug)?.[level].has(m) ?? false;
    const box = (bug: Bug, level: Level): number => timeboxMinutes(bug, level, DEFAULTS);
    const cumulative = bugs.map(() => ({ 1: 0, 2: 0, 3: 0 }) as Record<Level, number>);
    const from = since ? minuteOf(since) : -Infinity;
    let worked = 0;
    let depthFirst = 0;
    let past = 0;
    for (let m = 0; m < minuteOf(now); m++) {
      const t = Date.parse(T0) + (m + 0.5) * MINUTE;
      const isOpen = (i: number): boolean => (open[i] ?? []).some(([start, end]) => start <= t && t < end);
      bugs.forEach((bug, i) => {
        for (const level of [1, 2, 3] as const) {
          if (!worksAt(bug, level, m) || m < from) continue;
          worked++;
          const others = bugs.map((other, j) => ({ other, j })).filter(({ j }) => j !== i && isOpen(j));
          const below = others.some(({ other }) => levelAt(other, m) < level);
          const pastBox = (cumulative[i] as Record<Level, number>)[level] >= box(bug, level);
          const sink =
            pastBox &&
            others.some(({ other, j }) => {
              const at = levelAt(other, m);
              return at <= level && (cumulative[j] as Record<Level, number>)[at] < box(other, at);
            });
          if (below || sink) depthFirst++;
          if (sink) past++;
        }
      });
      bugs.forEach((bug, i) => {
        for (const level of [1, 2, 3] as const) if (worksAt(bug, level, m)) (cumulative[i] as Record<Level, number>)[level]++;
      });
    }
    return { worked, depthFirst, past };
  }

  it('depth-first and past-the-timebox minutes are what the definition gives, minute by minute', () => {
    let timesinks = 0;
    for (let seed = 0; seed < 300; seed++) {
      const journal = gridJournal(seededFloats(seed + 7001));
      const { breadthFirst } = retroData(
        { bugs: journal.bugs },
        { now: journal.now, timeboxDefaults: DEFAULTS, ...(journal.since ? { since: journal.since } : {}) },
      );
      const expected = countByMinute(journal.bugs, journal.now, journal.since);
      assert.deepEqual(
        [breadthFirst.workedSeconds, breadthFirst.depthFirstSeconds, breadthFirst.pastTimeboxSeconds],
        [expected.worked * 60, expected.depthFirst * 60, expected.past * 60],
        `seed ${seed}: ${JSON.stringify(journal)}`,
      );
      if (expected.past > 0) timesinks++;
    }
    assert.ok(timesinks > 50, `journals where the timebox rule counted: ${timesinks}`);
  });
});
