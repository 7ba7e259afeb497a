/**
 * What a tool result says about a bug (issue 18): where it stands (level, time at the level,
 * timebox left) and the nudge a person would get in VS Code (src/host/nudges.ts): the timebox is
 * over, or a promotion to level 3 leaves bugs below level 2. The decisions are the scheduler's
 * (next, bugsLeftBehind) and the timebox's; only the words are here. `running` is the agent's
 * session on a bug, not written yet: its time counts, as a person's running session does.
 */
import type { Bug, RunningSession, Timestamp } from '../core/model/types';
import { bugsLeftBehind, next } from '../core/model/scheduler';
import { secondsAtCurrentLevel } from '../core/model/timeAccounting';
import { timeboxMinutes, timeboxSecondsLeft, type TimeboxDefaults } from '../core/model/timebox';
import { levelName } from '../core/model/levels';
import { formatDuration } from '../core/model/time';

/** `'T' (id): open at level 2 (Understanding); 25 min at level 2, 35 min left of its 60-min timebox.` */
export function standing(bug: Bug, now: Timestamp, defaults: TimeboxDefaults, running?: RunningSession): string {
  const spent = formatDuration(secondsAtCurrentLevel(bug, now, running));
  const box = timeboxMinutes(bug, bug.level, defaults);
  const where = `'${bug.title}' (${bug.id}): ${bug.status} at level ${bug.level} (${levelName(bug.level)}); ${spent} at level ${bug.level}`;
  if (bug.status !== 'open') return `${where}, of its ${box}-min timebox.`;
  const left = timeboxSecondsLeft(bug, now, defaults, running);
  if (left > 0) return `${where}, ${formatDuration(left)} left of its ${box}-min timebox.`;
  return `${where}: its ${box}-min timebox is over${-left >= 60 ? ` (${formatDuration(-left)} past)` : ''}.`;
}

/** The timebox nudge for `bug` when its box is over (the words of VS Code's), else undefined. */
export function timeboxNudge(bug: Bug, bugs: readonly Bug[], now: Timestamp, defaults: TimeboxDefaults, running?: RunningSession): string | undefined {
  if (bug.status !== 'open' || timeboxSecondsLeft(bug, now, defaults, running) > 0) return undefined;
  const spent = formatDuration(secondsAtCurrentLevel(bug, now, running));
  const schedule = { exclude: [bug.id], timeboxDefaults: defaults, ...(running ? { running } : {}) };
  const pick = next({ bugs }, now, { ...schedule, withinBoxOnly: true });
  const over = `Timebox over: '${bug.title}' has had ${spent} at level ${bug.level}.`;
  if (pick) {
    const where = pick.bug.level < bug.level ? `still at level ${pick.bug.level}` : `at level ${pick.bug.level}`;
    return `${over} Next: '${pick.bug.title}' (${where}, ${pick.bug.id}). Switch to it (next_bug), or give this bug more time with set_timebox and a reason.`;
  }
  if (next({ bugs }, now, schedule)) {
    return `Timebox over: '${bug.title}' has had ${spent} at level ${bug.level}, and every other open bug is past its timebox too. Park one, ask someone for help, or take a break and come back with fresh eyes.`;
  }
  return `${over} No other open bug is waiting.`;
}

/**
 * After `before` became `after`: when it reached level 3 while other open bugs have not reached
 * level 2, the breadth-first nudge (the words of VS Code's), else undefined.
 */
export function promotionNudge(
  before: Bug | undefined,
  after: Bug,
  bugs: readonly Bug[],
  now: Timestamp,
  defaults: TimeboxDefaults,
  running?: RunningSession,
): string | undefined {
  if (before === undefined || after.level !== 3 || after.level <= before.level) return undefined;
  const behind = bugsLeftBehind({ bugs }, after, 2);
  const pick = next({ bugs: behind }, now, { timeboxDefaults: defaults, ...(running ? { running } : {}) });
  if (!pick) return undefined;
  const rule = 'Breadth-first: bring every bug to level 2 before drilling one to level 3.';
  return behind.length === 1
    ? `'${pick.bug.title}' (${pick.bug.id}) has not reached level 2 yet while '${after.title}' goes to level 3. ${rule}`
    : `${behind.length} open bugs, like '${pick.bug.title}' (${pick.bug.id}), have not reached level 2 yet while '${after.title}' goes to level 3. ${rule}`;
}

/** The bug in full, for get_bug: standing, then hypotheses, snippets, links, resolution, timeline. */
export function bugDetails(bug: Bug, now: Timestamp, defaults: TimeboxDefaults, running?: RunningSession): string {
  const lines = [standing(bug, now, defaults, running)];
  if (bug.tags.length) lines.push(`Tags: ${bug.tags.join(', ')}`);
  const history = bug.levels.map((change) => `level ${change.level} at ${change.at}${change.reason ? `: ${change.reason}` : ''}`);
  if (history.length) lines.push('Levels:', ...history.map((line) => `- ${line}`));
  lines.push(bug.hypotheses.length ? 'Hypotheses:' : 'Hypotheses: none yet.');
  for (const h of bug.hypotheses) {
    const verdict = h.status === 'open' && bug.status === 'resolved' ? 'untested' : h.status;
    lines.push(
      `- ${h.id} [${h.kind}, ${verdict}] ${h.text}` +
        (h.prediction ? ` (prediction: ${h.prediction})` : '') +
        (h.note ? ` (note: ${h.note})` : '') +
        (h.evidence?.length ? ` (evidence: ${h.evidence.join(', ')})` : ''),
    );
  }
  lines.push(bug.snippets.length ? 'Snippets:' : 'Snippets: none yet.');
  for (const s of bug.snippets) {
    const place = s.file ? ` ${s.file}${s.lines ? `:${s.lines}` : ''}${s.commit ? ` @${s.commit}` : ''}` : '';
    const body = s.text ?? (s.path ? `(in ${s.path})` : '');
    const first = body.split('\n').find((line) => line.trim() !== '') ?? '';
    lines.push(`- ${s.id} [${s.source}${place}, ${s.captured}] ${first.length > 160 ? `${first.slice(0, 160)}…` : first}`);
  }
  if (bug.links.length) lines.push('Links:', ...bug.links.map((link) => `- ${link}`));
  if (bug.resolution) lines.push(`Resolution: ${bug.resolution.layer}: ${bug.resolution.summary}`);
  const recent = bug.timeline.slice(-10);
  if (recent.length)
    lines.push(`Timeline (last ${recent.length}):`, ...recent.map((event) => `- ${event.at} ${event.kind}${event.text ? `: ${event.text}` : ''}`));
  return lines.join('\n');
}
