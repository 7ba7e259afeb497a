import { strict as assert } from 'node:assert';
import type { BugId, Timestamp } from '../../src/core/model/types';
import { recordActivity, recordTick, resumeAfterReload, startTracking, stopTracking, type TrackedSession } from '../../src/core/model/workClock';
import { createBug, promote } from '../../src/core/model/transitions';
import { applyEdit } from '../../src/core/model/operations';
import { sequentialIds } from '../../src/core/model/ids';
import { DEFAULT_TIMEBOX_MINUTES } from '../../src/core/model/timebox';
import { secondsByLevel } from '../../src/core/model/timeAccounting';
import { stripTerminalEscapes } from '../../src/core/model/terminalText';

const BUG = 'clockBug01' as BugId;
const IDLE = 10 * 60;
const MAX_TICK_GAP = 60;
/** Minutes after 09:00 on a fixed day, as a timestamp. */
const at = (minutes: number, seconds = 0): Timestamp => new Date(Date.UTC(2026, 1, 25, 9, minutes, seconds)).toISOString().replace('.000Z', 'Z') as Timestamp;

function tracked(startMinute: number, level: 1 | 2 | 3 = 1): TrackedSession {
  return startTracking({ bugId: BUG, level, start: at(startMinute) });
}

/** A session started at 09:00 with activity every 5 minutes up to `lastMinute`. */
function activeUntil(lastMinute: number, level: 1 | 2 | 3 = 1): TrackedSession {
  let session = tracked(0, level);
  for (let minute = 5; minute <= lastMinute; minute += 5) session = recordActivity(session, at(minute), IDLE).running!;
  return session;
}

describe('The work clock (honest time)', () => {
  it('keeps a session running while activity comes within the idle limit', () => {
    const step = recordActivity(tracked(0), at(9), IDLE);
    assert.equal(step.closed, undefined);
    assert.equal(step.running?.lastActivity, at(9));
    assert.equal(step.running?.start, at(0));
  });

  it('after an idle stretch longer than the limit, ends the session at the last activity and starts a new one', () => {
    const active = recordActivity(tracked(0), at(5), IDLE).running!;
    const step = recordActivity(active, at(30), IDLE);
    assert.deepEqual(step.closed, { level: 1, start: at(0), end: at(5) });
    assert.equal(step.running?.start, at(30));
    assert.equal(step.leftOutSeconds, 25 * 60);
    assert.equal(step.leftOutBecause, 'idle');
  });

  it('does not count a 40-minute clock gap (sleep), even with a long idle limit', () => {
    const active = recordActivity(tracked(0), at(10), 120 * 60).running!; // one activity at 09:10
    // Ticks every 5 s until 09:10:05, then the machine sleeps until 09:50:05.
    const step = recordTick(active, at(10, 5), at(50, 5), MAX_TICK_GAP, 120 * 60);
    assert.deepEqual(step.closed, { level: 1, start: at(0), end: at(10, 5) });
    assert.equal(step.leftOutSeconds, 40 * 60);
    assert.equal(step.leftOutBecause, 'clock-gap');
    assert.equal(step.running?.start, at(50, 5));
    const bug = applyEdit(
      'recordSession',
      createBug({ id: BUG, title: 'slept' }, at(0)),
      { session: { level: 1, start: at(0), end: step.closed!.end! } },
      { now: at(0), ids: sequentialIds(), timeboxDefaults: DEFAULT_TIMEBOX_MINUTES },
    );
    assert.equal(secondsByLevel(bug, at(50, 5))[1], 10 * 60 + 5);
  });

  it('keeps counting across ordinary ticks', () => {
    const step = recordTick(tracked(0), at(1), at(1, 5), MAX_TICK_GAP, IDLE);
    assert.equal(step.closed, undefined);
    assert.equal(step.running?.start, at(0));
  });

  it('pauses at a tick once idle for longer than the limit, closing at the last activity', () => {
    const step = recordTick(tracked(0), at(11), at(11, 5), MAX_TICK_GAP, IDLE);
    assert.deepEqual(step.closed, undefined, 'a session with no activity after its start has no work to record');
    assert.equal(step.running, undefined);
    const worked = recordActivity(tracked(0), at(3), IDLE).running!;
    const paused = recordTick(worked, at(14), at(14, 5), MAX_TICK_GAP, IDLE);
    assert.deepEqual(paused.closed, { level: 1, start: at(0), end: at(3) });
    assert.equal(paused.running, undefined);
  });

  it('stops at now when the user was active recently, at the last activity when idle too long', () => {
    const active = activeUntil(20);
    assert.deepEqual(stopTracking(active, at(25), IDLE).closed, { level: 1, start: at(0), end: at(25) });
    const stale = stopTracking(active, at(45), IDLE);
    assert.deepEqual(stale.closed, { level: 1, start: at(0), end: at(20) });
    assert.equal(stale.leftOutSeconds, 25 * 60);
  });

  it('splits the session on promote: the old level gets its time, the new level starts fresh', () => {
    const bug = createBug({ id: BUG, title: 'split' }, at(0));
    const running = activeUntil(15);
    const closed = stopTracking(running, at(15), IDLE).closed!;
    const promoted = promote({ ...bug, sessions: [closed] }, 'found it', at(15));
    const next = startTracking({ bugId: BUG, level: promoted.level, start: at(15) });
    assert.deepEqual(secondsByLevel(promoted, at(40), next), { 1: 15 * 60, 2: 25 * 60, 3: 0 });
  });

  it('after a reload mid-session, goes on when the last activity is within the idle limit', () => {
    const saved = activeUntil(20);
    const resumed = resumeAfterReload(saved, at(21), IDLE);
    assert.equal(resumed.closed, undefined);
    assert.equal(resumed.running?.start, at(0));
  });

  it('after a reload much later, loses no more than the idle limit: the session ends at the last activity', () => {
    const saved = activeUntil(20);
    const resumed = resumeAfterReload(saved, at(90), IDLE);
    assert.deepEqual(resumed.closed, { level: 1, start: at(0), end: at(20) });
    assert.equal(resumed.running, undefined);
    assert.equal(resumed.leftOutSeconds, 70 * 60);
  });

  it('never records a session that ends before it starts (a clock set back)', () => {
    const step = stopTracking(tracked(30), at(10), IDLE);
    assert.equal(step.closed, undefined);
  });
});

describe('Terminal text', () => {
  it('drops colour codes, OSC shell-integration marks and carriage returns', () => {
    const raw = '\u001b]633;C\u0007\u001b[32mok\u001b[0m\r\nunable to load configuration from pip\r\n\u001b]633;D;1\u0007';
    assert.equal(stripTerminalEscapes(raw), 'ok\nunable to load configuration from pip\n');
  });
});
