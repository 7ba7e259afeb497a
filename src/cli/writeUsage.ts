/**
 * The help text of the write verbs, generated from the operation table (each verb's summary and
 * its fields' descriptions) and the verbs' argv (writeVerbs.ts), so it cannot drift from either.
 */
import { metavarOf, takesBug, WRITE_VERBS, type OptionArg, type WriteVerb } from './writeVerbs';

/** Where descriptions start, as in the rest of the CLI's usage. */
const COLUMN = 27;
const WIDTH = 86;

/** One verb's form: `timebox BUG MINUTES [--level 1|2|3]`. */
export function synopsis(verb: WriteVerb): string {
  const parts = [verb.verb, ...(takesBug(verb) ? ['BUG'] : []), ...verb.argv.positionals.map((arg) => metavarOf(verb, arg))];
  for (const option of verb.argv.options) {
    const form = option.sets === undefined ? `--${option.flag} ${metavarOf(verb, option)}` : `--${option.flag}`;
    const required = verb.operation.fields[option.field]?.required === true;
    parts.push(`${required ? form : `[${form}]`}${option.multiple ? '...' : ''}`);
  }
  return parts.join(' ');
}

function optionText(verb: WriteVerb, option: OptionArg): string {
  const describe = verb.operation.fields[option.field]?.describe ?? '';
  const text = option.sets === undefined ? describe : `Sets ${option.field} to ${option.sets}. ${describe.charAt(0).toUpperCase()}${describe.slice(1)}`;
  return `${text}${option.multiple ? ' Repeatable.' : ''}${option.needs ? ` Needs --${option.needs}.` : ''}`;
}

function verbText(verb: WriteVerb): string {
  const prints = verb.argv.prints;
  const printed =
    prints === 'bug-id'
      ? ' Prints its id.'
      : prints === 'hypothesis-id'
        ? ' Prints the hypothesis id.'
        : prints === 'snippet-id'
          ? ' Prints the snippet id.'
          : '';
  return `${verb.operation.summary}${verb.argv.stdin ? ' The text is read from standard input.' : ''}${printed}`;
}

/** `label` at `indent`, `text` wrapped from COLUMN (on the next line when the label is too long). */
function entry(indent: number, label: string, text: string): string {
  const lines = wrap(text, WIDTH - COLUMN);
  const head = `${' '.repeat(indent)}${label}`;
  const pad = ' '.repeat(COLUMN);
  const first = head.length < COLUMN - 1 ? `${head.padEnd(COLUMN)}${lines.shift() ?? ''}` : head;
  return [first, ...lines.map((line) => `${pad}${line}`)].join('\n');
}

function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else {
      line = line ? `${line} ${word}` : word;
    }
  }
  if (line) lines.push(line);
  return lines;
}

/** The help of every write verb (part of the CLI's usage text). */
export const WRITE_USAGE = [
  "Commands that write (BUG is a bug's id). Each also takes --journal DIR, the journal",
  'folder (default .bug-levels), and --json, to print the changed bug as JSON.',
  ...WRITE_VERBS.map((verb) =>
    [
      entry(2, synopsis(verb), verbText(verb)),
      ...verb.argv.positionals.map((arg) => entry(6, metavarOf(verb, arg), verb.operation.fields[arg.field]?.describe ?? '')),
      ...(verb.argv.stdin ? [entry(6, 'stdin', verb.operation.fields[verb.argv.stdin]?.describe ?? '')] : []),
      ...verb.argv.options.map((option) =>
        entry(6, option.sets === undefined ? `--${option.flag} ${metavarOf(verb, option)}` : `--${option.flag}`, optionText(verb, option)),
      ),
    ].join('\n'),
  ),
].join('\n');
