/** One bug of the retro as data: its time in the range and its whole story. */
import type { Bug, Hypothesis, RunningSession, TimelineKind } from '../types';
import { toMillis } from '../time';
import { intersect, totalLength, union } from './intervals';
import type { RetroScope, ScopedBug } from './options';
import { DEFAULT_SNIPPET_LINE_LIMIT, retroSnippet } from './snippets';
import { urlHref } from './links';
import type { LevelMinutes, LevelSeconds, RetroBug, RetroEvent, RetroWrongAssumption } from './types';
import { agentSeconds, workedSessions } from './worked';
import { retroTimeboxes } from './score';

/**
 * The retro's view of one bug: `seconds` is its time worked per level in the range
 * (workedSecondsByLevel), `minutes` its row of the summary table (data.ts rounds the table).
 */
export function retroBug(scoped: ScopedBug, scope: RetroScope, seconds: LevelSeconds, minutes: LevelMinutes): RetroBug {
  const { bug, journal } = scoped;
  const links = { root: journal.root ?? '', journalFolder: journal.journalFolder ?? '.bug-levels' };
  const snippetOptions = { noSnippets: scope.options.noSnippets === true, lineLimit: scope.options.snippetLineLimit ?? DEFAULT_SNIPPET_LINE_LIMIT };
  const refuted = bug.hypotheses.filter(isWrongAssumption);
  return {
    id: bug.id,
    title: bug.title,
    status: bug.status,
    level: bug.level,
    journal: scope.severalJournals ? (journal.name ?? null) : null,
    created: bug.created,
    tags: [...bug.tags],
    secondsByLevel: { ...seconds },
    seconds: seconds['1'] + seconds['2'] + seconds['3'],
    minutesByLevel: { ...minutes },
    minutes: minutes['1'] + minutes['2'] + minutes['3'],
    ...agentTime(agentSeconds(scoped.sessions)),
    hypotheses: {
      open: bug.hypotheses.filter((h) => h.status === 'open').length,
      confirmed: bug.hypotheses.filter((h) => h.status === 'confirmed').length,
      refuted: bug.hypotheses.filter((h) => h.status === 'refuted').length,
    },
    wrongAssumptions: refuted.map((h) => h.text),
    wrongAssumptionCosts: refuted.map((h) => wrongAssumptionCost(bug, h, scope.options.running, scope.nowMs)),
    sessions: scoped.sessions.map((s) => ({
      level: s.level,
      start: s.start,
      end: s.end,
      seconds: Math.round((s.endMs - s.startMs) / 1000),
      running: s.running,
      by: s.by ?? null,
    })),
    levelHistory: bug.levels.map((change) => ({ level: change.level, at: change.at, reason: change.reason ?? null })),
    timeboxes: retroTimeboxes(scoped, scope),
    hypothesisList: bug.hypotheses.map((h) => ({
      id: h.id,
      kind: h.kind,
      status: h.status,
      text: h.text,
      prediction: h.prediction ?? null,
      note: h.note ?? null,
      created: h.created,
      resolved: h.resolved ?? null,
      evidence: [...(h.evidence ?? [])],
    })),
    attempts: events(bug, 'attempt'),
    keepDrilling: events(bug, 'keep-drilling'),
    snippets: bug.snippets.map((snippet) => retroSnippet(snippet, links, snippetOptions, journal.anchors?.get(`${bug.id}/${snippet.id}`))),
    links: bug.links.map((url) => ({ url, href: urlHref(url) ?? null })),
    resolution: bug.resolution
      ? {
          layer: bug.resolution.layer,
          summary: bug.resolution.summary,
          link: bug.resolution.link ?? null,
          href: bug.resolution.link ? (urlHref(bug.resolution.link) ?? null) : null,
        }
      : null,
    notes: bug.notes ?? null,
  };
}

/** Agent time in all and per agent (most first). */
export function agentTime(agents: ReadonlyArray<{ readonly name: string; readonly seconds: number }>): Pick<RetroBug, 'agentSeconds' | 'agents'> {
  return { agentSeconds: agents.reduce((sum, agent) => sum + agent.seconds, 0), agents: agents.map((agent) => ({ ...agent })) };
}

/** A refuted assumption: the most valuable line of the retro. */
export function isWrongAssumption(h: Hypothesis): boolean {
  return h.kind === 'assumption' && h.status === 'refuted';
}

/** Seconds per level with the JSON keys "1", "2", "3". */
export function levelSeconds(seconds: Record<1 | 2 | 3, number>): LevelSeconds {
  return { '1': seconds[1], '2': seconds[2], '3': seconds[3] };
}

/**
 * What believing it cost: the wall-clock time from writing it down to refuting it, and the work
 * on the bug in between (every session, whatever the retro's range: the cost is the assumption's).
 */
function wrongAssumptionCost(bug: Bug, h: Hypothesis, running: RunningSession | undefined, nowMs: number): RetroWrongAssumption {
  const created = toMillis(h.created);
  const refuted = h.resolved === undefined ? undefined : toMillis(h.resolved);
  const base = { id: h.id, text: h.text, created: h.created, refuted: h.resolved ?? null };
  if (refuted === undefined || !Number.isFinite(refuted) || !Number.isFinite(created)) return { ...base, heldSeconds: null, workedSeconds: null };
  const all = workedSessions(bug, running, -Infinity, Infinity, nowMs);
  const worked = totalLength(intersect(union(all.map((s) => [s.startMs, s.endMs] as const)), [[created, Math.max(created, refuted)]]));
  return { ...base, heldSeconds: Math.max(0, Math.round((refuted - created) / 1000)), workedSeconds: Math.round(worked / 1000) };
}

function events(bug: Bug, kind: TimelineKind): RetroEvent[] {
  return bug.timeline.filter((event) => event.kind === kind).map((event) => ({ at: event.at, text: event.text ?? null }));
}
