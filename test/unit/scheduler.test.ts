import { strict as assert } from 'node:assert';
import { bugsLeftBehind, lastTouched, next, type SchedulerOptions } from '../../src/core/model/scheduler';
import { createBug } from '../../src/core/model/transitions';
import type { Bug, BugStatus, Level, Session, Timebox, Timestamp } from '../../src/core/model/types';
import { at, bid, session, T0 } from './helpers';

/** A bug named by its title, created `createdAt` minutes after T0. */
function bug(title: string, level: Level, options: { status?: BugStatus; sessions?: Session[]; createdAt?: number; timeboxes?: Timebox[] } = {}): Bug {
  const created = at(options.createdAt ?? 0);
  return {
    ...createBug({ id: bid(`id-${title}`), title, level }, created),
    status: options.status ?? 'open',
    sessions: options.sessions ?? [],
    ...(options.timeboxes ? { timeboxes: options.timeboxes } : {}),
  };
}

interface Scenario {
  readonly name: string;
  readonly bugs: Bug[];
  readonly now?: Timestamp;
  readonly options?: SchedulerOptions;
  /** The title of the expected pick, or undefined for "nothing to pick". */
  readonly pick: string | undefined;
}

const NOW = at(600);

const scenarios: Scenario[] = [
  {
    name: 'the lowest level comes first, however much time it has had',
    bugs: [bug('deep', 2), bug('shallow', 1, { sessions: [session(1, 0, 300)] }), bug('deepest', 3)],
    pick: 'shallow',
  },
  {
    name: 'at the same level, the bug with the least time at that level comes first',
    bugs: [bug('worked', 1, { sessions: [session(1, 0, 20)] }), bug('barely', 1, { sessions: [session(1, 40, 45)] })],
    pick: 'barely',
  },
  {
    name: 'at the same level, a bug with time left in its box comes before one past it, whatever their times',
    bugs: [
      bug('over', 1, { sessions: [session(1, 0, 15)], timeboxes: [{ level: 1, minutes: 10 }] }),
      bug('within', 1, { sessions: [session(1, 40, 60)], timeboxes: [{ level: 1, minutes: 45 }] }),
    ],
    pick: 'within',
  },
  {
    name: 'time at other levels does not count against a bug',
    bugs: [bug('a', 2, { sessions: [session(2, 0, 10)] }), bug('b', 2, { sessions: [session(1, 0, 200), session(2, 20, 25)] })],
    pick: 'b',
  },
  {
    name: 'with equal time, the longest untouched comes first',
    bugs: [bug('recent', 1, { createdAt: 50 }), bug('old', 1, { createdAt: 10 }), bug('middle', 1, { createdAt: 30 })],
    pick: 'old',
  },
  {
    name: 'a session counts as a touch: equal time, the one worked on earlier comes first',
    bugs: [bug('touched-late', 1, { sessions: [session(1, 100, 110)] }), bug('touched-early', 1, { sessions: [session(1, 20, 30)] })],
    pick: 'touched-early',
  },
  {
    name: 'complete ties keep the journal order',
    bugs: [bug('first', 1), bug('second', 1), bug('third', 1)],
    pick: 'first',
  },
  {
    name: 'parked and resolved bugs are never picked, even at a lower level',
    bugs: [bug('parked', 1, { status: 'parked' }), bug('resolved', 1, { status: 'resolved' }), bug('open', 3, { sessions: [session(3, 0, 500)] })],
    pick: 'open',
  },
  {
    name: 'excluded bugs are skipped',
    bugs: [bug('leaving', 1), bug('other', 2)],
    options: { exclude: [bid('id-leaving')] },
    pick: 'other',
  },
  {
    name: 'the running session counts: the bug being worked on has had more time',
    bugs: [bug('active', 1, { sessions: [session(1, 0, 5)] }), bug('idle', 1, { sessions: [session(1, 10, 20)] })],
    options: { running: { bugId: bid('id-active'), level: 1, start: at(100) } },
    pick: 'idle',
  },
  {
    name: 'no open bugs: nothing is picked',
    bugs: [bug('parked', 1, { status: 'parked' }), bug('resolved', 2, { status: 'resolved' })],
    pick: undefined,
  },
  {
    name: 'an empty journal: nothing is picked',
    bugs: [],
    pick: undefined,
  },
  {
    name: 'every open bug excluded: nothing is picked',
    bugs: [bug('only', 1)],
    options: { exclude: [bid('id-only')] },
    pick: undefined,
  },
];

describe('the breadth-first scheduler', () => {
  describe('next() picks', () => {
    for (const scenario of scenarios) {
      it(`${scenario.name} (picks ${scenario.pick === undefined ? 'nothing' : `'${scenario.pick}'`})`, () => {
        const snapshot = JSON.stringify(scenario.bugs);
        const pick = next({ bugs: scenario.bugs }, scenario.now ?? NOW, scenario.options);
        assert.equal(pick?.bug.title, scenario.pick);
        assert.equal(JSON.stringify(scenario.bugs), snapshot, 'the journal is not changed');
      });
    }

    it('gives the same pick for the journal in any order when there is no tie', () => {
      const bugs = [bug('a', 2), bug('b', 1, { sessions: [session(1, 0, 10)] }), bug('c', 1, { sessions: [session(1, 0, 5)] })];
      for (const order of [
        [0, 1, 2],
        [2, 1, 0],
        [1, 2, 0],
      ]) {
        assert.equal(next({ bugs: order.map((i) => bugs[i] as Bug) }, NOW)?.bug.title, 'c');
      }
    });

    it('reports the seconds the pick has had at its level', () => {
      const pick = next({ bugs: [bug('x', 1, { sessions: [session(1, 0, 12), session(2, 12, 20)] })] }, NOW);
      assert.equal(pick?.secondsAtLevel, 12 * 60);
    });
  });

  describe('reasons', () => {
    it("names how many bugs are still at the level, and the time left in the pick's box", () => {
      const pick = next({ bugs: [bug('X', 1), bug('Y', 1, { sessions: [session(1, 0, 10)] }), bug('Z', 2)] }, NOW);
      assert.equal(pick?.reason, "2 bugs are still at level 1; 'X' has had 0 min at level 1, 30 min left of its 30-min timebox.");
      assert.equal(pick?.withinBox, true);
    });

    it('says when the pick is the only bug at its level and how many are deeper', () => {
      const pick = next({ bugs: [bug('Deep', 3), bug('Shallow', 1, { sessions: [session(1, 0, 25)] }), bug('Mid', 2)] }, NOW);
      assert.equal(pick?.reason, "'Shallow' is the only open bug still at level 1 (2 deeper); it has had 25 min at level 1, 5 min left of its 30-min timebox.");
    });

    it('says when the pick is the only open bug', () => {
      const pick = next({ bugs: [bug('Alone', 2, { sessions: [session(2, 0, 42)] }), bug('Done', 1, { status: 'resolved' })] }, NOW);
      assert.equal(pick?.reason, "'Alone' is the only open bug; it has had 42 min at level 2, 18 min left of its 60-min timebox.");
    });

    it('counts an excluded bug at the same level in the reason, since it is still open', () => {
      const pick = next({ bugs: [bug('Leaving', 1), bug('Next', 1)] }, NOW, { exclude: [bid('id-Leaving')] });
      assert.equal(pick?.reason, "2 bugs are still at level 1; 'Next' has had 0 min at level 1, 30 min left of its 30-min timebox.");
    });
  });

  describe('the timebox rule: bring every bug to level 2 inside a timebox before drilling one to level 3', () => {
    it('same level: a bug past its box waits while another still has time, though it has had less time', () => {
      // 'A' has had 25 min against a 10-min box; 'B' 40 min against a 60-min box.
      const bugs = [
        bug('A', 1, { sessions: [session(1, 0, 25)], timeboxes: [{ level: 1, minutes: 10 }] }),
        bug('B', 1, { sessions: [session(1, 30, 70)], timeboxes: [{ level: 1, minutes: 60 }] }),
      ];
      const pick = next({ bugs }, NOW);
      assert.equal(pick?.bug.title, 'B');
      assert.equal(pick?.reason, "'A' is 15 min past its 10-min level-1 timebox; 'B' has 20 min left of its 60-min level-1 timebox.");
      assert.deepEqual([pick?.withinBox, pick?.everyBugPastBox, pick?.timeboxMinutes, pick?.secondsLeft], [true, false, 60, 20 * 60]);
    });

    it('same level: the default box counts too, and more bugs past it are counted', () => {
      const bugs = [
        bug('A', 1, { sessions: [session(1, 0, 70)] }),
        bug('C', 1, { sessions: [session(1, 100, 135)] }),
        bug('B', 1, { sessions: [session(1, 200, 210)] }),
      ];
      const pick = next({ bugs }, NOW);
      assert.equal(pick?.bug.title, 'B');
      assert.equal(
        pick?.reason,
        "'A' is 40 min past its 30-min level-1 timebox, and 1 more bug at level 1 is past its box; 'B' has 20 min left of its 30-min level-1 timebox.",
      );
    });

    it('different levels: a lower-level bug past its box still comes before a higher-level bug with time', () => {
      const bugs = [bug('B', 2, { sessions: [session(2, 0, 40)] }), bug('A', 1, { sessions: [session(1, 100, 170)] })];
      const pick = next({ bugs }, NOW);
      assert.equal(pick?.bug.title, 'A');
      assert.equal(
        pick?.reason,
        "'A' is 40 min past its 30-min level-1 timebox, but lower levels come first: it is still at level 1, while 'B' (level 2) has 20 min left. If it is stuck: park it, ask for help, or take a fresh look.",
      );
      assert.deepEqual([pick?.withinBox, pick?.everyBugPastBox], [false, false]);
    });

    it("different levels, withinBoxOnly (the nudge's Switch): the bug with time, saying the lower ones are past their boxes", () => {
      const bugs = [bug('B', 2, { sessions: [session(2, 0, 40)] }), bug('A', 1, { sessions: [session(1, 100, 170)] })];
      const pick = next({ bugs }, NOW, { withinBoxOnly: true });
      assert.equal(pick?.bug.title, 'B');
      assert.equal(pick?.reason, "'B' has 20 min left of its 60-min level-2 timebox; every bug below level 2 is past its timebox ('A' by 40 min).");
      assert.equal(next({ bugs: [bugs[1] as Bug] }, NOW, { withinBoxOnly: true }), undefined, 'none has time: nothing');
    });

    it('every bug past its box: the pick is still made (lowest level, least time) and the reason says so', () => {
      const bugs = [
        bug('A', 1, { sessions: [session(1, 0, 70)] }),
        bug('D', 2, { sessions: [session(2, 70, 170)] }),
        bug('C', 1, { sessions: [session(1, 200, 245)] }),
      ];
      const pick = next({ bugs }, NOW);
      assert.equal(pick?.bug.title, 'C');
      assert.equal(
        pick?.reason,
        "All 3 open bugs are past their timeboxes; 'C' is 15 min past its 30-min level-1 timebox and comes first (lowest level, then least time at it). Park one, ask for help, or take a fresh look.",
      );
      assert.deepEqual([pick?.withinBox, pick?.everyBugPastBox], [false, true]);
    });

    it('every bug past its box: the only open bug, and the only other one when you leave one', () => {
      const alone = next({ bugs: [bug('A', 1, { sessions: [session(1, 0, 70)] })] }, NOW);
      assert.equal(alone?.reason, "'A' is 40 min past its 30-min level-1 timebox, and it is the only open bug. Park it, ask for help, or take a fresh look.");
      const leaving = next({ bugs: [bug('L', 1, { sessions: [session(1, 0, 70)] }), bug('A', 2, { sessions: [session(2, 100, 200)] })] }, NOW, {
        exclude: [bid('id-L')],
      });
      assert.equal(
        leaving?.reason,
        "The only other open bug is past its timebox too: 'A' is 40 min past its 60-min level-2 timebox. Park one, ask for help, or take a fresh look.",
      );
      const others = next({ bugs: [bug('L', 1), bug('A', 2, { sessions: [session(2, 100, 200)] }), bug('B', 2, { sessions: [session(2, 200, 290)] })] }, NOW, {
        exclude: [bid('id-L')],
      });
      assert.equal(
        others?.reason,
        "All 2 other open bugs are past their timeboxes; 'B' is 30 min past its 60-min level-2 timebox and comes first (lowest level, then least time at it). Park one, ask for help, or take a fresh look.",
      );
    });

    it('the running session counts against the box: a bug that just ran past it gives way', () => {
      const bugs = [bug('Active', 1, { sessions: [session(1, 0, 5)] }), bug('Other', 1, { sessions: [session(1, 10, 30)] })];
      const running = { bugId: bid('id-Active'), level: 1 as const, start: at(570) };
      const pick = next({ bugs }, NOW, { running });
      assert.equal(pick?.bug.title, 'Other');
      assert.equal(pick?.reason, "'Active' is 5 min past its 30-min level-1 timebox; 'Other' has 10 min left of its 30-min level-1 timebox.");
    });

    it("the settings' defaults are the box of bugs without their own", () => {
      const bugs = [bug('A', 1, { sessions: [session(1, 0, 20)] }), bug('B', 1, { sessions: [session(1, 30, 45)] })];
      assert.equal(next({ bugs }, NOW)?.bug.title, 'B');
      const pick = next({ bugs }, NOW, { timeboxDefaults: { 1: 10, 2: 60, 3: 120 } });
      assert.equal(pick?.bug.title, 'B');
      assert.equal(
        pick?.reason,
        "All 2 open bugs are past their timeboxes; 'B' is 5 min past its 10-min level-1 timebox and comes first (lowest level, then least time at it). Park one, ask for help, or take a fresh look.",
      );
    });

    it('ties: equal time, both with time left: the longest untouched, then the journal order', () => {
      const untouched = next({ bugs: [bug('recent', 1, { createdAt: 50 }), bug('old', 1, { createdAt: 10 })] }, NOW);
      assert.equal(untouched?.reason, "2 bugs are still at level 1; 'old' has had 0 min at level 1, 30 min left of its 30-min timebox.");
      const order = next({ bugs: [bug('first', 1), bug('second', 1)] }, NOW);
      assert.equal(order?.reason, "2 bugs are still at level 1; 'first' has had 0 min at level 1, 30 min left of its 30-min timebox.");
    });

    it('ties: equal time, both past their boxes: the journal order, the same in any order of ties broken by touch', () => {
      const bugs = [bug('first', 1, { sessions: [session(1, 0, 40)] }), bug('second', 1, { sessions: [session(1, 0, 40)] })];
      const pick = next({ bugs }, NOW);
      assert.equal(pick?.bug.title, 'first');
      assert.equal(
        pick?.reason,
        "All 2 open bugs are past their timeboxes; 'first' is 10 min past its 30-min level-1 timebox and comes first (lowest level, then least time at it). Park one, ask for help, or take a fresh look.",
      );
      assert.equal(next({ bugs: [...bugs].reverse() }, NOW)?.bug.title, 'second');
    });

    it('a bug exactly at its box is past it (no time left)', () => {
      const bugs = [bug('A', 1, { sessions: [session(1, 0, 30)] }), bug('B', 1, { sessions: [session(1, 40, 75)], timeboxes: [{ level: 1, minutes: 40 }] })];
      const pick = next({ bugs }, NOW);
      assert.equal(pick?.bug.title, 'B');
      assert.equal(pick?.reason, "'A' has used up its 30-min level-1 timebox; 'B' has 5 min left of its 40-min level-1 timebox.");
    });
  });

  describe('lastTouched', () => {
    it('is the latest of creation, level changes, sessions, hypotheses, snippets, timeline and the running session', () => {
      const base = bug('t', 1);
      assert.equal(lastTouched(base), Date.parse(T0));
      const touched: Bug = {
        ...base,
        sessions: [session(1, 5, 10)],
        hypotheses: [{ id: 'h-1' as never, kind: 'hypothesis', text: 'x', status: 'refuted', created: at(11), resolved: at(20) }],
        snippets: [{ id: 's-1' as never, source: 'clipboard', captured: at(15), text: 'y' }],
        timeline: [{ at: at(25), kind: 'attempt' }],
      };
      assert.equal(lastTouched(touched), Date.parse(at(25)));
      assert.equal(lastTouched(touched, { bugId: base.id, level: 1, start: at(40) }), Date.parse(at(40)));
      assert.equal(lastTouched(touched, { bugId: bid('other-bug'), level: 1, start: at(40) }), Date.parse(at(25)));
    });
  });

  describe('bugsLeftBehind', () => {
    const a1 = bug('a1', 1);
    const b1 = bug('b1', 1);
    const c2 = bug('c2', 2);
    const parked1 = bug('parked1', 1, { status: 'parked' });
    const resolved1 = bug('resolved1', 1, { status: 'resolved' });
    const journal = { bugs: [a1, b1, c2, parked1, resolved1] };

    it('promoting a level-1 bug to 2 leaves the other open level-1 bugs behind', () => {
      assert.deepEqual(
        bugsLeftBehind(journal, a1, 2).map((b) => b.title),
        ['b1'],
      );
    });

    it('promoting a level-2 bug to 3 leaves the open bugs at levels 1 and 2 behind', () => {
      assert.deepEqual(
        bugsLeftBehind(journal, c2, 3).map((b) => b.title),
        ['a1', 'b1'],
      );
    });

    it('a breadth-first promotion (no other open bug lower) leaves nobody behind', () => {
      const onlyLow = { bugs: [a1, c2, parked1, resolved1] };
      assert.deepEqual(bugsLeftBehind(onlyLow, a1, 2), []);
    });

    it('parked and resolved bugs are never left behind', () => {
      const titles = bugsLeftBehind(journal, c2, 3).map((b) => b.title);
      assert.ok(!titles.includes('parked1'));
      assert.ok(!titles.includes('resolved1'));
    });
  });
});
