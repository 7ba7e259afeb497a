/**
 * Honest time for agents (issue 18): an agent's tool calls on a bug are its work on that bug,
 * under the idle rule a person's editing is under. Pure: the server (server.ts) feeds it the
 * calls with their times and writes the sessions it hands back.
 *
 * - Consecutive calls on the same bug, each within the idle limit of the one before, are one
 *   session, from the first call to the last. One call alone is an instant: no time.
 * - A call on another bug, or a pause longer than the idle limit, ends the session at its last
 *   call. Nothing of the pause counts: the agent was not seen working.
 * - A call that changes the bug's level, parks or resolves it ends the session at that call, in
 *   the same write as the change (the person's rule: a session is at one level); a session at
 *   the new level starts with it while the bug is open.
 * - Calls on a bug that is not open (parked, resolved) start no session.
 * - The server writes a session when it ends, when the idle limit has passed since the last call
 *   (a timer), and when it shuts down (the client closes standard input, or a signal): so a
 *   clean shutdown never loses a session. A killed server (SIGKILL) loses the session running.
 */
import type { Bug, BugId, Level, Session, Timestamp } from '../core/model/types';
import { toMillis } from '../core/model/time';

/** The session running now: the bug, its level, the first and last call. */
export interface AgentSession {
  readonly bugId: BugId;
  readonly level: Level;
  readonly start: Timestamp;
  readonly lastCall: Timestamp;
}

/** A closed session to append to bug `bugId`'s sessions. */
export interface EndedSession {
  readonly bugId: BugId;
  readonly session: Session;
}

export class AgentSessions {
  private running: AgentSession | undefined;

  /** `by`: the agent's name, asked when a session is closed (the client names itself when it connects). */
  constructor(
    private readonly by: () => string,
    private readonly idleSeconds: number,
  ) {}

  get current(): AgentSession | undefined {
    return this.running;
  }

  /**
   * Before a call at `at` on bug `bugId` (none: a call on no bug, which ends nothing): the
   * session ends if it is another bug's or the pause since its last call is over the limit.
   */
  before(bugId: BugId | undefined, at: Timestamp): EndedSession | undefined {
    const running = this.running;
    if (running === undefined || bugId === undefined) return undefined;
    if (running.bugId === bugId && !this.idleSince(running, at)) return undefined;
    this.running = undefined;
    return this.closed(running, running.lastCall);
  }

  /**
   * The session of bug `bugId` as it ends with a change at `at` (a level change, a park, a
   * resolve): written in the same write as the change. Undefined when there is none or it has
   * no length; the session runs on until `after` says the change was written.
   */
  endingWith(bugId: BugId, at: Timestamp): Session | undefined {
    const running = this.running;
    if (running === undefined || running.bugId !== bugId) return undefined;
    return this.closed(running, at)?.session;
  }

  /**
   * After the call at `at` on `bug` (as it is now; undefined: no such bug). `endedWithChange`:
   * the session ended in the change's write (endingWith). Returns a session that ended because
   * someone else changed the bug's level or status since the last call.
   */
  after(bug: Bug | undefined, at: Timestamp, endedWithChange = false): EndedSession | undefined {
    let ended: EndedSession | undefined;
    if (endedWithChange) this.running = undefined;
    const running = this.running;
    if (bug === undefined) return undefined;
    // A bug the agent just made (new_bug): it moves to that bug.
    if (running !== undefined && running.bugId !== bug.id) {
      this.running = undefined;
      ended = this.closed(running, running.lastCall);
    } else if (running !== undefined) {
      if (bug.status === 'open' && bug.level === running.level) {
        this.running = { ...running, lastCall: later(running.lastCall, at) };
        return undefined;
      }
      // Moved by someone else since the last call: the agent worked at the level it knew until now.
      this.running = undefined;
      ended = this.closed(running, at);
    }
    if (this.running === undefined && bug.status === 'open') this.running = { bugId: bug.id, level: bug.level, start: at, lastCall: at };
    return ended;
  }

  /** The idle limit passed with no call (checked at `at`): the session ends at its last call. */
  expire(at: Timestamp): EndedSession | undefined {
    const running = this.running;
    if (running === undefined || !this.idleSince(running, at)) return undefined;
    this.running = undefined;
    return this.closed(running, running.lastCall);
  }

  /** Shutting down: the session ends at its last call. */
  end(): EndedSession | undefined {
    const running = this.running;
    this.running = undefined;
    return running === undefined ? undefined : this.closed(running, running.lastCall);
  }

  /** When the session would pass the idle limit, in milliseconds since the epoch. */
  idleAt(): number | undefined {
    return this.running === undefined ? undefined : toMillis(this.running.lastCall) + this.idleSeconds * 1000;
  }

  private idleSince(running: AgentSession, at: Timestamp): boolean {
    return toMillis(at) - toMillis(running.lastCall) > this.idleSeconds * 1000;
  }

  private closed(running: AgentSession, end: Timestamp): EndedSession | undefined {
    if (toMillis(end) <= toMillis(running.start)) return undefined;
    return { bugId: running.bugId, session: { level: running.level, start: running.start, end, by: this.by() } };
  }
}

function later(a: Timestamp, b: Timestamp): Timestamp {
  return toMillis(a) >= toMillis(b) ? a : b;
}

/**
 * The name an agent's sessions are written with: the MCP client's name from its handshake, with
 * control characters and line breaks taken out and at most 100 characters; `agent` without one.
 */
export function agentName(clientName: string | undefined): string {
  // Controls (\p{Cc}), invisible format characters (\p{Cf}: bidi overrides, zero-width spaces, BOM; not
  // the joiner inside emoji) and lone surrogates (\p{Cs}): a name of only these would be one no one can read.
  const clean = (clientName ?? '')
    .replace(/(?!\u200d)[\p{Cc}\p{Cf}\p{Cs}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  // By code points, so the cut never leaves half of a surrogate pair.
  return clean === '' ? 'agent' : Array.from(clean).slice(0, 100).join('').trim();
}
