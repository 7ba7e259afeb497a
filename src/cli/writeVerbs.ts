/**
 * The `bug-levels` verbs that write. Which verbs there are, what each one does and what its
 * inputs mean come from the operation table (src/core/model/operations.ts: `cliVerb`, `summary`,
 * `fields`); this file only says, per operation, which argument or option fills which field and
 * what a success prints. Parsing (writeArgs.ts), the usage text (writeUsage.ts) and running
 * (writeCommand.ts) are generic over it.
 */
import type { Bug, Level } from '../core/model/types';
import { DEFAULT_TIMEBOX_MINUTES, timeboxMinutes } from '../core/model/timebox';
import { ALL_OPERATIONS, OPERATIONS, type InputOf, type OperationInfo, type OperationName } from '../core/model/operations';

/** A positional argument (after BUG, for verbs that change a bug) and the field it fills. */
export interface PositionalArg<Field extends string = string> {
  readonly field: Field;
  /** Shown in the usage: TEXT, MINUTES. Choices show their values. */
  readonly metavar?: string;
}

/** An option and the field it fills. */
export interface OptionArg<Field extends string = string> extends PositionalArg<Field> {
  /** The option's name, without `--`. */
  readonly flag: string;
  /** Repeatable: the field gets the list of values. */
  readonly multiple?: true;
  /** A flag without a value that sets the field to this value (`--assumption`: kind assumption). */
  readonly sets?: string;
  /** Only together with this other option (`--lines` needs `--file`). */
  readonly needs?: string;
}

/** What a success prints without --json: the new id, or a one-line confirmation. */
export type Printed = 'bug-id' | 'hypothesis-id' | 'snippet-id' | ((after: Bug, input: Readonly<Record<string, unknown>>) => string);

/** How argv maps onto the fields of one operation. */
export interface VerbArgv<Field extends string = string> {
  readonly positionals: readonly PositionalArg<Field>[];
  readonly options: readonly OptionArg<Field>[];
  /** The field standard input fills (snippet's text). */
  readonly stdin?: Field;
  readonly prints: Printed;
}

type FieldOf<Name extends OperationName> = keyof InputOf<Name> & string;
type ArgvTable = { readonly [Name in OperationName]?: VerbArgv<FieldOf<Name>> };

const reason = { flag: 'reason', field: 'reason', metavar: 'TEXT' } as const;
const quoted = (bug: Bug): string => `'${bug.title}'`;

/** Per operation with a `cliVerb`: its argv. Keyed by operation name, so fields are type-checked. */
const ARGV: ArgvTable = {
  newBug: {
    positionals: [{ field: 'title', metavar: 'TITLE' }],
    options: [{ flag: 'tag', field: 'tags', metavar: 'T', multiple: true }],
    prints: 'bug-id',
  },
  addHypothesis: {
    positionals: [{ field: 'text', metavar: 'TEXT' }],
    options: [
      { flag: 'expect', field: 'prediction', metavar: 'TEXT' },
      { flag: 'assumption', field: 'kind', sets: 'assumption' },
      { flag: 'since', field: 'since', metavar: 'DATE' },
    ],
    prints: 'hypothesis-id',
  },
  setVerdict: {
    positionals: [{ field: 'hypothesisId', metavar: 'HYPOTHESIS' }, { field: 'verdict' }],
    options: [
      { flag: 'note', field: 'note', metavar: 'TEXT' },
      { flag: 'evidence', field: 'evidence', metavar: 'SNIPPET', multiple: true },
    ],
    prints: (bug, input) => `${String(input.hypothesisId)} of ${quoted(bug)} is ${String(input.verdict)}.`,
  },
  attachSnippet: {
    positionals: [],
    options: [
      { flag: 'file', field: 'file', metavar: 'PATH' },
      { flag: 'lines', field: 'lines', metavar: 'A-B', needs: 'file' },
      { flag: 'source', field: 'source' },
    ],
    stdin: 'text',
    prints: 'snippet-id',
  },
  logAttempt: {
    positionals: [{ field: 'text', metavar: 'TEXT' }],
    options: [],
    prints: (bug) => `Attempt logged for ${quoted(bug)} (${bug.timeline.filter((event) => event.kind === 'attempt').length} so far).`,
  },
  promote: {
    positionals: [],
    options: [{ flag: 'to', field: 'to', metavar: '2|3' }, reason],
    prints: (bug) => `${quoted(bug)} is at level ${bug.level} now.`,
  },
  demote: { positionals: [], options: [reason], prints: (bug) => `${quoted(bug)} is back at level ${bug.level}.` },
  setTimebox: {
    positionals: [{ field: 'minutes', metavar: 'MINUTES' }],
    options: [{ flag: 'level', field: 'level' }],
    prints: (bug, input) => {
      const level = Number(input.level ?? bug.level) as Level;
      return `${quoted(bug)} has a timebox of ${timeboxMinutes(bug, level, DEFAULT_TIMEBOX_MINUTES)} min at level ${level}.`;
    },
  },
  park: { positionals: [], options: [reason], prints: (bug) => `${quoted(bug)} is parked.` },
  reopen: { positionals: [], options: [], prints: (bug) => `${quoted(bug)} is open again, at level ${bug.level}.` },
  resolve: {
    positionals: [],
    options: [
      { flag: 'layer', field: 'layer' },
      { flag: 'summary', field: 'summary', metavar: 'TEXT' },
    ],
    prints: (bug) => `${quoted(bug)} is resolved (${bug.resolution?.layer ?? '?'}).`,
  },
  addLink: { positionals: [{ field: 'url', metavar: 'URL' }], options: [], prints: (bug) => `Link added to ${quoted(bug)} (${bug.links.length} in all).` },
};

/** A write verb: the operation it runs (from the table) and its argv. */
export interface WriteVerb {
  readonly verb: string;
  readonly name: OperationName;
  readonly operation: OperationInfo;
  readonly argv: VerbArgv;
}

/** Every operation with a `cliVerb`, in the table's order. */
export const WRITE_VERBS: readonly WriteVerb[] = ALL_OPERATIONS.flatMap((operation) => {
  if (operation.cliVerb === undefined) return [];
  const name = operation.name as OperationName;
  const argv = ARGV[name] as VerbArgv | undefined;
  // The unit tests run this module, so a verb added to the table without its argv fails them.
  if (argv === undefined) throw new Error(`The operation ${name} has the CLI verb '${operation.cliVerb}' but no argv in src/cli/writeVerbs.ts.`);
  return [{ verb: operation.cliVerb, name, operation: OPERATIONS[name], argv }];
});

for (const name of Object.keys(ARGV)) {
  if (OPERATIONS[name as OperationName].cliVerb === undefined)
    throw new Error(`src/cli/writeVerbs.ts maps argv for ${name}, which has no CLI verb in the operation table.`);
}

/** The write verb called `verb`, if any. */
export function writeVerb(verb: string): WriteVerb | undefined {
  return WRITE_VERBS.find((entry) => entry.verb === verb);
}

/** How an argument shows in the usage: its metavar, a choice's values, else the field's name. */
export function metavarOf(verb: WriteVerb, arg: PositionalArg): string {
  if (arg.metavar !== undefined) return arg.metavar;
  const type = verb.operation.fields[arg.field]?.type;
  if (type?.kind === 'choice') return type.values.join('|');
  if (type?.kind === 'level') return '1|2|3';
  return arg.field.toUpperCase();
}

/** Whether the verb changes an existing bug (its first argument is then the bug's id). */
export function takesBug(verb: WriteVerb): boolean {
  return verb.operation.kind === 'edit';
}
