/**
 * The retro as markdown for GitHub and VS Code's preview: a summary table, the breadth-first
 * score with the chart of work sessions, the wrong assumptions, then one section per bug.
 * Rendered from retroData(), so the markdown and the JSON always agree.
 */
import { formatDuration, wholeMinutes } from '../time';
import { bugSection, cost } from './bugMarkdown';
import { retroData } from './data';
import { agentsLine, count, percent, span, when } from './display';
import { cell, inline } from './escape';
import { timeChart } from './chart';
import type { RetroInput, RetroOptions } from './options';
import type { RetroData, RetroWrongAssumption } from './types';

/** The retro of `journals` as markdown. */
export function renderRetro(journals: RetroInput, options: RetroOptions, skippedFiles: readonly string[] = []): string {
  return retroMarkdown(retroData(journals, options, skippedFiles));
}

/**
 * Markdown from retro data already computed (the host renders both from one computation). Its
 * numbers are the data's: the table shows `minutesByLevel` and `minutes`, the breadth-first
 * sentence `workedSeconds` and `depthFirstSeconds` in whole minutes, the score `score` in whole
 * percent, rounded down.
 */
export function retroMarkdown(data: RetroData): string {
  const single = data.scope.bugIds !== null && data.bugs.length === 1 ? data.bugs[0] : undefined;
  const out = [single ? `# Bug Levels retro: ${inline(single.title)}` : '# Bug Levels retro', '', ...skippedLine(data), scopeLine(data), ''];
  if (data.bugs.length === 0) {
    out.push(
      data.journalBugCount === 0
        ? data.skippedFiles.length > 0
          ? 'No bug of this journal loaded.'
          : 'No bugs in this journal yet.'
        : 'No bug matches this retro: none was worked on or created in its range, or the bugs asked for are not in the journal.',
      '',
    );
    return out.join('\n');
  }
  out.push(...headline(data), ...chart(data), ...summary(data), ...breadthFirst(data));
  if (!single) out.push(...wrongAssumptions(data));
  for (const bug of data.bugs) out.push(...bugSection(bug, data.since !== null || data.until !== null));
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}

/**
 * Files that did not load are missing from every number below: said first, with where to see
 * them (the CLI's `check`; in VS Code the Problems panel and the tree's error rows show them too).
 */
export function skippedLine(data: RetroData): string[] {
  const n = data.skippedFiles.length;
  if (n === 0) return [];
  return [
    `**Incomplete: ${n === 1 ? '1 bug file was' : `${count(n)} bug files were`} skipped because ${n === 1 ? 'it does' : 'they do'} not load, so ${n === 1 ? 'its bug is' : 'their bugs are'} not in this retro; \`bug-levels check\` lists ${n === 1 ? 'it' : 'them'}.**`,
    '',
  ];
}

function scopeLine(data: RetroData): string {
  const range =
    data.since && data.until
      ? `time worked from ${when(data.since)} to ${when(data.until)}`
      : data.since
        ? `time worked since ${when(data.since)}`
        : data.until
          ? `time worked until ${when(data.until)}`
          : 'all time worked';
  const bugs = data.scope.bugIds
    ? `the ${data.scope.bugIds.length === 1 ? 'bug' : 'bugs'} asked for`
    : data.scope.includeParked
      ? 'every bug, parked ones included'
      : 'every bug except parked ones';
  return `As of ${when(data.generated)} UTC · ${range} · ${bugs}${data.scope.snippets ? '' : ' · snippet text left out'}. All times are UTC.`;
}

/** How many fixes the summary lists before saying how many more there are. */
const SUMMARY_FIXES = 5;

/**
 * The retro in a few lines, first, for whoever reads only the top of a pasted retro: what was
 * found and where the fix went, the time per level, the score and the costliest wrong assumption.
 */
function headline(data: RetroData): string[] {
  const fixed = data.bugs.filter((bug) => bug.resolution !== null);
  const fixes = fixed
    .slice(0, SUMMARY_FIXES)
    .map((bug) => `  - ${inline(bug.title)}: ${bug.resolution ? `fixed at the **${bug.resolution.layer}** layer: ${inline(bug.resolution.summary)}` : ''}`);
  if (fixed.length > SUMMARY_FIXES) fixes.push(`  - and ${count(fixed.length - SUMMARY_FIXES)} more, below`);
  const t = data.totals.minutesByLevel;
  const { score, pastTimeboxSeconds } = data.breadthFirst;
  const wrong = costliest(data);
  return [
    '## Summary',
    '',
    fixed.length
      ? `- **Found and fixed** (${count(fixed.length)} of ${count(data.bugs.length)} ${data.bugs.length === 1 ? 'bug' : 'bugs'}):`
      : `- **Fixed:** none of the ${count(data.bugs.length)} ${data.bugs.length === 1 ? 'bug' : 'bugs'} yet.`,
    ...fixes,
    `- **Time worked:** ${minutes(data.totals.minutes)}: level 1 ${minutes(t['1'])}, level 2 ${minutes(t['2'])}, level 3 ${minutes(t['3'])}${pastTimeboxSeconds > 0 ? `; ${formatDuration(pastTimeboxSeconds)} past a timebox` : ''}.`,
    ...agentsLine(data.totals, data.totals.seconds, '- **Of which agents:** '),
    `- **Breadth-first score:** ${score === null ? 'none (no time worked)' : percent(score)}.`,
    `- **Costliest wrong assumption:** ${wrong ? `${inline(wrong.text)} (${inline(wrong.title)}): ${cost(wrong)}.` : 'none refuted.'}`,
    '',
  ];
}

/** The refuted assumption with the most work on its bug while it was believed (then the longest held). */
function costliest(data: RetroData): (RetroWrongAssumption & { title: string }) | undefined {
  let best: (RetroWrongAssumption & { title: string }) | undefined;
  for (const bug of data.bugs)
    for (const wrong of bug.wrongAssumptionCosts)
      if (
        !best ||
        (wrong.workedSeconds ?? -1) > (best.workedSeconds ?? -1) ||
        ((wrong.workedSeconds ?? -1) === (best.workedSeconds ?? -1) && (wrong.heldSeconds ?? -1) > (best.heldSeconds ?? -1))
      )
        best = { ...wrong, title: bug.title };
  return best;
}

/** The chart of where the time went (chart.ts), under its heading; nothing without time worked. */
function chart(data: RetroData): string[] {
  const lines = timeChart(data);
  return lines.length ? ['## Where the time went', '', ...lines, ''] : [];
}

function summary(data: RetroData): string[] {
  const journal = data.bugs.some((bug) => bug.journal !== null);
  const out = [
    '## Time per bug',
    '',
    `| Bug |${journal ? ' Journal |' : ''} Status | Level | Level 1 | Level 2 | Level 3 | Total | Confirmed / refuted | Wrong assumptions |`,
    `|---|${journal ? '---|' : ''}---|---|---|---|---|---|---|---|`,
  ];
  for (const bug of data.bugs) {
    const m = bug.minutesByLevel;
    out.push(
      `| ${cell(bug.title)} |${journal ? ` ${cell(bug.journal ?? '')} |` : ''} ${bug.status} | ${bug.level} | ${minutes(m['1'])} | ${minutes(m['2'])} | ${minutes(m['3'])} | ${minutes(bug.minutes)} | ${bug.hypotheses.confirmed} / ${bug.hypotheses.refuted} | ${bug.wrongAssumptions.length} |`,
    );
  }
  const t = data.totals.minutesByLevel;
  out.push(
    `| **Total** |${journal ? ' |' : ''} | | ${minutes(t['1'])} | ${minutes(t['2'])} | ${minutes(t['3'])} | ${minutes(data.totals.minutes)} | | ${data.totals.wrongAssumptions} |`,
    '',
    ROUNDING_NOTE,
    '',
  );
  return out;
}

/** Said under the summary table: how its minutes are rounded. */
const ROUNDING_NOTE =
  '*Minutes are rounded once, for the whole table, so it adds up: each total is the sum of the numbers shown, the grand total is the time worked rounded down, and every number is within a minute of the exact time (the JSON has the seconds).*';

/** Whole minutes as every duration is written (formatDuration, the one formatter). */
function minutes(whole: number): string {
  return formatDuration(whole * 60);
}

function breadthFirst(data: RetroData): string[] {
  const { score, workedSeconds, depthFirstSeconds, pastTimeboxSeconds, longestDepthFirstStreak: streak } = data.breadthFirst;
  const out = ['## Breadth-first or depth-first?', ''];
  if (score === null) return [...out, 'No time was worked in this range, so there is no breadth-first score.', ''];
  // The time worked and the depth-first time rounded down, as everywhere; the breadth-first time
  // is the difference, so the three add up (it is within a minute of its own seconds).
  const worked = wholeMinutes(workedSeconds);
  const deeper = wholeMinutes(depthFirstSeconds);
  out.push(
    `**Breadth-first score: ${percent(score)}.** Of the ${minutes(worked)} worked, ${minutes(worked - deeper)} was breadth-first and ${minutes(deeper)} depth-first: on a bug while another open bug sat at a lower level, or on a bug past its timebox while another open bug at its level or below still had time in its box.${pastTimeboxSeconds > 0 ? ` ${formatDuration(pastTimeboxSeconds)} of it was past a timebox.` : ''}`,
    '',
    streak
      ? `**Longest depth-first streak:** ${formatDuration(streak.seconds)} on ${inline(streak.title)} (${span(streak.start, streak.end)})${streak.pastTimeboxSeconds > 0 ? `, ${formatDuration(streak.pastTimeboxSeconds)} of it past its timebox` : ''}.`
      : '**Longest depth-first streak:** none; no bug was worked on while another open bug sat at a lower level or past its timebox while another still had time.',
    '',
    definition(data.scope.includeParked),
    '',
  );
  return out;
}

/** The score's definition, written into every retro so a reader can check the number. */
function definition(includeParked: boolean): string {
  return [
    '*How this is counted:* a moment of work on a bug at level L is depth-first when another open bug sat at a level below L at that moment,',
    'or when the bug was past its timebox at L (its time at L, all of it up to that moment, had reached the box) while another open bug at L or below still had time in its box;',
    'the score is the share of the time worked that was not depth-first (100 % = always on a bug at the lowest level still open, and never past a timebox while another bug had time).',
    "Timeboxes are the bugs' own per level as they are now, else the defaults (30, 60, 120 min).",
    "A bug's level at each moment comes from its level history; a bug is open from its creation until it is parked or resolved",
    '(the parked and resolved entries in its timeline, or in older files the Park and Resolve notes; without one, the end of its last session) and again once reopened.',
    includeParked ? 'Parked bugs count as waiting while they were open.' : 'Parked bugs left out of this retro do not count as waiting.',
    'Bugs not listed here still count as waiting.',
    'A streak is consecutive depth-first work on one bug, in time worked (pauses not counted); work on another bug or a breadth-first moment ends it.',
  ].join(' ');
}

function wrongAssumptions(data: RetroData): string[] {
  const lines = data.bugs.flatMap((bug) => bug.wrongAssumptionCosts.map((wrong) => `- ${inline(wrong.text)} (${inline(bug.title)}): ${cost(wrong)}`));
  return lines.length ? ['## Wrong assumptions', '', ...lines, ''] : [];
}
