import { strict as assert } from 'node:assert';
import { bugsLeftBehind, lastTouched, next, type SchedulerOptions } from '../../src/core/model/scheduler';
import { createBug } from '../../src/core/model/transitions';
import type { Bug, BugStatus, Level, Session, Timestamp } from '../../src/core/model/types';
import { at, bid, session, T0 } from './helpers';

/** A bug named by its title, created `createdAt` minutes after T0. */
function bug(title: string, level: Level, options: { status?: BugStatus; sessions?: Session[]; createdAt?: number } = {}): Bug {
  const created = at(options.createdAt ?? 0);
  return {
    ...createBug({ id: bid(`id-${title}`), title, level }, created),
    status: options.status ?? 'open',
    sessions: options.sessions ?? [],
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
    bugs: [bug('worked', 1, { sessions: [session(1, 0, 30)] }), bug('barely', 1, { sessions: [session(1, 40, 45)] })],
    pick: 'barely',
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
    it('names how many bugs are still at the level: "2 bugs are still at level 1; \'X\' has had 0 min at level 1."', () => {
      const pick = next({ bugs: [bug('X', 1), bug('Y', 1, { sessions: [session(1, 0, 10)] }), bug('Z', 2)] }, NOW);
      assert.equal(pick?.reason, "2 bugs are still at level 1; 'X' has had 0 min at level 1.");
    });

    it('says when the pick is the only bug at its level and how many are deeper', () => {
      const pick = next({ bugs: [bug('Deep', 3), bug('Shallow', 1, { sessions: [session(1, 0, 75)] }), bug('Mid', 2)] }, NOW);
      assert.equal(pick?.reason, "'Shallow' is the only open bug still at level 1 (2 deeper); it has had 1 h 15 min at level 1.");
    });

    it('says when the pick is the only open bug', () => {
      const pick = next({ bugs: [bug('Alone', 2, { sessions: [session(2, 0, 42)] }), bug('Done', 1, { status: 'resolved' })] }, NOW);
      assert.equal(pick?.reason, "'Alone' is the only open bug; it has had 42 min at level 2.");
    });

    it('counts an excluded bug at the same level in the reason, since it is still open', () => {
      const pick = next({ bugs: [bug('Leaving', 1), bug('Next', 1)] }, NOW, { exclude: [bid('id-Leaving')] });
      assert.equal(pick?.reason, "2 bugs are still at level 1; 'Next' has had 0 min at level 1.");
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
