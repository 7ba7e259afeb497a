/** The retro as data (the JSON output), which the markdown is also rendered from. */
import { type RetroInput, type RetroOptions, resolveScope } from './options';
import { retroBug } from './bugData';
import { breadthFirstScore } from './score';
import { RETRO_SCHEMA, type LevelSeconds, type RetroData } from './types';

/** The retro of `journals` as plain data: `bug-levels retro --format json`. */
export function retroData(journals: RetroInput, options: RetroOptions): RetroData {
  const scope = resolveScope(journals, options);
  const bugs = scope.bugs.map((scoped) => retroBug(scoped, scope));
  const secondsByLevel: LevelSeconds = { '1': 0, '2': 0, '3': 0 };
  for (const bug of bugs) for (const key of ['1', '2', '3'] as const) secondsByLevel[key] += bug.secondsByLevel[key];
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
    bugs,
    totals: {
      secondsByLevel,
      seconds: secondsByLevel['1'] + secondsByLevel['2'] + secondsByLevel['3'],
      wrongAssumptions: bugs.reduce((sum, bug) => sum + bug.wrongAssumptions.length, 0),
    },
    breadthFirst: breadthFirstScore(scope),
  };
}
