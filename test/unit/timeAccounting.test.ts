import { strict as assert } from 'node:assert';
import { addSeconds, NO_TIME, secondsAtCurrentLevel, secondsByLevel, totalSeconds } from '../../src/core/model/timeAccounting';
import { DEFAULT_TIMEBOX_MINUTES, isTimeboxOver, timeboxMinutes, timeboxSecondsLeft } from '../../src/core/model/timebox';
import type { RunningSession, Session } from '../../src/core/model/types';
import { at, bid, makeBug, session, ts } from './helpers';

const MIN = 60;

describe('time accounting', () => {
  describe('secondsByLevel', () => {
    it('a bug without sessions has no time at any level', () => {
      assert.deepEqual(secondsByLevel(makeBug(), at(100)), { 1: 0, 2: 0, 3: 0 });
    });

    it('sums closed sessions per level, never wall-clock time since creation', () => {
      const bug = makeBug({ sessions: [session(1, 0, 10), session(1, 60, 75), session(2, 80, 120)] });
      assert.deepEqual(secondsByLevel(bug, at(1000)), { 1: 25 * MIN, 2: 40 * MIN, 3: 0 });
    });

    it('counts sessions across all three levels separately', () => {
      const bug = makeBug({ level: 3, sessions: [session(1, 0, 5), session(2, 5, 15), session(3, 15, 45), session(1, 50, 51)] });
      const byLevel = secondsByLevel(bug, at(100));
      assert.deepEqual(byLevel, { 1: 6 * MIN, 2: 10 * MIN, 3: 30 * MIN });
      assert.equal(totalSeconds(byLevel), 46 * MIN);
      assert.equal(secondsAtCurrentLevel(bug, at(100)), 30 * MIN);
    });

    it('overlapping sessions (two windows recording the same work) count once', () => {
      const bug = makeBug({ sessions: [session(1, 0, 30), session(1, 10, 20), session(1, 25, 40), session(1, 40, 50)] });
      assert.equal(secondsByLevel(bug, at(100))[1], 50 * MIN);
    });

    it('overlapping sessions at different levels count once, at the level of the one that started first (issue 13)', () => {
      const bug = makeBug({ sessions: [session(2, 10, 40), session(1, 0, 30)] });
      assert.deepEqual(secondsByLevel(bug, at(100)), { 1: 30 * MIN, 2: 10 * MIN, 3: 0 });
      assert.equal(totalSeconds(secondsByLevel(bug, at(100))), 40 * MIN, 'the wall-clock time worked, not more');
    });

    it('a session in the file without an end is not counted, however long ago it started (issue 13)', () => {
      const bug = makeBug({ sessions: [session(1, 0, 10), session(1, 20)] });
      assert.equal(secondsByLevel(bug, at(35))[1], 10 * MIN);
      // The hand-written file of the issue: a session opened 282 days ago counted up to now.
      const old = makeBug({ level: 2, sessions: [session(2, 0), session(2, 100, 130)] });
      assert.deepEqual(secondsByLevel(old, at(282 * 24 * 60)), { 1: 0, 2: 30 * MIN, 3: 0 });
      assert.equal(secondsAtCurrentLevel(old, at(282 * 24 * 60)), 30 * MIN);
    });

    it("an open session in the file does not stop the host's running session from counting", () => {
      const bug = makeBug({ sessions: [session(1, 0)] });
      const running: RunningSession = { bugId: bug.id, level: 1, start: at(20) };
      assert.equal(secondsByLevel(bug, at(50), running)[1], 30 * MIN);
    });

    it('a session that ends before it starts counts nothing', () => {
      const backwards: Session = { level: 1, start: at(30), end: at(20) };
      const bug = makeBug({ sessions: [backwards, session(1, 40, 41)] });
      assert.equal(secondsByLevel(bug, at(100))[1], 1 * MIN);
    });

    it('a session starting after now counts nothing, and one running past now counts up to now', () => {
      const bug = makeBug({ sessions: [session(1, 50, 60), session(2, 0, 60)] });
      assert.deepEqual(secondsByLevel(bug, at(30)), { 1: 0, 2: 30 * MIN, 3: 0 });
    });

    it('the running session of this bug counts up to now at its level', () => {
      const bug = makeBug({ sessions: [session(1, 0, 10)] });
      const running: RunningSession = { bugId: bug.id, level: 1, start: at(20) };
      assert.equal(secondsByLevel(bug, at(50), running)[1], 40 * MIN);
    });

    it('the running session of another bug does not count', () => {
      const bug = makeBug({ sessions: [session(1, 0, 10)] });
      const running: RunningSession = { bugId: bid('someone-else'), level: 1, start: at(20) };
      assert.equal(secondsByLevel(bug, at(50), running)[1], 10 * MIN);
    });

    it('the running session overlapping a saved session of the same work counts once', () => {
      const bug = makeBug({ sessions: [session(1, 0, 30)] });
      const running: RunningSession = { bugId: bug.id, level: 1, start: at(20) };
      assert.equal(secondsByLevel(bug, at(40), running)[1], 40 * MIN);
    });

    it('second fractions are rounded to whole seconds', () => {
      const bug = makeBug({ sessions: [{ level: 1, start: ts('2026-03-01T09:00:00.400Z'), end: ts('2026-03-01T09:00:10.000Z') }] });
      assert.equal(secondsByLevel(bug, at(100))[1], 10);
    });

    it('does not change the bug it measures', () => {
      const bug = makeBug({ sessions: [session(1, 0, 10)] });
      const snapshot = JSON.stringify(bug);
      secondsByLevel(bug, at(50), { bugId: bug.id, level: 2, start: at(20) });
      assert.equal(JSON.stringify(bug), snapshot);
    });

    it('addSeconds adds per level and NO_TIME is the neutral start', () => {
      assert.deepEqual(addSeconds(NO_TIME, { 1: 1, 2: 2, 3: 3 }), { 1: 1, 2: 2, 3: 3 });
      assert.deepEqual(addSeconds({ 1: 1, 2: 2, 3: 3 }, { 1: 10, 2: 20, 3: 30 }), { 1: 11, 2: 22, 3: 33 });
      assert.ok(Object.isFrozen(NO_TIME));
    });

    it('asked again for one bug at other moments and with a running session, gives what each moment has (the parsed sessions are reused)', () => {
      const bug = makeBug({ sessions: [session(1, 0, 10), session(2, 20, 40)] });
      assert.deepEqual(secondsByLevel(bug, at(100)), { 1: 10 * MIN, 2: 20 * MIN, 3: 0 });
      assert.deepEqual(secondsByLevel(bug, at(30)), { 1: 10 * MIN, 2: 10 * MIN, 3: 0 }, 'an earlier now cuts the session it falls in');
      assert.deepEqual(secondsByLevel(bug, at(5)), { 1: 5 * MIN, 2: 0, 3: 0 });
      const running: RunningSession = { bugId: bug.id, level: 2, start: at(50) };
      assert.deepEqual(secondsByLevel(bug, at(70), running), { 1: 10 * MIN, 2: 40 * MIN, 3: 0 });
      assert.deepEqual(secondsByLevel(bug, at(100)), { 1: 10 * MIN, 2: 20 * MIN, 3: 0 }, 'the running session is not remembered');
      const edited = { ...bug, sessions: [...bug.sessions, session(2, 60, 65)] };
      assert.deepEqual(secondsByLevel(edited, at(100)), { 1: 10 * MIN, 2: 25 * MIN, 3: 0 }, 'an edit (a new sessions array) counts again');
    });
  });

  describe('timebox', () => {
    const defaults = DEFAULT_TIMEBOX_MINUTES;

    it('uses the default minutes of the level when the bug has no timebox', () => {
      assert.equal(timeboxMinutes(makeBug({ level: 1 }), 1, defaults), 30);
      assert.equal(timeboxMinutes(makeBug({ level: 1 }), 2, defaults), 60);
      assert.equal(timeboxMinutes(makeBug({ level: 1 }), 3, defaults), 120);
      assert.equal(timeboxMinutes(makeBug({ level: 2 }), 2, { 1: 5, 2: 7, 3: 9 }), 7);
    });

    it('gives the box of any level, set ahead or not: its timeboxes entry, else the default', () => {
      const bug = makeBug({
        level: 1,
        timeboxes: [
          { level: 3, minutes: 90 },
          { level: 1, minutes: 20 },
        ],
      });
      assert.equal(timeboxMinutes(bug, 1, defaults), 20);
      assert.equal(timeboxMinutes(bug, 2, defaults), 60);
      assert.equal(timeboxMinutes(bug, 3, defaults), 90);
    });

    it("reads an older file's single timebox as the box of its level, and only of that level", () => {
      const bug = makeBug({ level: 2, timebox: { level: 2, minutes: 45 } });
      assert.equal(timeboxMinutes(bug, 2, defaults), 45);
      assert.equal(timeboxMinutes(bug, 1, defaults), 30);
      assert.equal(timeboxMinutes(makeBug({ level: 2, timebox: { level: 1, minutes: 5 } }), 2, defaults), 60);
      assert.equal(timeboxMinutes(makeBug({ level: 2, timebox: { level: 1, minutes: 5 } }), 1, defaults), 5);
      // A timeboxes entry for the same level wins.
      assert.equal(timeboxMinutes(makeBug({ timebox: { level: 1, minutes: 5 }, timeboxes: [{ level: 1, minutes: 25 }] }), 1, defaults), 25);
    });

    it('time left counts only sessions at the current level', () => {
      const bug = makeBug({ level: 2, timebox: { level: 2, minutes: 45 }, sessions: [session(1, 0, 100), session(2, 100, 130)] });
      assert.equal(timeboxSecondsLeft(bug, at(200), defaults), 15 * MIN);
      assert.equal(isTimeboxOver(bug, at(200), defaults), false);
    });

    it('time left includes the running session of the bug and goes negative when over', () => {
      const bug = makeBug({ level: 1, sessions: [session(1, 0, 20)] });
      const running: RunningSession = { bugId: bug.id, level: 1, start: at(100) };
      assert.equal(timeboxSecondsLeft(bug, at(105), defaults, running), 5 * MIN);
      assert.equal(timeboxSecondsLeft(bug, at(115), defaults, running), -5 * MIN);
      assert.equal(isTimeboxOver(bug, at(115), defaults, running), true);
    });

    it('the timebox is over exactly when the time reaches it', () => {
      const bug = makeBug({ level: 1, sessions: [session(1, 0, 30)] });
      assert.equal(timeboxSecondsLeft(bug, at(60), defaults), 0);
      assert.equal(isTimeboxOver(bug, at(60), defaults), true);
      assert.equal(isTimeboxOver(makeBug({ level: 1, sessions: [session(1, 0, 29)] }), at(60), defaults), false);
    });
  });
});
