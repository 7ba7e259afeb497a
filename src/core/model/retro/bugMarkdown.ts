/** One bug's section of the markdown retro: its story, from level history to fix. */
import { levelLabel, levelName } from '../levels';
import { formatDuration } from '../time';
import { codeSpan, fenced, inline, lineStart } from './escape';
import { agentsLine, count, span, when } from './display';
import type { RetroBug, RetroHypothesis, RetroSnippet, RetroWrongAssumption } from './types';
import type { RetroTimebox } from './score';

/** The `## title` section of one bug; `ranged` when the retro covers a time range. */
export function bugSection(bug: RetroBug, ranged: boolean): string[] {
  // Its total in the summary table (rounded with the table), so the two never differ.
  const worked = bug.seconds > 0 ? `${formatDuration(bug.minutes * 60)} worked` : ranged ? 'no time worked in this range' : 'no time worked';
  const facts = [levelLabel(bug.level), bug.status, worked, `id ${codeSpan(bug.id)}`];
  if (bug.journal !== null) facts.push(`journal ${inline(bug.journal)}`);
  if (bug.tags.length) facts.push(`tags: ${bug.tags.map(inline).join(', ')}`);
  return [
    `## ${inline(bug.title)}`,
    '',
    facts.join(' · '),
    '',
    ...agentsLine(bug, bug.seconds, 'Of which agents: ').flatMap((line) => [line, '']),
    ...part(
      'Level history',
      bug.levelHistory.map(
        (change) => `- ${when(change.at)} · level ${change.level} (${levelName(change.level)})${change.reason ? `: ${inline(change.reason)}` : ''}`,
      ),
    ),
    ...part('Past the timebox', bug.timeboxes.filter((box) => box.pastSeconds > 0).map(timeboxLine)),
    ...part(
      'Hypotheses',
      bug.hypothesisList.flatMap((h) => hypothesisLines(h, bug.status === 'resolved')),
    ),
    ...part(
      'Wrong assumptions',
      bug.wrongAssumptionCosts.map((wrong) => `- ${inline(wrong.text)}: ${cost(wrong)}`),
    ),
    ...part(
      'Attempts',
      bug.attempts.map((event) => `- ${when(event.at)}${event.text ? ` · ${inline(event.text)}` : ''}`),
    ),
    ...part(
      'Keep drilling',
      bug.keepDrilling.map((event) => `- ${when(event.at)}${event.text ? ` · ${inline(event.text)}` : ''}`),
    ),
    ...part('Snippets', bug.snippets.flatMap(snippetLines)),
    ...part(
      'Links',
      bug.links.map((link) => `- ${link.href ? `[${inline(link.url)}](${link.href})` : inline(link.url)}`),
    ),
    ...part('Fix', bug.resolution ? [fixLine(bug.resolution)] : []),
    ...part('Notes', bug.notes === null ? [] : noteLines(bug.notes)),
  ];
}

/** What a wrong assumption cost: `believed for 16 h 20 min, 1 h 08 min of work`. */
export function cost(wrong: RetroWrongAssumption): string {
  if (wrong.heldSeconds === null || wrong.workedSeconds === null || wrong.refuted === null)
    return `written down ${when(wrong.created)}, refuted at an unrecorded time`;
  return `believed for ${formatDuration(wrong.heldSeconds)} (${span(wrong.created, wrong.refuted)}), ${formatDuration(wrong.workedSeconds)} of work on the bug`;
}

/** `- level 1: 7 h 30 min past its 30-min timebox (8 h 00 min worked at level 1)` */
function timeboxLine(box: RetroTimebox): string {
  return `- level ${box.level}: ${formatDuration(box.pastSeconds)} past its ${box.minutes}-min timebox (${formatDuration(box.seconds)} worked at level ${box.level})`;
}

/** A `### heading` and its lines, or nothing when there are no lines. */
function part(heading: string, lines: string[]): string[] {
  if (lines.length === 0) return [];
  return lines.at(-1) === '' ? [`### ${heading}`, '', ...lines] : [`### ${heading}`, '', ...lines, ''];
}

/** `bugResolved`: a hypothesis still open when the bug was fixed was never tested: said so. */
function hypothesisLines(h: RetroHypothesis, bugResolved: boolean): string[] {
  const dates = h.resolved ? span(h.created, h.resolved) : `since ${when(h.created)}`;
  const status = h.status === 'open' && bugResolved ? 'untested' : h.status;
  const out = [`- **${status}** · ${h.kind === 'assumption' ? 'assumption · ' : ''}${inline(h.text)} (${dates})`];
  if (h.prediction) out.push(`  - Prediction: ${inline(h.prediction)}`);
  if (h.note) out.push(`  - Note: ${inline(h.note)}`);
  if (h.evidence.length) out.push(`  - Evidence: ${h.evidence.map(codeSpan).join(', ')}`);
  return out;
}

/** Snippets longer than this many lines are folded in `<details>`, so a stack trace does not push the story off the page. */
export const FOLD_LINES = 15;

/**
 * A snippet: a terminal one titled by its command (what was run says more than the first line
 * of its output), then its facts, then its text, folded when long. The `<details>` lines are the
 * retro's own HTML: no journal text goes into them (the summary is a line count), and the text
 * inside is a fenced code block, so it renders verbatim.
 */
/**
 * Where a snippet's code is: its file and lines (linked), or where it went since (linked), with
 * where it was captured; an outdated one says its code is no longer in the working tree.
 */
function snippetPlace(snippet: RetroSnippet): string {
  const recorded = inline(`${snippet.file ?? ''}${snippet.lines ? `:${snippet.lines}` : ''}`);
  const anchor = snippet.anchor;
  if (anchor === null) return snippet.href ? `[${recorded}](${snippet.href})` : recorded;
  if (anchor.state === 'outdated') return `${recorded} (outdated: no longer in the working tree)`;
  const now = inline(`${anchor.file ?? ''}${anchor.lines ? `:${anchor.lines}` : ''}`);
  const how = anchor.state === 'moved' ? 'moved' : `changed, score ${anchor.score}`;
  return `${snippet.href ? `[${now}](${snippet.href})` : now} (${how}; captured at ${recorded})`;
}

function snippetLines(snippet: RetroSnippet): string[] {
  const facts = [snippet.command !== null ? `**${codeSpan(snippet.command)}**` : `**${inline(snippet.id)}**`, snippet.source];
  if (snippet.command !== null) facts.push(`snippet ${codeSpan(snippet.id)}`);
  if (snippet.file !== null) facts.push(snippetPlace(snippet));
  if (snippet.commit !== null) facts.push(`commit ${codeSpan(snippet.commit)}`);
  if (snippet.exitCode !== null) facts.push(`exit code ${snippet.exitCode}`);
  facts.push(`captured ${when(snippet.captured)}`);
  const out = [facts.join(' · '), ''];
  if (snippet.redacted) out.push('*Text left out of this retro.*', '');
  else if (snippet.text !== null) {
    const lines = snippet.text.split('\n').length;
    if (lines > FOLD_LINES) out.push(`<details><summary>${count(lines)} lines</summary>`, '', ...fenced(snippet.text), '', '</details>', '');
    else out.push(...fenced(snippet.text), '');
  }
  if (snippet.truncated) {
    const { shownLines, totalLines, totalChars } = snippet.truncated;
    out.push(
      `*Cut for the retro: the first ${count(shownLines)} of ${count(totalLines)} lines (${count(totalChars)} characters) are shown; the whole text is in the bug file.*`,
      '',
    );
  }
  if (snippet.attachment !== null) {
    const label = inline(snippet.attachment);
    out.push(`Stored beside the bug: ${snippet.attachmentHref ? `[${label}](${snippet.attachmentHref})` : label}`, '');
  }
  return out;
}

function fixLine(resolution: NonNullable<RetroBug['resolution']>): string {
  const link = resolution.link === null ? '' : ` (${resolution.href ? `[${inline(resolution.link)}](${resolution.href})` : inline(resolution.link)})`;
  return `Fixed at the **${resolution.layer}** layer: ${inline(resolution.summary)}${link}`;
}

/** Free text as a block quote, one escaped line per line, so no line can start a list or heading. */
function noteLines(notes: string): string[] {
  return notes
    .replace(/\r\n?/g, '\n')
    .replace(/\n+$/, '')
    .split('\n')
    .map((line) => (line.trim() ? `> ${lineStart(line)}` : '>'));
}
