import { strict as assert } from 'node:assert';
import {
  addHypothesis,
  addLink,
  addTimelineEvent,
  attachSnippet,
  changeLevel,
  createBug,
  deleteHypothesis,
  demote,
  extendTimebox,
  JournalError,
  keepDrilling,
  logAttempt,
  park,
  promote,
  reopen,
  resolveBug,
  resolveHypothesis,
  setNotes,
  setTimebox,
  setTitle,
} from '../../src/core/model/transitions';
import type { JournalErrorCode } from '../../src/core/model/transitions';
import { sequentialIds } from '../../src/core/model/ids';
import type { Bug, Session } from '../../src/core/model/types';
import { applyEdit } from '../../src/core/model/operations';
import { DEFAULT_TIMEBOX_MINUTES, timeboxMinutes, timeboxSecondsLeft } from '../../src/core/model/timebox';
import { at, bid, deepFreeze, hid, makeBug, session, sid, T0 } from './helpers';

/** Asserts that `run` throws a JournalError with `code`. */
function throwsJournalError(run: () => unknown, code: JournalErrorCode): void {
  assert.throws(run, (error: unknown) => {
    assert.ok(error instanceof JournalError, `expected a JournalError, got ${String(error)}`);
    assert.equal(error.code, code);
    return true;
  });
}

/** A frozen bug with two hypotheses and one snippet, and a JSON copy to check it stays unchanged. */
function frozenBug(overrides: Partial<Bug> = {}): { bug: Bug; snapshot: string } {
  let bug = makeBug(overrides);
  bug = addHypothesis(bug, { id: hid('h-1'), kind: 'hypothesis', text: 'first guess' }, at(1));
  bug = addHypothesis(bug, { id: hid('h-2'), kind: 'assumption', text: 'taken for granted' }, at(2));
  bug = attachSnippet(bug, { id: sid('s-1'), source: 'terminal', text: 'boom\n' }, at(3));
  deepFreeze(bug);
  return { bug, snapshot: JSON.stringify(bug) };
}

describe('journal transitions', () => {
  describe('createBug', () => {
    it('creates an open level-1 bug with one level-history entry at the creation time', () => {
      const ids = sequentialIds();
      const bug = createBug({ id: ids.bugId(), title: '  502 on first interview  ', tags: ['uwsgi'] }, T0);
      assert.deepEqual(bug, {
        schema: 'bug-levels/v1',
        id: 'bug0001',
        title: '502 on first interview',
        status: 'open',
        level: 1,
        created: T0,
        tags: ['uwsgi'],
        levels: [{ level: 1, at: T0 }],
        sessions: [],
        hypotheses: [],
        snippets: [],
        links: [],
        timeline: [],
      });
    });

    it('starts at the level it is given', () => {
      const bug = createBug({ id: bid('bug0002'), title: 'Known cause', level: 2 }, T0);
      assert.equal(bug.level, 2);
      assert.deepEqual(bug.levels, [{ level: 2, at: T0 }]);
    });

    it('refuses a blank title', () => {
      throwsJournalError(() => createBug({ id: bid('bug0003'), title: '   ' }, T0), 'empty-text');
    });

    it('copies the tags so later changes to the input do not leak in', () => {
      const tags = ['a'];
      const bug = createBug({ id: bid('bug0004'), title: 'T', tags }, T0);
      tags.push('b');
      assert.deepEqual(bug.tags, ['a']);
    });
  });

  describe('changeLevel, promote and demote', () => {
    it('promote moves one level deeper and records the trimmed reason and time', () => {
      const { bug, snapshot } = frozenBug();
      const promoted = promote(bug, '  found the log line  ', at(10));
      assert.equal(promoted.level, 2);
      assert.deepEqual(promoted.levels, [
        { level: 1, at: T0 },
        { level: 2, at: at(10), reason: 'found the log line' },
      ]);
      assert.equal(JSON.stringify(bug), snapshot);
    });

    it('promote without a reason records no reason key', () => {
      const promoted = promote(makeBug(), undefined, at(10));
      assert.deepEqual(promoted.levels[1], { level: 2, at: at(10) });
      assert.ok(!('reason' in (promoted.levels[1] as object)));
      const blank = promote(makeBug(), '   ', at(10));
      assert.ok(!('reason' in (blank.levels[1] as object)));
    });

    it('promote refuses to go past level 3', () => {
      const bug = makeBug({ level: 3 });
      throwsJournalError(() => promote(bug, 'deeper', at(1)), 'already-deepest');
    });

    it('demote moves one level back, with its reason', () => {
      const demoted = demote(makeBug({ level: 3 }), 'the fix did not hold', at(5));
      assert.equal(demoted.level, 2);
      assert.deepEqual(demoted.levels.at(-1), { level: 2, at: at(5), reason: 'the fix did not hold' });
    });

    it('demote refuses to go below level 1', () => {
      throwsJournalError(() => demote(makeBug(), 'back', at(1)), 'already-shallowest');
    });

    it('changeLevel jumps straight to any other level', () => {
      const jumped = changeLevel(makeBug(), 3, 'obvious once seen', at(2));
      assert.equal(jumped.level, 3);
      assert.deepEqual(jumped.levels.at(-1), { level: 3, at: at(2), reason: 'obvious once seen' });
    });

    it('changeLevel refuses the level the bug is already at', () => {
      throwsJournalError(() => changeLevel(makeBug({ level: 2 }), 2, undefined, at(1)), 'same-level');
    });

    it('changing the level of a resolved bug is refused; a parked bug can still change level', () => {
      throwsJournalError(() => promote(makeBug({ status: 'resolved' }), undefined, at(1)), 'already-resolved');
      throwsJournalError(() => demote(makeBug({ status: 'resolved', level: 2 }), undefined, at(1)), 'already-resolved');
      assert.equal(promote(makeBug({ status: 'parked' }), undefined, at(1)).level, 2);
    });
  });

  describe('hypotheses and assumptions', () => {
    it('addHypothesis appends an open hypothesis with its trimmed prediction', () => {
      const { bug, snapshot } = frozenBug();
      const added = addHypothesis(bug, { id: hid('h-3'), kind: 'hypothesis', text: ' worker dies ', prediction: ' log shows DAMN ' }, at(20));
      assert.deepEqual(added.hypotheses.at(-1), {
        id: 'h-3',
        kind: 'hypothesis',
        text: 'worker dies',
        status: 'open',
        created: at(20),
        prediction: 'log shows DAMN',
      });
      assert.equal(added.hypotheses.length, 3);
      assert.equal(JSON.stringify(bug), snapshot);
    });

    it('addHypothesis of kind assumption records an assumption, without a prediction key when none is given', () => {
      const added = addHypothesis(makeBug(), { id: hid('h-1'), kind: 'assumption', text: 'preload runs once', prediction: '  ' }, at(1));
      assert.deepEqual(added.hypotheses, [{ id: 'h-1', kind: 'assumption', text: 'preload runs once', status: 'open', created: at(1) }]);
    });

    it('addHypothesis refuses a taken id and a blank statement', () => {
      const { bug } = frozenBug();
      throwsJournalError(() => addHypothesis(bug, { id: hid('h-1'), kind: 'hypothesis', text: 'again' }, at(5)), 'duplicate-id');
      throwsJournalError(() => addHypothesis(bug, { id: hid('h-9'), kind: 'hypothesis', text: ' \n ' }, at(5)), 'empty-text');
    });

    it('resolveHypothesis confirmed records the resolution time, evidence and note', () => {
      const { bug, snapshot } = frozenBug();
      const confirmed = resolveHypothesis(bug, { id: hid('h-1'), status: 'confirmed', note: ' seen in the log ', evidence: [sid('s-1')] }, at(30));
      assert.deepEqual(confirmed.hypotheses[0], {
        id: 'h-1',
        kind: 'hypothesis',
        text: 'first guess',
        status: 'confirmed',
        created: at(1),
        resolved: at(30),
        evidence: ['s-1'],
        note: 'seen in the log',
      });
      assert.deepEqual(confirmed.hypotheses[1], bug.hypotheses[1], 'the other hypothesis is untouched');
      assert.equal(JSON.stringify(bug), snapshot);
    });

    it('resolveHypothesis refuted on an assumption makes a wrong assumption', () => {
      const { bug } = frozenBug();
      const refuted = resolveHypothesis(bug, { id: hid('h-2'), status: 'refuted' }, at(31));
      assert.equal(refuted.hypotheses[1]?.status, 'refuted');
      assert.equal(refuted.hypotheses[1]?.kind, 'assumption');
      assert.equal(refuted.hypotheses[1]?.resolved, at(31));
      assert.ok(!('evidence' in (refuted.hypotheses[1] as object)), 'no empty evidence list');
      assert.ok(!('note' in (refuted.hypotheses[1] as object)), 'no empty note');
    });

    it('reopening a hypothesis drops its resolution time but keeps the evidence and note', () => {
      const { bug } = frozenBug();
      const confirmed = resolveHypothesis(bug, { id: hid('h-1'), status: 'confirmed', note: 'yes', evidence: [sid('s-1')] }, at(30));
      const reopened = resolveHypothesis(confirmed, { id: hid('h-1'), status: 'open' }, at(40));
      assert.deepEqual(reopened.hypotheses[0], {
        id: 'h-1',
        kind: 'hypothesis',
        text: 'first guess',
        status: 'open',
        created: at(1),
        evidence: ['s-1'],
        note: 'yes',
      });
    });

    it('evidence given twice is kept once, and a new note replaces the old one', () => {
      let bug = frozenBug().bug;
      bug = attachSnippet(bug, { id: sid('s-2'), source: 'clipboard', text: 'more' }, at(4));
      const first = resolveHypothesis(bug, { id: hid('h-1'), status: 'confirmed', note: 'old', evidence: [sid('s-1')] }, at(30));
      const second = resolveHypothesis(first, { id: hid('h-1'), status: 'refuted', note: 'new', evidence: [sid('s-1'), sid('s-2')] }, at(35));
      assert.deepEqual(second.hypotheses[0]?.evidence, ['s-1', 's-2']);
      assert.equal(second.hypotheses[0]?.note, 'new');
      assert.equal(second.hypotheses[0]?.resolved, at(35));
    });

    it('resolveHypothesis refuses an unknown hypothesis id and evidence naming an unknown snippet', () => {
      const { bug, snapshot } = frozenBug();
      throwsJournalError(() => resolveHypothesis(bug, { id: hid('h-404'), status: 'confirmed' }, at(30)), 'unknown-hypothesis');
      throwsJournalError(() => resolveHypothesis(bug, { id: hid('h-1'), status: 'confirmed', evidence: [sid('s-404')] }, at(30)), 'unknown-snippet');
      assert.equal(JSON.stringify(bug), snapshot);
    });

    it('deleteHypothesis removes exactly that hypothesis and keeps the order of the others', () => {
      let bug = frozenBug().bug;
      bug = deepFreeze(addHypothesis(bug, { id: hid('h-3'), kind: 'hypothesis', text: 'third' }, at(5)));
      const snapshot = JSON.stringify(bug);
      const after = deleteHypothesis(bug, hid('h-2'));
      assert.deepEqual(
        after.hypotheses.map((h) => h.id),
        ['h-1', 'h-3'],
      );
      assert.equal(JSON.stringify(bug), snapshot);
    });

    it('deleteHypothesis refuses an unknown id', () => {
      throwsJournalError(() => deleteHypothesis(frozenBug().bug, hid('h-404')), 'unknown-hypothesis');
    });
  });

  describe('snippets and links', () => {
    it('attachSnippet appends the snippet stamped with its capture time, leaving out unset fields', () => {
      const { bug, snapshot } = frozenBug();
      const after = attachSnippet(bug, { id: sid('s-2'), source: 'editor', text: 'x = 1\n', file: 'src/a.py', lines: '3-4', commit: 'abc1234' }, at(7));
      assert.deepEqual(after.snippets.at(-1), {
        id: 's-2',
        source: 'editor',
        file: 'src/a.py',
        lines: '3-4',
        commit: 'abc1234',
        captured: at(7),
        text: 'x = 1\n',
      });
      assert.equal(JSON.stringify(bug), snapshot);
    });

    it('attachSnippet keeps the text exactly as captured (no trimming) and accepts an attachment path instead', () => {
      const text = '  spaced  \r\n\tline\n\n';
      const inline = attachSnippet(makeBug(), { id: sid('s-1'), source: 'debug', text }, at(1));
      assert.equal(inline.snippets[0]?.text, text);
      const attached = attachSnippet(makeBug(), { id: sid('s-1'), source: 'file', path: 'attachments/bug0001/s-1.txt', command: 'tail', exitCode: 0 }, at(1));
      assert.deepEqual(attached.snippets[0], { id: 's-1', source: 'file', command: 'tail', exitCode: 0, captured: at(1), path: 'attachments/bug0001/s-1.txt' });
    });

    it('attachSnippet refuses a taken id and a snippet with neither text nor path', () => {
      const { bug } = frozenBug();
      throwsJournalError(() => attachSnippet(bug, { id: sid('s-1'), source: 'editor', text: 'again' }, at(5)), 'duplicate-id');
      throwsJournalError(() => attachSnippet(bug, { id: sid('s-9'), source: 'editor' }, at(5)), 'empty-text');
    });

    it('addLink appends a trimmed link and ignores an exact duplicate', () => {
      const { bug, snapshot } = frozenBug();
      const once = addLink(bug, ' https://github.com/unbit/uwsgi/issues/670 ');
      assert.deepEqual(once.links, ['https://github.com/unbit/uwsgi/issues/670']);
      const twice = addLink(once, 'https://github.com/unbit/uwsgi/issues/670');
      assert.equal(twice, once, 'a duplicate returns the same bug object');
      throwsJournalError(() => addLink(bug, '  '), 'empty-text');
      assert.equal(JSON.stringify(bug), snapshot);
    });
  });

  describe('timebox', () => {
    const defaults = DEFAULT_TIMEBOX_MINUTES;

    it('setTimebox sets the minutes for the current level', () => {
      const { bug, snapshot } = frozenBug({ level: 2 });
      const set = setTimebox(bug, 45);
      assert.deepEqual(set.timeboxes, [{ level: 2, minutes: 45 }]);
      assert.equal(timeboxMinutes(set, 2, defaults), 45);
      assert.equal(JSON.stringify(bug), snapshot);
    });

    it('setTimebox sets a box ahead, for a level the bug has not reached, and replaces a level in place', () => {
      const bug = setTimebox(setTimebox(setTimebox(makeBug(), 20, 1), 45, 2), 90, 3);
      assert.deepEqual(bug.timeboxes, [
        { level: 1, minutes: 20 },
        { level: 2, minutes: 45 },
        { level: 3, minutes: 90 },
      ]);
      const changed = setTimebox(bug, 50, 2);
      assert.deepEqual(changed.timeboxes?.[1], { level: 2, minutes: 50 });
      assert.equal(changed.timeboxes?.length, 3);
      // Promoted, the bug finds the box set ahead.
      assert.equal(timeboxMinutes(promote(bug, undefined, at(5)), 2, defaults), 45);
      assert.equal(timeboxMinutes(promote(bug, undefined, at(5)), 3, defaults), 90);
    });

    it("setTimebox folds an older file's single timebox into timeboxes and drops it", () => {
      const old = deepFreeze(makeBug({ level: 2, timebox: { level: 1, minutes: 20 } }));
      const set = setTimebox(old, 45);
      assert.equal(set.timebox, undefined);
      assert.deepEqual(set.timeboxes, [
        { level: 1, minutes: 20 },
        { level: 2, minutes: 45 },
      ]);
      // Setting the old box's own level replaces it.
      assert.deepEqual(setTimebox(old, 25, 1).timeboxes, [{ level: 1, minutes: 25 }]);
    });

    it('setTimebox accepts 1 and 10000 minutes and refuses 0, 10001, fractions and NaN', () => {
      assert.equal(setTimebox(makeBug(), 1).timeboxes?.[0]?.minutes, 1);
      assert.equal(setTimebox(makeBug(), 10_000).timeboxes?.[0]?.minutes, 10_000);
      for (const minutes of [0, -5, 10_001, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
        throwsJournalError(() => setTimebox(makeBug(), minutes), 'invalid-timebox');
      }
    });

    it('extendTimebox on a bug with time left adds N minutes to its box, and logs it', () => {
      const bug = deepFreeze(setTimebox(makeBug({ level: 2, sessions: [session(2, 0, 10)] }), 45));
      const extended = extendTimebox(bug, 15, defaults, at(50));
      assert.deepEqual(extended.timeboxes, [{ level: 2, minutes: 60 }]);
      assert.deepEqual(extended.timeline, [{ at: at(50), kind: 'timebox-extended', text: '+15 min from now (level-2 timebox 60 min)' }]);
      assert.deepEqual(bug.timeboxes, [{ level: 2, minutes: 45 }]);
    });

    it('extendTimebox on a bug 2 h past its 30-min box leaves exactly 15 min', () => {
      const bug = makeBug({ level: 1, sessions: [session(1, 0, 150)] });
      assert.equal(timeboxSecondsLeft(bug, at(200), defaults), -120 * 60);
      const extended = extendTimebox(bug, 15, defaults, at(200));
      assert.deepEqual(extended.timeboxes, [{ level: 1, minutes: 165 }]);
      assert.equal(timeboxSecondsLeft(extended, at(200), defaults), 15 * 60);
    });

    it('extendTimebox counts the running session: 15 min from now, not from the last saved session', () => {
      const bug = makeBug({ level: 1, sessions: [session(1, 0, 60)] });
      const running = { bugId: bug.id, level: 1 as const, start: at(100) };
      const extended = extendTimebox(bug, 15, defaults, at(160), running);
      assert.deepEqual(extended.timeboxes, [{ level: 1, minutes: 135 }]);
      assert.equal(timeboxSecondsLeft(extended, at(160), defaults, running), 15 * 60);
      // Through the operation, the running session comes in the context.
      const viaOperation = applyEdit('extendTimebox', bug, { minutes: 15 }, { now: at(160), ids: sequentialIds(), timeboxDefaults: defaults, running });
      assert.deepEqual(viaOperation.timeboxes, [{ level: 1, minutes: 135 }]);
    });

    it('extendTimebox rounds the time worked up to a whole minute: never less than N minutes left', () => {
      const bug = makeBug({ level: 1, sessions: [session(1, 0, 100.5)] });
      const extended = extendTimebox(bug, 15, defaults, at(200));
      assert.deepEqual(extended.timeboxes, [{ level: 1, minutes: 116 }]);
      assert.equal(timeboxSecondsLeft(extended, at(200), defaults), 15.5 * 60);
    });

    it('extendTimebox starts from the default when the bug has no box for its level', () => {
      const bug = { ...setTimebox(makeBug({ level: 1 }), 10), level: 2 as const };
      assert.deepEqual(extendTimebox(bug, 15, defaults, at(1)).timeboxes, [
        { level: 1, minutes: 10 },
        { level: 2, minutes: 75 },
      ]);
      assert.deepEqual(extendTimebox(makeBug(), 15, defaults, at(1)).timeboxes, [{ level: 1, minutes: 45 }]);
    });

    it('extendTimebox past the upper bound is refused', () => {
      throwsJournalError(() => extendTimebox(setTimebox(makeBug(), 10_000), 15, defaults, at(1)), 'invalid-timebox');
    });
  });

  describe('sessions (operation recordSession)', () => {
    const record = (bug: Bug, session: Session): Bug =>
      applyEdit('recordSession', bug, { session }, { now: at(30), ids: sequentialIds(), timeboxDefaults: DEFAULT_TIMEBOX_MINUTES });

    it('appends the session at the level it was started at, even after a promotion', () => {
      const { bug, snapshot } = frozenBug();
      const promoted = promote(bug, undefined, at(20));
      const closed = record(promoted, { level: 1, start: at(10), end: at(25) });
      assert.deepEqual(closed.sessions, [{ level: 1, start: at(10), end: at(25) }]);
      assert.equal(JSON.stringify(bug), snapshot);
    });

    it('a zero-length session adds nothing', () => {
      const { bug } = frozenBug();
      assert.equal(record(bug, { level: 1, start: at(10), end: at(10) }), bug);
    });

    it('a session that ends before it starts (clock set back) adds nothing', () => {
      const { bug } = frozenBug();
      assert.equal(record(bug, { level: 1, start: at(10), end: at(9) }), bug);
    });
  });

  describe('park, reopen and resolve', () => {
    it('park sets the bug aside and logs the trimmed reason', () => {
      const { bug, snapshot } = frozenBug();
      const parked = park(bug, ' waiting for upstream ', at(5));
      assert.equal(parked.status, 'parked');
      assert.deepEqual(parked.timeline, [{ at: at(5), kind: 'parked', text: 'waiting for upstream' }]);
      assert.equal(JSON.stringify(bug), snapshot);
    });

    it('park without a reason still notes when it happened, and parking a bug that is not open is refused', () => {
      assert.deepEqual(park(makeBug(), undefined, at(5)).timeline, [{ at: at(5), kind: 'parked' }]);
      throwsJournalError(() => park(makeBug({ status: 'parked' }), 'again', at(5)), 'not-open');
      throwsJournalError(() => park(makeBug({ status: 'resolved' }), 'again', at(5)), 'not-open');
    });

    it('resolveBug records the fix layer, trimmed summary and link, and logs it', () => {
      const { bug, snapshot } = frozenBug({ level: 3 });
      const resolved = resolveBug(bug, { layer: 'upstream', summary: ' fixed in uwsgi 2.0.20 ', link: ' https://example.com/changelog ' }, at(60));
      assert.equal(resolved.status, 'resolved');
      assert.deepEqual(resolved.resolution, { layer: 'upstream', summary: 'fixed in uwsgi 2.0.20', link: 'https://example.com/changelog' });
      assert.deepEqual(resolved.timeline, [{ at: at(60), kind: 'resolved', text: 'upstream: fixed in uwsgi 2.0.20' }]);
      assert.equal(JSON.stringify(bug), snapshot);
    });

    it('resolveBug without a link records no link, refuses a blank summary and a second resolve', () => {
      const resolved = resolveBug(makeBug(), { layer: 'workaround', summary: 'pinned the version', link: ' ' }, at(1));
      assert.deepEqual(resolved.resolution, { layer: 'workaround', summary: 'pinned the version' });
      throwsJournalError(() => resolveBug(makeBug(), { layer: 'ours', summary: '  ' }, at(1)), 'empty-text');
      throwsJournalError(() => resolveBug(resolved, { layer: 'ours', summary: 'again' }, at(2)), 'already-resolved');
    });

    it('a parked bug can be resolved directly', () => {
      const resolved = resolveBug(makeBug({ status: 'parked' }), { layer: 'ours', summary: 'fixed' }, at(1));
      assert.equal(resolved.status, 'resolved');
    });

    it('reopen opens a resolved bug again, drops its resolution and logs what it was', () => {
      const resolved = deepFreeze(resolveBug(makeBug(), { layer: 'ours', summary: 'fixed' }, at(1)));
      const reopened = reopen(resolved, at(2));
      assert.equal(reopened.status, 'open');
      assert.ok(!('resolution' in reopened));
      assert.deepEqual(reopened.timeline.at(-1), { at: at(2), kind: 'reopened', text: 'was resolved' });
      assert.equal(resolved.status, 'resolved');
    });

    it('reopen opens a parked bug, and refuses a bug that is already open', () => {
      assert.deepEqual(reopen(makeBug({ status: 'parked' }), at(2)).timeline, [{ at: at(2), kind: 'reopened', text: 'was parked' }]);
      throwsJournalError(() => reopen(makeBug(), at(2)), 'already-open');
    });
  });

  describe('timeline, title and notes', () => {
    it('logAttempt records an attempt, with its text trimmed or without text', () => {
      const { bug, snapshot } = frozenBug();
      const one = logAttempt(bug, '  reverted X  ', at(1));
      const two = logAttempt(one, undefined, at(2));
      const three = logAttempt(two, '   ', at(3));
      assert.deepEqual(three.timeline, [
        { at: at(1), kind: 'attempt', text: 'reverted X' },
        { at: at(2), kind: 'attempt' },
        { at: at(3), kind: 'attempt' },
      ]);
      assert.equal(JSON.stringify(bug), snapshot);
    });

    it('keepDrilling records the reason and refuses a blank one', () => {
      const drilled = keepDrilling(makeBug(), ' the fix is one line away ', at(4));
      assert.deepEqual(drilled.timeline, [{ at: at(4), kind: 'keep-drilling', text: 'the fix is one line away' }]);
      throwsJournalError(() => keepDrilling(makeBug(), ' ', at(4)), 'empty-text');
    });

    it('addTimelineEvent appends any event kind', () => {
      const bug = addTimelineEvent(makeBug(), { at: at(1), kind: 'exception', text: 'TypeError' });
      assert.deepEqual(bug.timeline, [{ at: at(1), kind: 'exception', text: 'TypeError' }]);
    });

    it('setTitle trims the title and refuses a blank one', () => {
      const { bug, snapshot } = frozenBug();
      assert.equal(setTitle(bug, '  New title ').title, 'New title');
      throwsJournalError(() => setTitle(bug, ''), 'empty-text');
      assert.equal(JSON.stringify(bug), snapshot);
    });

    it('setNotes keeps the notes as written, and blank notes remove the key', () => {
      const { bug, snapshot } = frozenBug();
      const notes = 'line one\n  indented\n';
      const withNotes = setNotes(bug, notes);
      assert.equal(withNotes.notes, notes);
      const cleared = setNotes(deepFreeze(withNotes), ' \n ');
      assert.ok(!('notes' in cleared));
      assert.equal(JSON.stringify(bug), snapshot);
    });
  });
});
