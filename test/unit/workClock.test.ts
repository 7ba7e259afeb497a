import { strict as assert } from 'node:assert';
import type { BugId, Timestamp } from '../../src/core/model/types';
import {
  recordActivity,
  recordTick,
  resumeAfterReload,
  startTracking,
  stopTracking,
  type ClockLimits,
  type ClockState,
  type ClockStep,
  type LeftOutTime,
} from '../../src/core/model/workClock';
import { createBug, promote } from '../../src/core/model/transitions';
import { applyEdit } from '../../src/core/model/operations';
import { sequentialIds } from '../../src/core/model/ids';
import { DEFAULT_TIMEBOX_MINUTES } from '../../src/core/model/timebox';
import { secondsByLevel } from '../../src/core/model/timeAccounting';
import { stripTerminalEscapes } from '../../src/core/model/terminalText';

const BUG = 'clockBug01' as BugId;
const LIMITS: ClockLimits = { idleSeconds: 10 * 60, maxTickGapSeconds: 60 };
const RESTART = { bugId: BUG, level: 1 as const };
/** Seconds after 09:00 on a fixed day, as a timestamp. */
const atSecond = (second: number): Timestamp => new Date(Date.UTC(2026, 1, 25, 9, 0, second)).toISOString().replace('.000Z', 'Z') as Timestamp;
/** Minutes (and seconds) after 09:00 on a fixed day, as a timestamp. */
const at = (minutes: number, seconds = 0): Timestamp => atSecond(minutes * 60 + seconds);

/** A session started at 09:00 (ticked then). */
function started(startMinute = 0, level: 1 | 2 | 3 = 1): ClockState {
  return { running: startTracking({ bugId: BUG, level, start: at(startMinute) }), lastTick: at(startMinute) };
}

/**
 * A small host: the state and everything the steps closed and left out, fed like the host
 * feeds the clock (a tick every 5 s while the machine is awake).
 */
class Simulated {
  readonly closed: NonNullable<ClockStep['closed']>[] = [];
  readonly leftOut: LeftOutTime[][] = [];
  constructor(public state: ClockState) {}

  private take(step: ClockStep): ClockStep {
    if (step.closed) this.closed.push(step.closed);
    if (step.leftOut.length > 0) this.leftOut.push([...step.leftOut]);
    this.state = step.state;
    return step;
  }

  /** Ticks every 5 s after the last tick, up to and including `until`. */
  ticksUntil(until: Timestamp): this {
    for (let t = Date.parse(this.state.lastTick) + 5000; t <= Date.parse(until); t += 5000) this.tick(atSecond((t - Date.parse(at(0))) / 1000));
    return this;
  }

  /** Activity every minute up to `until`, with the ticks between. */
  workUntil(until: Timestamp): this {
    for (let t = Date.parse(this.state.lastTick) + 60_000; t <= Date.parse(until); t += 60_000) {
      const now = atSecond((t - Date.parse(at(0))) / 1000);
      this.ticksUntil(now).activity(now);
    }
    return this;
  }

  tick(now: Timestamp): ClockStep {
    return this.take(recordTick(this.state, now, LIMITS));
  }

  activity(now: Timestamp): ClockStep {
    return this.take(recordActivity(this.state, now, LIMITS, RESTART));
  }

  stop(now: Timestamp): ClockStep {
    return this.take(stopTracking(this.state, now, LIMITS));
  }
}

describe('The work clock (honest time)', () => {
  it('keeps a session running while activity comes within the idle limit', () => {
    const step = recordActivity({ ...started(), lastTick: at(8, 55) }, at(9), LIMITS, RESTART);
    assert.equal(step.closed, undefined);
    assert.deepEqual(step.leftOut, []);
    assert.equal(step.state.running?.lastActivity, at(9));
    assert.equal(step.state.running?.start, at(0));
  });

  it('20 min of work, 30 min idle, back: the session is the 20 min, and the whole 30 idle minutes are reported once, as idle (the reported bug)', () => {
    const clock = new Simulated(started()).workUntil(at(20)).ticksUntil(at(30, 0));
    assert.deepEqual(clock.closed, [], 'within the idle limit nothing is closed yet');
    const paused = clock.tick(at(30, 5));
    assert.deepEqual(paused.closed, { level: 1, start: at(0), end: at(20) }, 'past the limit the session ends at the last activity');
    assert.deepEqual(paused.leftOut, [], 'how long the idle stretch is, is known only when it ends');
    assert.equal(paused.state.running, undefined);
    assert.deepEqual(paused.state.pause, { since: at(20), gapSeconds: 0 });
    clock.ticksUntil(at(50));
    const back = clock.activity(at(50));
    assert.deepEqual(back.leftOut, [{ seconds: 30 * 60, because: 'idle' }]);
    assert.equal(back.state.running?.start, at(50));
    // The ticks after coming back see no gap: the paused ticks kept the last tick current.
    clock.workUntil(at(55)).ticksUntil(at(56));
    assert.deepEqual(clock.leftOut, [[{ seconds: 30 * 60, because: 'idle' }]], 'no sleep is reported: the machine never slept');
    assert.deepEqual(clock.stop(at(56)).closed, { level: 1, start: at(50), end: at(56) });
  });

  it('without a tick past the limit (a starved timer), the next activity closes at the last activity and reports the whole idle stretch', () => {
    const active = recordActivity({ ...started(), lastTick: at(4, 55) }, at(5), LIMITS, RESTART).state;
    const step = recordActivity({ ...active, lastTick: at(29, 40) }, at(30), LIMITS, RESTART);
    assert.deepEqual(step.closed, { level: 1, start: at(0), end: at(5) });
    assert.equal(step.state.running?.start, at(30));
    assert.deepEqual(step.leftOut, [{ seconds: 25 * 60, because: 'idle' }]);
  });

  it('does not count a 40-minute clock gap (sleep), even with a long idle limit', () => {
    const limits = { ...LIMITS, idleSeconds: 120 * 60 };
    const active = recordActivity({ ...started(), lastTick: at(9, 55) }, at(10), limits, RESTART).state; // one activity at 09:10
    // Ticks every 5 s until 09:10:05, then the machine sleeps until 09:50:05.
    const step = recordTick({ ...active, lastTick: at(10, 5) }, at(50, 5), limits);
    assert.deepEqual(step.closed, { level: 1, start: at(0), end: at(10, 5) });
    assert.deepEqual(step.leftOut, [{ seconds: 40 * 60, because: 'clock-gap' }]);
    assert.equal(step.state.running?.start, at(50, 5));
    const bug = applyEdit(
      'recordSession',
      createBug({ id: BUG, title: 'slept' }, at(0)),
      { session: { level: 1, start: at(0), end: step.closed!.end! } },
      { now: at(0), ids: sequentialIds(), timeboxDefaults: DEFAULT_TIMEBOX_MINUTES },
    );
    assert.equal(secondsByLevel(bug, at(50, 5))[1], 10 * 60 + 5);
  });

  it('a sleep whose first sign is an activity (before the first tick after waking) is a clock gap, reported once, never idle', () => {
    const clock = new Simulated(started()).workUntil(at(10));
    clock.ticksUntil(at(10, 30));
    const woke = clock.activity(at(55));
    assert.deepEqual(woke.closed, { level: 1, start: at(0), end: at(10, 30) });
    assert.deepEqual(woke.leftOut, [{ seconds: 44 * 60 + 30, because: 'clock-gap' }]);
    assert.equal(woke.state.running?.start, at(55));
    clock.ticksUntil(at(56));
    assert.equal(clock.leftOut.length, 1, 'the next tick does not report the same gap again');
  });

  it('a sleep shorter than the idle limit is not counted as work either', () => {
    const clock = new Simulated(started()).workUntil(at(10));
    clock.ticksUntil(at(10, 5));
    const woke = clock.activity(at(15, 5));
    assert.deepEqual(woke.closed, { level: 1, start: at(0), end: at(10, 5) });
    assert.deepEqual(woke.leftOut, [{ seconds: 5 * 60, because: 'clock-gap' }]);
  });

  it('an idle pause that runs into a sleep reports the idle part as idle and the sleep as a clock gap', () => {
    const clock = new Simulated(started()).workUntil(at(20)).ticksUntil(at(35));
    assert.deepEqual(clock.state.pause, { since: at(20), gapSeconds: 0 });
    clock.tick(at(120)); // the machine slept from 09:35 to 11:00
    assert.deepEqual(clock.state.pause, { since: at(20), gapSeconds: 85 * 60 });
    clock.ticksUntil(at(121));
    const back = clock.activity(at(121));
    assert.deepEqual(back.leftOut, [
      { seconds: 16 * 60, because: 'idle' },
      { seconds: 85 * 60, because: 'clock-gap' },
    ]);
    assert.deepEqual(clock.closed, [{ level: 1, start: at(0), end: at(20) }]);
  });

  it('keeps counting across ordinary ticks', () => {
    const step = recordTick({ ...started(), lastTick: at(1) }, at(1, 5), LIMITS);
    assert.equal(step.closed, undefined);
    assert.equal(step.state.running?.start, at(0));
    assert.equal(step.state.lastTick, at(1, 5));
  });

  it('a session with no activity after its start has no work to record when it pauses', () => {
    const step = recordTick({ ...started(), lastTick: at(10, 55) }, at(11), LIMITS);
    assert.equal(step.closed, undefined);
    assert.equal(step.state.running, undefined);
    assert.deepEqual(step.state.pause, { since: at(0), gapSeconds: 0 });
  });

  it('stops at now when the user was active recently, at the last activity when idle too long, reporting the idle time', () => {
    const active = new Simulated(started()).workUntil(at(20)).state;
    assert.deepEqual(stopTracking({ ...active, lastTick: at(24, 55) }, at(25), LIMITS), {
      state: { lastTick: at(25) },
      closed: { level: 1, start: at(0), end: at(25) },
      leftOut: [],
    });
    const stale = stopTracking({ ...active, lastTick: at(44, 55) }, at(45), LIMITS);
    assert.deepEqual(stale.closed, { level: 1, start: at(0), end: at(20) });
    assert.deepEqual(stale.leftOut, [{ seconds: 25 * 60, because: 'idle' }]);
  });

  it('stopping during an idle pause ends the pause and reports it', () => {
    const clock = new Simulated(started()).workUntil(at(20)).ticksUntil(at(40));
    const stopped = clock.stop(at(40));
    assert.equal(stopped.closed, undefined, 'the session was closed when the pause began');
    assert.deepEqual(stopped.leftOut, [{ seconds: 20 * 60, because: 'idle' }]);
    assert.deepEqual(stopped.state, { lastTick: at(40) });
  });

  it('after a stop or a window close, the next activity starts a new session and reports nothing', () => {
    const step = recordActivity({ lastTick: at(10) }, at(90), LIMITS, RESTART);
    assert.deepEqual(step.leftOut, []);
    assert.equal(step.state.running?.start, at(90));
    assert.equal(recordActivity({ lastTick: at(10) }, at(90), LIMITS).state.running, undefined, 'a bug no longer open gets no session');
  });

  it('splits the session on promote: the old level gets its time, the new level starts fresh', () => {
    const bug = createBug({ id: BUG, title: 'split' }, at(0));
    const running = new Simulated(started()).workUntil(at(15)).state;
    const closed = stopTracking(running, at(15), LIMITS).closed!;
    const promoted = promote({ ...bug, sessions: [closed] }, 'found it', at(15));
    const next = startTracking({ bugId: BUG, level: promoted.level, start: at(15) });
    assert.deepEqual(secondsByLevel(promoted, at(40), next), { 1: 15 * 60, 2: 25 * 60, 3: 0 });
  });

  it('after a reload mid-session, goes on when the last activity is within the idle limit', () => {
    const saved = new Simulated(started()).workUntil(at(20)).state;
    const resumed = resumeAfterReload(saved, at(21), LIMITS);
    assert.equal(resumed.closed, undefined);
    assert.equal(resumed.state.running?.start, at(0));
    assert.equal(resumed.state.lastTick, at(21), 'the reload is no clock gap');
    assert.deepEqual(resumed.leftOut, []);
  });

  it('after a reload much later, the session ends at the last activity; only the idle time while the window was open is reported', () => {
    const saved = new Simulated(started()).workUntil(at(20)).ticksUntil(at(23)).state; // the window died at 09:23
    const resumed = resumeAfterReload(saved, at(90), LIMITS);
    assert.deepEqual(resumed.closed, { level: 1, start: at(0), end: at(20) });
    assert.equal(resumed.state.running, undefined);
    assert.deepEqual(resumed.leftOut, [{ seconds: 3 * 60, because: 'idle' }]);
  });

  it('after a reload during an idle pause, the pause ends at the last tick', () => {
    const saved = new Simulated(started()).workUntil(at(20)).ticksUntil(at(45)).state;
    const resumed = resumeAfterReload(saved, at(300), LIMITS);
    assert.equal(resumed.closed, undefined);
    assert.deepEqual(resumed.leftOut, [{ seconds: 25 * 60, because: 'idle' }]);
    assert.deepEqual(resumed.state, { lastTick: at(300) });
  });

  it('a stop right after waking (no tick since the sleep) ends the session before the sleep and reports the sleep', () => {
    const active = new Simulated(started()).workUntil(at(10)).state;
    const step = stopTracking(active, at(40), LIMITS);
    assert.deepEqual(step.closed, { level: 1, start: at(0), end: at(10) });
    assert.deepEqual(step.leftOut, [{ seconds: 30 * 60, because: 'clock-gap' }]);
    assert.deepEqual(step.state, { lastTick: at(40) });
  });

  it('a pause that ended is noted in the timeline by recordLeftOut, at the time it ended', () => {
    const bug = applyEdit(
      'recordLeftOut',
      createBug({ id: BUG, title: 'away' }, at(0)),
      { leftOutNote: '30 min idle not counted' },
      { now: at(50), ids: sequentialIds(), timeboxDefaults: DEFAULT_TIMEBOX_MINUTES },
    );
    assert.deepEqual(bug.timeline, [{ at: at(50), kind: 'time-left-out', text: '30 min idle not counted' }]);
    assert.deepEqual(bug.sessions, []);
  });

  it('never records a session that ends before it starts (a clock set back)', () => {
    const step = stopTracking(started(30), at(10), LIMITS);
    assert.equal(step.closed, undefined);
  });
});

describe('Terminal text', () => {
  it('drops colour codes, OSC shell-integration marks and carriage returns', () => {
    const raw = '\u001b]633;C\u0007\u001b[32mok\u001b[0m\r\nunable to load configuration from pip\r\n\u001b]633;D;1\u0007';
    assert.equal(stripTerminalEscapes(raw), 'ok\nunable to load configuration from pip\n');
  });
});
