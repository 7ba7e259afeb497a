/** The retro as data (the JSON output), which the markdown is also rendered from. */
import { type RetroInput, type RetroOptions, resolveScope } from './options';
import { agentTime, levelSeconds, retroBug } from './bugData';
import { shownMinutes } from './minutes';
import { breadthFirstScore } from './score';
import { RETRO_SCHEMA, type LevelMinutes, type LevelSeconds, type RetroData } from './types';
import { workedSecondsByLevel } from './worked';

const LEVEL_KEYS = ['1', '2', '3'] as const;

/**
 * The retro of `journals` as plain data: `bug-levels retro --format json`. `skippedFiles` are the
 * journal's files that did not load (the report says so at its top).
 */
export function retroData(journals: RetroInput, options: RetroOptions, skippedFiles: readonly string[] = []): RetroData {
  const scope = resolveScope(journals, options);
  const seconds = scope.bugs.map((scoped) => levelSeconds(workedSecondsByLevel(scoped.bug, scoped.sessions, scope.options.now)));
  // The summary table's minutes, rounded once for the whole table so that it adds up (minutes.ts).
  const shown = shownMinutes(seconds.map((s) => LEVEL_KEYS.map((key) => s[key])));
  const bugs = scope.bugs.map((scoped, index) => retroBug(scoped, scope, seconds[index] ?? { '1': 0, '2': 0, '3': 0 }, byLevel(shown.cells[index] ?? [])));
  const secondsByLevel: LevelSeconds = { '1': 0, '2': 0, '3': 0 };
  for (const bug of bugs) for (const key of LEVEL_KEYS) secondsByLevel[key] += bug.secondsByLevel[key];
  const agents = new Map<string, number>();
  for (const bug of bugs) for (const agent of bug.agents) agents.set(agent.name, (agents.get(agent.name) ?? 0) + agent.seconds);
  return {
    schema: RETRO_SCHEMA,
    generated: options.now,
    since: options.since ?? null,
    until: options.until ?? null,
    scope: {
      bugIds: options.bugIds && options.bugIds.length > 0 ? [...options.bugIds] : null,
      includeParked: options.includeParked !== false,
      snippets: options.noSnippets !== true,
    },
    journalBugCount: scope.journalBugCount,
    skippedFiles: [...skippedFiles],
    bugs,
    totals: {
      secondsByLevel,
      seconds: secondsByLevel['1'] + secondsByLevel['2'] + secondsByLevel['3'],
      minutesByLevel: byLevel(shown.columns),
      minutes: shown.total,
      wrongAssumptions: bugs.reduce((sum, bug) => sum + bug.wrongAssumptions.length, 0),
      ...agentTime(
        [...agents].map(([name, seconds]) => ({ name, seconds })).sort((a, b) => b.seconds - a.seconds || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
      ),
    },
    breadthFirst: breadthFirstScore(scope),
  };
}

function byLevel(minutes: readonly number[]): LevelMinutes {
  return { '1': minutes[0] ?? 0, '2': minutes[1] ?? 0, '3': minutes[2] ?? 0 };
}
