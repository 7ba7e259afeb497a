/**
 * argv of a write verb -> the operation's raw input, by the verb's mapping (writeVerbs.ts).
 * Only the shape is checked here (which arguments and options, how many): a missing or extra
 * argument, an unknown option or a missing required option is a usage error. Values are checked
 * by the operation itself (validateInput), so `timebox BUG abc` is the journal's refusal.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { metavarOf, takesBug, type WriteVerb } from './writeVerbs';

/** Options every write verb takes besides its own. */
export const COMMON_WRITE_OPTIONS = {
  journal: { type: 'string' },
  json: { type: 'boolean' },
  now: { type: 'string' },
  'no-index': { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** A write verb's argv, once its shape is checked. */
export interface WriteRequest {
  readonly verb: WriteVerb;
  /** The bug's id, as given, for verbs that change a bug. */
  readonly bugId?: string;
  /** The operation's fields that argv gave (standard input not read yet). */
  readonly raw: Readonly<Record<string, unknown>>;
  /** --journal, as given. */
  readonly journal?: string;
  readonly json: boolean;
  /** --now, as given. */
  readonly now?: string;
  readonly noIndex: boolean;
  readonly help: boolean;
}

/** Parses `argv` (the verb included) for `verb`; a string is the usage error to print. */
export function parseWriteArgs(verb: WriteVerb, argv: readonly string[]): WriteRequest | string {
  const options: NonNullable<ParseArgsConfig['options']> = { ...COMMON_WRITE_OPTIONS };
  for (const option of verb.argv.options) {
    options[option.flag] = option.sets === undefined ? { type: 'string', ...(option.multiple ? { multiple: true } : {}) } : { type: 'boolean' };
  }
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options, allowPositionals: true, strict: true });
  } catch (error) {
    return (error as Error).message;
  }
  const values = parsed.values as Record<string, string | boolean | string[] | undefined>;
  // The first positional is the verb itself (main.ts found it there).
  const positionals = parsed.positionals.slice(1);
  const common = {
    verb,
    json: values.json === true,
    noIndex: values['no-index'] === true,
    help: values.help === true,
    ...(typeof values.journal === 'string' ? { journal: values.journal } : {}),
    ...(typeof values.now === 'string' ? { now: values.now } : {}),
  };
  if (common.help) return { ...common, raw: {} };

  const names = [...(takesBug(verb) ? ['BUG'] : []), ...verb.argv.positionals.map((arg) => metavarOf(verb, arg))];
  if (positionals.length < names.length) return `${verb.verb} needs ${names.slice(positionals.length).join(' ')}`;
  if (positionals.length > names.length) return `unexpected argument '${positionals[names.length] ?? ''}'`;
  const given = takesBug(verb) ? positionals.slice(1) : positionals;

  const raw: Record<string, unknown> = {};
  verb.argv.positionals.forEach((arg, i) => {
    raw[arg.field] = given[i];
  });
  for (const option of verb.argv.options) {
    const value = values[option.flag];
    if (value === undefined || value === false) continue;
    if (option.needs !== undefined && values[option.needs] === undefined) return `--${option.flag} needs --${option.needs}`;
    raw[option.field] = option.sets ?? value;
  }
  for (const [field, spec] of Object.entries(verb.operation.fields)) {
    if (!spec.required || raw[field] !== undefined || field === verb.argv.stdin) continue;
    const option = verb.argv.options.find((candidate) => candidate.field === field);
    return option ? `${verb.verb} needs --${option.flag} ${metavarOf(verb, option)}` : `${verb.verb}: no argument gives the required field '${field}'`;
  }
  return { ...common, ...(takesBug(verb) ? { bugId: positionals[0] } : {}), raw };
}
