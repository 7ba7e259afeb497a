/**
 * The retro: what each bug cost, at which level, and which assumptions were wrong. Pure: it
 * takes the journal and the time, and returns data (JSON) or text (markdown); the host or CLI
 * decides where it goes.
 */
import type { Bug, Journal, Level, RunningSession, Session, Timestamp } from './types';
import { type SecondsByLevel, addSeconds, NO_TIME, secondsByLevel } from './timeAccounting';
import { levelLabel, levelName } from './levels';
import { formatDuration, toMillis } from './time';

export interface RetroOptions {
  readonly now: Timestamp;
  /** Only time worked since then counts, and only bugs touched since then are listed. */
  readonly since?: Timestamp;
  readonly running?: RunningSession;
}

export interface RetroBug {
  readonly id: string;
  readonly title: string;
  readonly status: Bug['status'];
  readonly level: Level;
  readonly secondsByLevel: Record<'1' | '2' | '3', number>;
  readonly hypotheses: { readonly open: number; readonly confirmed: number; readonly refuted: number };
  readonly wrongAssumptions: string[];
}

export interface RetroData {
  readonly generated: Timestamp;
  readonly since?: Timestamp;
  readonly bugs: RetroBug[];
  readonly totals: { readonly secondsByLevel: Record<'1' | '2' | '3', number> };
}

/** The retro as data: the JSON output of `bug-levels retro --format json`. */
export function retroData(journal: Journal, options: RetroOptions): RetroData {
  const bugs = includedBugs(journal, options);
  let totals: SecondsByLevel = NO_TIME;
  const rows = bugs.map((bug): RetroBug => {
    const seconds = secondsInRange(bug, options);
    totals = addSeconds(totals, seconds);
    return {
      id: bug.id,
      title: bug.title,
      status: bug.status,
      level: bug.level,
      secondsByLevel: byLevelKey(seconds),
      hypotheses: {
        open: bug.hypotheses.filter((h) => h.status === 'open').length,
        confirmed: bug.hypotheses.filter((h) => h.status === 'confirmed').length,
        refuted: bug.hypotheses.filter((h) => h.status === 'refuted').length,
      },
      wrongAssumptions: bug.hypotheses.filter((h) => h.kind === 'assumption' && h.status === 'refuted').map((h) => h.text),
    };
  });
  return { generated: options.now, ...(options.since ? { since: options.since } : {}), bugs: rows, totals: { secondsByLevel: byLevelKey(totals) } };
}

/** The retro as markdown that renders on GitHub and in VS Code's preview. */
export function renderRetroMarkdown(journal: Journal, options: RetroOptions): string {
  const data = retroData(journal, options);
  const bugs = includedBugs(journal, options);
  const out: string[] = ['# Bug Levels retro', ''];
  out.push(options.since ? `Time worked since ${options.since}, as of ${options.now}.` : `As of ${options.now}.`, '');
  if (data.bugs.length === 0) {
    out.push('No bugs in this journal yet.', '');
    return out.join('\n');
  }
  out.push('| Bug | Status | Level | Level 1 | Level 2 | Level 3 | Confirmed / refuted | Wrong assumptions |');
  out.push('|---|---|---|---|---|---|---|---|');
  for (const row of data.bugs) {
    out.push(`| ${cell(row.title)} | ${row.status} | ${row.level} | ${formatDuration(row.secondsByLevel['1'])} | ${formatDuration(row.secondsByLevel['2'])} | ${formatDuration(row.secondsByLevel['3'])} | ${row.hypotheses.confirmed} / ${row.hypotheses.refuted} | ${row.wrongAssumptions.length} |`);
  }
  const totals = data.totals.secondsByLevel;
  out.push(`| **Total** | | | ${formatDuration(totals['1'])} | ${formatDuration(totals['2'])} | ${formatDuration(totals['3'])} | | |`, '');

  const wrong = bugs.flatMap((bug) => bug.hypotheses.filter((h) => h.kind === 'assumption' && h.status === 'refuted').map((h) => ({ bug, h })));
  if (wrong.length) {
    out.push('## Wrong assumptions', '');
    for (const { bug, h } of wrong) out.push(`- ${inline(h.text)} (${inline(bug.title)})`);
    out.push('');
  }
  for (const bug of bugs) out.push(...bugSection(bug));
  return out.join('\n');
}

function bugSection(bug: Bug): string[] {
  const out = [`## ${inline(bug.title)}`, '', `${levelLabel(bug.level)} · ${bug.status} · id \`${bug.id}\``, ''];
  if (bug.levels.length) {
    out.push('**Level history**', '');
    for (const change of bug.levels) out.push(`- ${change.at}: level ${change.level} (${levelName(change.level)})${change.reason ? `: ${inline(change.reason)}` : ''}`);
    out.push('');
  }
  if (bug.hypotheses.length) {
    out.push('**Hypotheses**', '');
    for (const h of bug.hypotheses) out.push(`- [${h.status}] ${h.kind === 'assumption' ? '(assumption) ' : ''}${inline(h.text)}${h.note ? `: ${inline(h.note)}` : ''}`);
    out.push('');
  }
  for (const snippet of bug.snippets) {
    if (snippet.text === undefined) continue;
    const where = snippet.file ? ` from ${inline(snippet.file)}${snippet.lines ? `:${snippet.lines}` : ''}` : '';
    out.push(`Snippet ${snippet.id} (${snippet.source}${where}, ${snippet.captured}):`, '', ...fenced(snippet.text), '');
  }
  if (bug.resolution) out.push(`**Fixed** at the ${bug.resolution.layer} layer: ${inline(bug.resolution.summary)}`, '');
  return out;
}

/** A fenced code block whose fence is longer than any backtick run inside, so it always closes. */
export function fenced(text: string, language = 'text'): string[] {
  const longest = Math.max(0, ...[...text.matchAll(/`+/g)].map((match) => match[0].length));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${language}`, ...text.replace(/\n$/, '').split('\n'), fence];
}

/**
 * Text for a table cell: no line breaks, no column-breaking pipes, no HTML. inline() already
 * escapes `|` as `\|`; escaping again would give `\\|`, an escaped backslash and a bare pipe.
 */
function cell(text: string): string {
  return inline(text);
}

/** One line of markdown text that renders as the literal text (no HTML, links or emphasis). */
export function inline(text: string): string {
  return text.replace(/\r?\n|\r/g, ' ').replace(/[\\`*_{}[\]<>()#+!|~$&]/g, (char) => `\\${char}`);
}

function includedBugs(journal: Journal, options: RetroOptions): Bug[] {
  if (!options.since) return [...journal.bugs];
  const since = toMillis(options.since);
  const running = options.running;
  return journal.bugs.filter(
    (bug) =>
      bug.sessions.some((s) => toMillis(s.end ?? options.now) > since) ||
      toMillis(bug.created) >= since ||
      // The bug being worked on now was touched since, even if none of its saved sessions was.
      (running !== undefined && running.bugId === bug.id && toMillis(options.now) > since),
  );
}

function secondsInRange(bug: Bug, options: RetroOptions): SecondsByLevel {
  if (!options.since) return secondsByLevel(bug, options.now, options.running);
  const since = options.since;
  const clipped: Session[] = bug.sessions
    .filter((s) => toMillis(s.end ?? options.now) > toMillis(since))
    .map((s) => (toMillis(s.start) < toMillis(since) ? { ...s, start: since } : s));
  const running = options.running && toMillis(options.running.start) < toMillis(since) ? { ...options.running, start: since } : options.running;
  return secondsByLevel({ ...bug, sessions: clipped }, options.now, running);
}

function byLevelKey(seconds: SecondsByLevel): Record<'1' | '2' | '3', number> {
  return { '1': seconds[1], '2': seconds[2], '3': seconds[3] };
}

