/**
 * The agent tools of `bug-levels mcp` (issue 18), declared over the operation table
 * (src/core/model/operations.ts): each write tool names the operation it performs and, where the
 * tool's inputs differ from the operation's fields, how they are renamed or hidden. Descriptions
 * and input schemas are derived here from the operation's declared fields (`FieldSpec`), in one
 * place (`inputSchemaOf`): nothing is declared twice. The values are checked by the operation
 * itself (validateInput), so an agent gets the same refusals as the CLI and VS Code.
 */
import { BUG_ID_PATTERN, CHILD_ID_PATTERN } from '../core/model/ids';
import { OPERATIONS, type FieldSpec, type FieldType, type OperationInfo, type OperationName } from '../core/model/operations';

/** A JSON Schema, as far as tool inputs need one. */
export interface JsonSchema {
  readonly type?: 'string' | 'integer' | 'array' | 'object';
  readonly description?: string;
  readonly enum?: readonly (string | number)[];
  readonly pattern?: string;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly items?: JsonSchema;
  readonly properties?: Readonly<Record<string, JsonSchema>>;
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean;
}

/** A tool that only reads the journal. */
export interface ReadTool {
  readonly kind: 'read';
  readonly name: string;
  readonly description: string;
  /** Takes the bug's id. */
  readonly takesBug: boolean;
}

/** A tool that performs one operation of the table (change_level: promote, or demote to go back). */
export interface WriteTool {
  readonly kind: 'write';
  readonly name: string;
  readonly operation: OperationName;
  /** change_level going back a level: this operation instead (its fields are a subset). */
  readonly back?: OperationName;
  /** Tool input -> operation field, where they differ. */
  readonly renames?: Readonly<Record<string, string>>;
  /** Fields the tool does not offer (set by the store, or only for VS Code). */
  readonly hidden?: readonly string[];
  /** Fields the tool requires though the operation does not (by their tool input name). */
  readonly required?: readonly string[];
  /** Said after the operation's summary. */
  readonly note?: string;
  /** Said instead of the operation's summary (change_level, which performs two operations). */
  readonly summary?: string;
}

export type Tool = ReadTool | WriteTool;

const READ_TOOLS: readonly ReadTool[] = [
  {
    kind: 'read',
    name: 'list_bugs',
    takesBug: false,
    description:
      'Lists every bug of the journal with where it stands (status, level, time at the level, timebox left), the files that do not load, and the breadth-first pick.',
  },
  {
    kind: 'read',
    name: 'get_bug',
    takesBug: true,
    description: 'One bug in full: where it stands, its hypotheses and verdicts, snippets, links and timeline.',
  },
  {
    kind: 'read',
    name: 'next_bug',
    takesBug: false,
    description:
      'The bug to work on next, breadth-first (lowest level first, then a bug with time left in its timebox, then the least time at its level), and why.',
  },
];

const WRITE_TOOLS: readonly WriteTool[] = [
  { kind: 'write', name: 'new_bug', operation: 'newBug' },
  { kind: 'write', name: 'add_hypothesis', operation: 'addHypothesis', note: 'Write it, and its prediction, before the experiment.' },
  { kind: 'write', name: 'set_verdict', operation: 'setVerdict' },
  {
    kind: 'write',
    name: 'attach_snippet',
    operation: 'attachSnippet',
    hidden: ['path', 'snippetId'],
    required: ['text'],
    note: 'Evidence: a log excerpt, command output, code. Returns its s- id, for set_verdict evidence.',
  },
  { kind: 'write', name: 'log_attempt', operation: 'logAttempt' },
  {
    kind: 'write',
    name: 'change_level',
    operation: 'promote',
    back: 'demote',
    renames: { level: 'to' },
    required: ['level', 'reason'],
    summary: 'Moves the bug to a deeper level (2: you can say why it fails; 3: you know where the fix belongs), recording why.',
    note: 'A lower level than the bug is at demotes it one level (what turned out wrong goes in reason).',
  },
  { kind: 'write', name: 'set_timebox', operation: 'setTimebox' },
  { kind: 'write', name: 'park_bug', operation: 'park' },
  { kind: 'write', name: 'reopen_bug', operation: 'reopen' },
  { kind: 'write', name: 'resolve_bug', operation: 'resolve' },
  { kind: 'write', name: 'add_link', operation: 'addLink' },
];

/** Every tool, read-only ones first. */
export const TOOLS: readonly Tool[] = [...READ_TOOLS, ...WRITE_TOOLS];

export function toolNamed(name: string): Tool | undefined {
  return TOOLS.find((tool) => tool.name === name);
}

const BUG_ID_SCHEMA: JsonSchema = { type: 'string', pattern: BUG_ID_PATTERN.source, description: "The bug's id (the id: in its file)." };

/** The tool input names of a write tool, each with the operation field it fills, in the table's order. */
export function toolInputs(tool: WriteTool): { readonly input: string; readonly field: string; readonly spec: FieldSpec }[] {
  const operation: OperationInfo = OPERATIONS[tool.operation];
  const inputOf = new Map(Object.entries(tool.renames ?? {}).map(([input, field]) => [field, input]));
  return Object.entries(operation.fields)
    .filter(([field]) => !(tool.hidden ?? []).includes(field))
    .map(([field, spec]) => ({ input: inputOf.get(field) ?? field, field, spec }));
}

/** Whether the tool changes an existing bug (it then takes bugId). */
export function toolTakesBug(tool: Tool): boolean {
  return tool.kind === 'read' ? tool.takesBug : OPERATIONS[tool.operation].kind === 'edit';
}

/** The tool's input schema: bugId when it takes a bug, then the operation's fields. */
export function inputSchemaOf(tool: Tool): JsonSchema {
  const properties: Record<string, JsonSchema> = toolTakesBug(tool) ? { bugId: BUG_ID_SCHEMA } : {};
  const required: string[] = toolTakesBug(tool) ? ['bugId'] : [];
  if (tool.kind === 'write') {
    for (const { input, spec } of toolInputs(tool)) {
      properties[input] = { ...schemaOfType(spec.type), description: spec.describe };
      if (spec.required || (tool.required ?? []).includes(input)) required.push(input);
    }
  }
  return { type: 'object', properties, required, additionalProperties: false };
}

/** The one mapping from a field's declared type to JSON Schema. */
export function schemaOfType(type: FieldType): JsonSchema {
  switch (type.kind) {
    case 'text':
      return { type: 'string', ...(type.maxLength === undefined ? {} : { maxLength: type.maxLength }) };
    case 'choice':
      return { type: 'string', enum: type.values };
    case 'level':
      return { type: 'integer', enum: [1, 2, 3] };
    case 'integer':
      return { type: 'integer', minimum: type.min, maximum: type.max };
    case 'url':
      return { type: 'string', pattern: '^https?://', maxLength: 2048 };
    case 'childId':
      return { type: 'string', pattern: CHILD_ID_PATTERN.source };
    case 'childIds':
      return { type: 'array', items: { type: 'string', pattern: CHILD_ID_PATTERN.source } };
    case 'texts':
      return { type: 'array', items: { type: 'string', maxLength: 100 } };
    case 'lines':
      return { type: 'string', pattern: '^\\d{1,9}(-\\d{1,9})?$' };
    case 'session':
    case 'hypothesis':
      // Only VS Code passes these (a closed session, Undo): no tool offers them.
      throw new Error(`A field of kind ${type.kind} cannot be a tool input.`);
  }
}

/** The tool's description: a read tool's own, or the operation's summary and the tool's note. */
export function descriptionOf(tool: Tool): string {
  if (tool.kind === 'read') return tool.description;
  return [tool.summary ?? OPERATIONS[tool.operation].summary, tool.note].filter(Boolean).join(' ');
}

/**
 * The operation's raw input from a tool call's arguments (bugId taken out, inputs renamed to
 * fields); a string: the refusal (an input the tool does not take, a required one missing).
 */
export function operationInput(tool: WriteTool, args: Readonly<Record<string, unknown>>): Record<string, unknown> | string {
  const inputs = toolInputs(tool);
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args)) {
    if (key === 'bugId' && toolTakesBug(tool)) continue;
    const input = inputs.find((entry) => entry.input === key);
    if (input === undefined)
      return `${tool.name}: ${key} is not an input of this tool (it takes ${[...(toolTakesBug(tool) ? ['bugId'] : []), ...inputs.map((entry) => entry.input)].join(', ') || 'nothing'}).`;
    raw[input.field] = value;
  }
  for (const input of tool.required ?? []) {
    const value = args[input];
    if (value === undefined || value === null || (typeof value === 'string' && value.trim() === '')) return `${tool.name}: ${input} is required.`;
  }
  return raw;
}

/** A refusal of the operation's validation in the tool's words: `promote: to must be ...` -> `change_level: level must be ...`. */
export function inToolWords(tool: WriteTool, message: string): string {
  for (const name of [tool.operation, tool.back].filter((name): name is OperationName => name !== undefined)) {
    const prefix = `${name}: `;
    if (!message.startsWith(prefix)) continue;
    const rest = message.slice(prefix.length);
    const renamed = Object.entries(tool.renames ?? {}).find(([, field]) => rest.startsWith(`${field} `));
    return `${tool.name}: ${renamed ? `${renamed[0]}${rest.slice(renamed[1].length)}` : rest}`;
  }
  return message;
}
