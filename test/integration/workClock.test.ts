/**
 * The host side of the work clock (issue 13): an ActiveBug of the test's own, over the running
 * extension's real journals and real bug files, driven by a fake clock the test advances and
 * ticks (the extension's own ActiveBug is stopped first, so two clocks never write one bug).
 * Workspace state is an in-memory Memento: VS Code's storage interface, not the thing under test.
 */
import * as vscode from 'vscode';
import { strict as assert } from 'node:assert';
import { ActiveBug, type LeftOut } from '../../src/host/activeBug';
import { leftOutMessage } from '../../src/extension';
import type { Bug, Session, Timestamp } from '../../src/core/model/types';
import { toTimestamp } from '../../src/core/model/time';
import { bugOnDisk, extensionApi, newTestBug } from './helpers';

const IDLE_SECONDS = 10 * 60;
const TICK_SECONDS = 5;

class MemoryMemento implements vscode.Memento {
  private readonly values = new Map<string, string>();
  keys(): readonly string[] {
    return [...this.values.keys()];
  }
  get<T>(key: string): T | undefined;
  get<T>(key: string, defaultValue: T): T;
  get<T>(key: string, defaultValue?: T): T | undefined {
    const stored = this.values.get(key);
    // Stored as JSON, as VS Code stores workspace state: no shared objects between windows.
    return stored === undefined ? defaultValue : (JSON.parse(stored) as T);
  }
  update(key: string, value: unknown): Thenable<void> {
    if (value === undefined) this.values.delete(key);
    else this.values.set(key, JSON.stringify(value));
    return Promise.resolve();
  }
}

/** A fake clock, and an ActiveBug (a "window") on it, fed the way the extension feeds its own. */
class Harness {
  /** The fake clock's time; t0 is when the test's session starts. */
  ms: number;
  readonly t0: number;
  readonly state = new MemoryMemento();
  readonly leftOut: LeftOut[] = [];
  active: ActiveBug;
  private readonly windows: ActiveBug[] = [];

  constructor(
    private readonly api: Awaited<ReturnType<typeof extensionApi>>,
    readonly bug: Bug,
  ) {
    // Whole seconds, two minutes after now: after the session the extension's own clock closed.
    this.ms = Math.ceil(Date.now() / 1000) * 1000 + 120_000;
    this.t0 = this.ms;
    this.active = this.openWindow();
  }

  /** A new window (after a reload or a crash) over the same workspace state. */
  openWindow(): ActiveBug {
    const active = new ActiveBug(
      this.state,
      this.api.journals,
      () => IDLE_SECONDS,
      () => new Date(this.ms),
    );
    active.onDidLeaveOutTime((event) => this.leftOut.push(event));
    this.windows.push(active);
    this.active = active;
    return active;
  }

  /** The time `minutes` (and `seconds`) after t0. */
  at(minutes: number, seconds = 0): Timestamp {
    return toTimestamp(this.t0 + (minutes * 60 + seconds) * 1000);
  }

  /** Ticks every 5 s for `seconds`, as the extension's timer does while the machine is awake. */
  async tickFor(seconds: number): Promise<void> {
    for (let passed = 0; passed < seconds; passed += TICK_SECONDS) {
      this.ms += TICK_SECONDS * 1000;
      await this.active.tick();
    }
  }

  /** `minutes` of work: activity at the end of each minute, ticks between. */
  async work(minutes: number): Promise<void> {
    for (let minute = 0; minute < minutes; minute++) {
      await this.tickFor(60);
      await this.active.noteActivity();
    }
  }

  /** The clock jumps (sleep, a suspended VM): no tick for `minutes`. */
  sleep(minutes: number): void {
    this.ms += minutes * 60_000;
  }

  sessions(): readonly Session[] {
    return bugOnDisk(this.bug.id).sessions;
  }

  leftOutNotes(): { at: string; text: string }[] {
    return bugOnDisk(this.bug.id)
      .timeline.filter((event) => event.kind === 'time-left-out')
      .map((event) => ({ at: event.at, text: event.text ?? '' }));
  }

  dispose(): void {
    for (const window of this.windows) window.dispose();
  }
}

/** When the window's running session started (a function, so asserts do not narrow the getter). */
function runningStart(active: ActiveBug): Timestamp | undefined {
  return active.running?.start;
}

/** A new bug whose time only the test's clock counts. */
async function harnessFor(title: string): Promise<Harness> {
  const api = await extensionApi();
  const bug = await newTestBug(title);
  // New Bug made it the extension's active bug: stop that clock so only ours writes this bug.
  await vscode.commands.executeCommand('bugLevels.stopWorking');
  assert.equal(api.active.bugId, undefined);
  const harness = new Harness(api, bug);
  await harness.active.start(bug.id);
  return harness;
}

describe('The work clock in the extension host (ActiveBug on a fake clock)', () => {
  let harness: Harness | undefined;
  afterEach(async () => {
    await harness?.active.stop();
    harness?.dispose();
    harness = undefined;
  });

  it('20 min of work, 30 min idle, back: the session is the 20 min, and 30 min idle (not 10, and no sleep) are reported and noted', async () => {
    const h = (harness = await harnessFor('Idle for half an hour'));
    const baseline = h.sessions().length;
    await h.work(20);
    await h.tickFor(10 * 60);
    assert.equal(h.sessions().length, baseline, 'within the idle limit the session goes on');
    await h.tickFor(TICK_SECONDS);
    // Past the idle limit: the session ends at the last activity; the pause has begun.
    assert.deepEqual(h.sessions().slice(baseline), [{ level: 1, start: h.at(0), end: h.at(20) }]);
    assert.equal(h.active.paused, true);
    assert.equal(runningStart(h.active), undefined);
    assert.deepEqual(h.leftOut, [], 'how long the idle stretch is, is known when it ends');
    await h.tickFor(20 * 60 - TICK_SECONDS);
    await h.active.noteActivity(); // back at 20 + 30 min
    assert.equal(runningStart(h.active), h.at(50));
    assert.deepEqual(h.leftOut, [{ bugId: h.bug.id, parts: [{ seconds: 30 * 60, because: 'idle' }] }]);
    assert.equal(leftOutMessage(h.leftOut[0]!), '$(clock) Bug Levels: 30 min idle not counted as work');
    assert.deepEqual(h.leftOutNotes(), [{ at: h.at(50), text: '30 min idle not counted' }]);
    // Ticking on after coming back: no sleep is made up from the ticks of the pause.
    await h.work(5);
    await h.active.stop();
    assert.equal(h.leftOut.length, 1, JSON.stringify(h.leftOut));
    assert.deepEqual(h.sessions().slice(baseline), [
      { level: 1, start: h.at(0), end: h.at(20) },
      { level: 1, start: h.at(50), end: h.at(55) },
    ]);
    assert.equal(h.leftOutNotes().length, 1);
  });

  it('a clock jump (sleep) while working: the session ends at the last tick, the gap is a clock gap with its minutes', async () => {
    const h = (harness = await harnessFor('Laptop lid closed'));
    const baseline = h.sessions().length;
    await h.work(10);
    h.sleep(40);
    await h.active.tick();
    assert.deepEqual(h.sessions().slice(baseline), [{ level: 1, start: h.at(0), end: h.at(10) }]);
    assert.deepEqual(h.leftOut, [{ bugId: h.bug.id, parts: [{ seconds: 40 * 60, because: 'clock-gap' }] }]);
    assert.equal(leftOutMessage(h.leftOut[0]!), '$(clock) Bug Levels: 40 min of sleep or suspend not counted as work');
    assert.deepEqual(h.leftOutNotes(), [{ at: h.at(10), text: '40 min clock gap (sleep or suspend) not counted' }]);
    await h.work(3);
    await h.active.stop();
    assert.deepEqual(h.sessions().slice(baseline), [
      { level: 1, start: h.at(0), end: h.at(10) },
      { level: 1, start: h.at(50), end: h.at(53) },
    ]);
    assert.equal(h.leftOut.length, 1);
  });

  it('a sleep noticed first by an activity is a clock gap too, never idle, and reported once', async () => {
    const h = (harness = await harnessFor('Woke up typing'));
    const baseline = h.sessions().length;
    await h.work(10);
    h.sleep(30);
    await h.active.noteActivity();
    await h.tickFor(60);
    assert.deepEqual(h.leftOut, [{ bugId: h.bug.id, parts: [{ seconds: 30 * 60, because: 'clock-gap' }] }]);
    assert.deepEqual(h.sessions().slice(baseline), [{ level: 1, start: h.at(0), end: h.at(10) }]);
  });

  it('an idle pause that runs into a sleep: the idle minutes as idle, the sleep as sleep, in one note and one message', async () => {
    const h = (harness = await harnessFor('Left, then the laptop slept'));
    await h.work(20);
    await h.tickFor(15 * 60); // paused at 30:05, idle until 35
    h.sleep(85);
    await h.active.tick(); // the first tick after waking
    await h.tickFor(60);
    await h.active.noteActivity(); // at 2 h 01 min
    const parts = [
      { seconds: 16 * 60, because: 'idle' as const },
      { seconds: 85 * 60, because: 'clock-gap' as const },
    ];
    assert.deepEqual(h.leftOut, [{ bugId: h.bug.id, parts }]);
    assert.equal(leftOutMessage(h.leftOut[0]!), '$(clock) Bug Levels: 16 min idle and 1 h 25 min of sleep or suspend not counted as work');
    assert.deepEqual(h.leftOutNotes(), [{ at: h.at(121), text: '16 min idle and 1 h 25 min clock gap (sleep or suspend) not counted' }]);
  });

  it('Stop Working during an idle pause notes the idle time up to the stop', async () => {
    const h = (harness = await harnessFor('Stopped while away'));
    await h.work(5);
    await h.tickFor(25 * 60);
    await h.active.stop();
    assert.equal(h.active.bugId, undefined);
    assert.deepEqual(h.leftOut, [{ bugId: h.bug.id, parts: [{ seconds: 25 * 60, because: 'idle' }] }]);
    assert.deepEqual(h.leftOutNotes(), [{ at: h.at(30), text: '25 min idle not counted' }]);
  });

  it('a reload within the idle limit: the session goes on, nothing is written or reported', async () => {
    const h = (harness = await harnessFor('Reloaded mid-session'));
    const baseline = h.sessions().length;
    await h.work(10);
    await h.tickFor(60);
    // The window goes without a clean stop (a crash, a killed extension host); back 3 minutes later.
    h.sleep(3);
    const reloaded = h.openWindow();
    await reloaded.resume();
    assert.equal(reloaded.bugId, h.bug.id);
    assert.equal(runningStart(reloaded), h.at(0));
    assert.equal(h.sessions().length, baseline);
    await h.work(2);
    await reloaded.stop();
    assert.deepEqual(h.sessions().slice(baseline), [{ level: 1, start: h.at(0), end: h.at(16) }]);
    assert.deepEqual(h.leftOut, []);
  });

  it('a reload past the idle limit: the session is closed at the last activity; only the idle time the window saw is reported', async () => {
    const h = (harness = await harnessFor('Reloaded the next hour'));
    const baseline = h.sessions().length;
    await h.work(10);
    await h.tickFor(3 * 60); // idle for 3 minutes, then the window died
    h.sleep(50);
    const reloaded = h.openWindow();
    await reloaded.resume();
    assert.deepEqual(h.sessions().slice(baseline), [{ level: 1, start: h.at(0), end: h.at(10) }]);
    assert.equal(reloaded.bugId, h.bug.id, 'the bug stays active');
    assert.equal(reloaded.paused, true);
    assert.deepEqual(h.leftOut, [{ bugId: h.bug.id, parts: [{ seconds: 3 * 60, because: 'idle' }] }]);
    assert.deepEqual(h.leftOutNotes(), [{ at: h.at(10), text: '3 min idle not counted' }]);
    // The next activity starts a session; the time the window was gone is not made a "sleep".
    await h.tickFor(30);
    await h.work(2);
    await reloaded.stop();
    assert.equal(h.leftOut.length, 1, JSON.stringify(h.leftOut));
    assert.equal(h.sessions().length, baseline + 2);
  });

  it('suspend (window close) then reload: the session is closed at the close, and the reopened window counts from its first activity, with no "sleep"', async () => {
    const h = (harness = await harnessFor('Window closed for lunch'));
    const baseline = h.sessions().length;
    await h.work(10);
    await h.tickFor(30);
    await h.active.suspend();
    assert.deepEqual(h.sessions().slice(baseline), [{ level: 1, start: h.at(0), end: h.at(10, 30) }]);
    h.sleep(45);
    const reloaded = h.openWindow();
    await reloaded.resume();
    assert.equal(reloaded.bugId, h.bug.id);
    assert.equal(runningStart(reloaded), undefined, 'paused until the first activity');
    await h.tickFor(60);
    await reloaded.noteActivity();
    const restart = h.at(56, 30);
    assert.equal(runningStart(reloaded), restart);
    await h.work(2);
    await reloaded.stop();
    assert.deepEqual(h.leftOut, [], 'a closed window is neither idle nor asleep');
    assert.deepEqual(h.sessions().slice(baseline), [
      { level: 1, start: h.at(0), end: h.at(10, 30) },
      { level: 1, start: restart, end: h.at(58, 30) },
    ]);
    assert.deepEqual(h.leftOutNotes(), []);
  });
});
