/** How the markdown retro writes times, spans and counts (all times UTC, to the minute). */
import { formatDuration, isTimestamp } from '../time';
import { inline } from './escape';
import type { AgentTime } from './types';

/** `2026-02-25 17:01` for a timestamp; anything that is not one is shown escaped, as written. */
export function when(at: string): string {
  return isTimestamp(at) ? new Date(Date.parse(at)).toISOString().slice(0, 16).replace('T', ' ') : inline(at);
}

/** `2026-02-26 11:25 to 12:30`, or with both dates when the span crosses midnight. */
export function span(start: string, end: string): string {
  const from = when(start);
  const to = when(end);
  return from.slice(0, 10) === to.slice(0, 10) && from.length === 16 && to.length === 16 ? `${from} to ${to.slice(11)}` : `${from} to ${to}`;
}

/** `10,000`: thousands separated the same way on every machine (no locale). */
export function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** `73 %`: rounded down, so 100 % means no depth-first time at all. */
export function percent(share: number): string {
  return `${Math.floor(share * 100 + 1e-9)} %`;
}

/** `1 bug`, `2 bugs`. */

/**
 * Agent time apart from the people's (issue 18), when agents worked: `45 min (claude-code 45 min);
 * people 20 min.` Nothing when no session has a `by`.
 */
export function agentsLine(time: { readonly agentSeconds: number; readonly agents: readonly AgentTime[] }, seconds: number, prefix: string): string[] {
  if (time.agentSeconds <= 0) return [];
  const each = time.agents.map((agent) => `${inline(agent.name)} ${formatDuration(agent.seconds)}`).join(', ');
  return [`${prefix}${formatDuration(time.agentSeconds)} (${each}); people ${formatDuration(Math.max(0, seconds - time.agentSeconds))}.`];
}
