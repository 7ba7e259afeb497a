import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { parseDocument } from 'yaml';
import { parseBugBytes, stringifyBug } from '../../src/core/format/format';
import type { Problem } from '../../src/core/format/problems';
import {
  BUG_KEYS,
  HYPOTHESIS_KEYS,
  LEVEL_CHANGE_KEYS,
  RESOLUTION_KEYS,
  SESSION_KEYS,
  SNIPPET_KEYS,
  TIMEBOX_KEYS,
  TIMELINE_KEYS,
} from '../../src/core/format/validate';
import { BUG_ID_PATTERN, CHILD_ID_PATTERN } from '../../src/core/model/ids';
import { isSafeRelativePath } from '../../src/core/model/paths';
import { isTimestamp } from '../../src/core/model/time';
import { DEMO_JOURNAL, fullBug, MINIMAL_BUG_TEXT, REPO_ROOT } from './helpers';
import { hostileSnippetBug, hugeSnippetBug, noSessionBug, trickyTitleBugs } from './retroFixtures';

/**
 * The JSON Schema editors use for hand edits (schemas/bug-levels-v1.schema.json, contributed
 * through `yamlValidation`) and the validator that loads files (format.ts parseBugBytes, then
 * validate.ts) must agree. Every fixture the project has (the demo journal, the hostile corpus,
 * the bugs behind the golden retros, the tests' minimal file) and a set of edge cases written here
 * go through both; a file one accepts and the other refuses fails the test, and the message lists
 * the files. The validator is the truth, since it is what loads files: the schema follows it.
 *
 * The schema sees the YAML as data (what the `yaml` package's toJS gives), so a file that is not
 * YAML data at all (not UTF-8, a syntax error, a duplicate key, an alias bomb) is outside the
 * comparison. The rules a JSON Schema cannot express are the named exceptions below; any other
 * difference fails.
 */

const SCHEMA_FILE = path.join(REPO_ROOT, 'schemas', 'bug-levels-v1.schema.json');
const HOSTILE = path.join(REPO_ROOT, 'test', 'unit', 'fixtures', 'hostile');
const encoder = new TextEncoder();
const utf8 = new TextDecoder('utf-8', { fatal: true });

interface Exception {
  readonly name: string;
  /** The validator's error problems this exception explains. */
  readonly explains: (problem: Problem) => boolean;
}

/**
 * Validator rules a JSON Schema cannot express: a file the validator refuses only for these
 * reasons may pass the schema. Never the other way round: there is no exception for a file the
 * validator loads and the schema refuses. Each must be needed by at least one fixture (checked).
 */
const EXCEPTIONS: readonly Exception[] = [
  // The schema sees values after the YAML parser resolved aliases and merge keys; that the text
  // used `*name` is gone from the data.
  { name: 'YAML aliases', explains: (p) => p.code === 'alias' },
  // Likewise tags (`!open`, `!!js/function`): the data holds only the value the tag resolved to.
  { name: 'explicit YAML tags', explains: (p) => p.code === 'explicit-tag' },
  // JSON object keys are always strings: a list, number or null as a YAML key becomes its text.
  { name: 'keys that are not plain text', explains: (p) => p.code === 'wrong-type' && /^Keys of an? .* must be plain words/.test(p.message) },
  // Refused anywhere in the text, even in a comment, which the data does not have.
  { name: 'raw control characters', explains: (p) => p.code === 'yaml-syntax' && p.yamlCode === undefined && /control character/.test(p.message) },
  // Limits on the file's bytes and on its nesting and node count, not on any value.
  { name: 'file size limit', explains: (p) => p.code === 'file-too-large' },
  { name: 'nesting and node limits', explains: (p) => p.code === 'too-complex' },
  // uniqueItems compares whole items; ids unique across a list of objects cannot be said.
  { name: 'ids unique within a list', explains: (p) => p.code === 'duplicate-id' },
  // A cross-reference from a hypothesis's evidence to the ids of the bug's snippets.
  { name: 'evidence names a snippet of the bug', explains: (p) => p.code === 'bad-value' && /^Evidence .* names no snippet/.test(p.message) },
  // Rules between values (issue 13). A JSON Schema compares a value with constants, never with
  // another value of the file: not a session's end with its start (the times are strings, and
  // draft-07 has no order on strings) ...
  { name: 'a session ends after it starts', explains: (p) => p.code === 'session-end-before-start' },
  // ... nor a session's level with the set of levels in the history list ...
  { name: 'sessions only at levels the history reached', explains: (p) => p.code === 'level-never-reached' },
  // ... nor `level` with the last item of `levels` (no "last item" in draft-07, no value references).
  // The status/resolution rule needs no exception: the schema says it with if/then.
  { name: "the level equals the history's last", explains: (p) => p.code === 'level-history-mismatch' },
];
// Not an exception but worth knowing, since no fixture can show it: JSON Schema's maxLength counts
// code points, the validator's path limit (1024) UTF-16 units; they differ only for a path of over
// 512 characters outside the Basic Multilingual Plane.

interface Fixture {
  readonly name: string;
  readonly bytes: Uint8Array;
}

const BASE = MINIMAL_BUG_TEXT;
const SNIPPET = '  - id: s-1\n    source: editor\n    captured: 2026-03-01T09:10:00Z\n';

/** Edge cases of the format, each a small file: where the two are most likely to part. */
const EDGE_CASES: ReadonlyArray<readonly [string, string]> = [
  ['empty title', BASE.replace('title: Minimal bug', "title: ''")],
  ['a title that is a number', BASE.replace('title: Minimal bug', 'title: 502')],
  ['no value for the title', BASE.replace('title: Minimal bug', 'title:')],
  ['no value for notes, tags and links', `${BASE}notes:\ntags:\nlinks:\n`],
  ['no value for the timebox', `${BASE}timebox:\n`],
  ['no value for the resolution', `${BASE}resolution:\n`],
  ['a resolution with an empty summary and no link', `${BASE.replace('status: open', 'status: resolved')}resolution:\n  layer: ours\n  summary: ''\n  link:\n`],
  ['an open bug with a resolution', `${BASE}resolution: { layer: ours, summary: fixed }\n`],
  ['a parked bug with a resolution', `${BASE.replace('status: open', 'status: parked')}resolution: { layer: ours, summary: fixed }\n`],
  ['a parked bug with no value for the resolution', `${BASE.replace('status: open', 'status: parked')}resolution:\n`],
  ['a resolved bug without a resolution (a warning)', BASE.replace('status: open', 'status: resolved')],
  [
    'overlapping sessions (a warning)',
    `${BASE}sessions:\n  - { level: 1, start: 2026-03-01T09:00:00Z, end: 2026-03-01T10:00:00Z }\n  - { level: 1, start: 2026-03-01T09:30:00Z, end: 2026-03-01T10:30:00Z }\n`,
  ],
  ['a session ending when it starts', `${BASE}sessions:\n  - { level: 1, start: 2026-03-01T09:00:00Z, end: 2026-03-01T09:00:00Z }\n`],
  ['a timebox of 0 minutes', `${BASE}timebox: { level: 1, minutes: 0 }\n`],
  ['a timebox of 10000 minutes', `${BASE}timebox: { level: 1, minutes: 10000 }\n`],
  ['a timebox of 90.5 minutes', `${BASE}timebox: { level: 1, minutes: 90.5 }\n`],
  ['timeboxes for two levels', `${BASE}timeboxes:\n  - { level: 1, minutes: 20 }\n  - { level: 3, minutes: 90 }\n`],
  ['no value for timeboxes', `${BASE}timeboxes:\n`],
  ['timeboxes as an empty list', `${BASE}timeboxes: []\n`],
  ['timeboxes with level 4', `${BASE}timeboxes:\n  - { level: 4, minutes: 20 }\n`],
  ['timeboxes with 0 minutes', `${BASE}timeboxes:\n  - { level: 1, minutes: 0 }\n`],
  ['timeboxes with an entry missing its minutes', `${BASE}timeboxes:\n  - { level: 1 }\n`],
  ['timeboxes as a map', `${BASE}timeboxes: { level: 1, minutes: 20 }\n`],
  ['timeboxes with a null entry', `${BASE}timeboxes:\n  -\n`],
  ['timeboxes naming a level twice', `${BASE}timeboxes:\n  - { level: 1, minutes: 20 }\n  - { level: 1, minutes: 30 }\n`],
  ['timebox and timeboxes naming the same level', `${BASE}timebox: { level: 1, minutes: 45 }\ntimeboxes:\n  - { level: 1, minutes: 20 }\n`],
  ['level 2.0', BASE.replace('level: 1', 'level: 2.0')],
  ['level 0x2', BASE.replace('level: 1', 'level: 0x2')],
  ['schema v2 (newer: read-only)', BASE.replace('bug-levels/v1', 'bug-levels/v2')],
  ['schema v10', BASE.replace('bug-levels/v1', 'bug-levels/v10')],
  ['schema v01', BASE.replace('bug-levels/v1', 'bug-levels/v01')],
  ['schema v0', BASE.replace('bug-levels/v1', 'bug-levels/v0')],
  ['schema V1 in capitals', BASE.replace('bug-levels/v1', 'Bug-Levels/V1')],
  ['a bug id of 5 characters', BASE.replace('id: bug0001', 'id: bug01')],
  ['valueOf as the bug id', BASE.replace('id: bug0001', 'id: valueOf')],
  ['toString as a snippet id', `${BASE}snippets:\n${SNIPPET.replace('s-1', 'toString')}    text: x\n`],
  ['created on 30 February', BASE.replace('2026-03-01T09:00:00Z', '2026-02-30T09:00:00Z')],
  ['created on 29 February of a leap year', BASE.replace('2026-03-01T09:00:00Z', '2024-02-29T09:00:00Z')],
  ['created at 24:00', BASE.replace('2026-03-01T09:00:00Z', '2026-03-01T24:00Z')],
  ['created at second 60', BASE.replace('2026-03-01T09:00:00Z', '2026-03-01T09:00:60Z')],
  ['created in local time', BASE.replace('2026-03-01T09:00:00Z', '2026-03-01T09:00:00+01:00')],
  ['a session by an agent', `${BASE}sessions:\n  - { level: 1, start: 2026-03-01T09:00:00Z, end: 2026-03-01T09:40:00Z, by: claude-code }\n`],
  ['a session with no value for by (the person)', `${BASE}sessions:\n  - { level: 1, start: 2026-03-01T09:00:00Z, end: 2026-03-01T09:40:00Z, by: }\n`],
  ['a session by a number', `${BASE}sessions:\n  - { level: 1, start: 2026-03-01T09:00:00Z, end: 2026-03-01T09:40:00Z, by: 42 }\n`],
  ['a session by a list', `${BASE}sessions:\n  - { level: 1, start: 2026-03-01T09:00:00Z, end: 2026-03-01T09:40:00Z, by: [a] }\n`],
  ['a session without an end', `${BASE}sessions:\n  - { level: 1, start: 2026-03-01T09:00:00Z, end: }\n`],
  ['a null item in tags', `${BASE}tags: [a, null]\n`],
  ['a snippet with text', `${BASE}snippets:\n${SNIPPET}    text: x\n`],
  ['a snippet with an empty text value', `${BASE}snippets:\n${SNIPPET}    text:\n`],
  ['a snippet with a path only', `${BASE}snippets:\n${SNIPPET}    path: attachments/bug0001/s-1.txt\n`],
  ['a snippet with an empty path value only', `${BASE}snippets:\n${SNIPPET}    path:\n`],
  ['a snippet with neither text nor path', `${BASE}snippets:\n${SNIPPET}`],
  // Issue 19: the context around a snippet's lines, and the snippet a re-anchor names.
  ['a snippet with context lines', `${BASE}snippets:\n${SNIPPET}    context:\n      before: ['def f():', '']\n      after: []\n    text: x\n`],
  ['a snippet with no value for context', `${BASE}snippets:\n${SNIPPET}    context:\n    text: x\n`],
  ['a snippet context with an unknown key', `${BASE}snippets:\n${SNIPPET}    context: { before: [a], around: [b] }\n    text: x\n`],
  ['a snippet context line that is a number', `${BASE}snippets:\n${SNIPPET}    context: { before: [42] }\n    text: x\n`],
  ['a snippet context that is a list', `${BASE}snippets:\n${SNIPPET}    context: [a, b]\n    text: x\n`],
  ['a snippet that re-anchors another', `${BASE}snippets:\n${SNIPPET}    reanchors: s-0\n    text: x\n`],
  ['a snippet that re-anchors a bad id', `${BASE}snippets:\n${SNIPPET}    reanchors: 'not an id!'\n    text: x\n`],
  ['a snippet on line 12 (a number)', `${BASE}snippets:\n${SNIPPET}    text: x\n    lines: 12\n`],
  ['a snippet on lines 10-12', `${BASE}snippets:\n${SNIPPET}    text: x\n    lines: 10-12\n`],
  ['a snippet on line 1.5', `${BASE}snippets:\n${SNIPPET}    text: x\n    lines: 1.5\n`],
  ['a snippet with exit code 2000000', `${BASE}snippets:\n${SNIPPET}    text: x\n    exitCode: 2000000\n`],
  ['a snippet with exit code -1 and no command', `${BASE}snippets:\n${SNIPPET}    text: x\n    exitCode: -1\n    command:\n`],
  ['a snippet file that is a device with an extension', `${BASE}snippets:\n${SNIPPET}    text: x\n    file: src/nul.txt\n`],
  ['a snippet file ./src/a.ts', `${BASE}snippets:\n${SNIPPET}    text: x\n    file: ./src/a.ts\n`],
  ['a snippet file with a double slash', `${BASE}snippets:\n${SNIPPET}    text: x\n    file: src//a.ts\n`],
  ['a snippet file with a colon after the first segment', `${BASE}snippets:\n${SNIPPET}    text: x\n    file: 'src/a:b.ts'\n`],
  ['a hypothesis with kind null', `${BASE}hypotheses:\n  - { id: h-1, kind: , text: t, status: open, created: 2026-03-01T09:00:00Z }\n`],
  [
    'an assumption with a verdict and an empty evidence value',
    `${BASE}hypotheses:\n  - { id: h-1, kind: assumption, text: t, status: refuted, created: 2026-03-01T09:00:00Z, resolved: 2026-03-01T10:00:00Z, evidence: , note: n }\n`,
  ],
  ['an unknown key in a timeline entry', `${BASE}timeline:\n  - { at: 2026-03-01T09:00:00Z, kind: attempt, text: revert, by: me }\n`],
  ['an unknown timeline kind', `${BASE}timeline:\n  - { at: 2026-03-01T09:00:00Z, kind: guess }\n`],
  ['a number as a top-level key', `${BASE}1: one\n`],
  ['an unknown key nested 40 deep', `${BASE}extra: ${'['.repeat(40)}${']'.repeat(40)}\n`],
];

function fixtures(): Fixture[] {
  const out: Fixture[] = [];
  for (const name of fs
    .readdirSync(DEMO_JOURNAL)
    .filter((n) => n.endsWith('.yaml'))
    .sort()) {
    out.push({ name: `demo/.bug-levels/${name}`, bytes: fs.readFileSync(path.join(DEMO_JOURNAL, name)) });
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(HOSTILE, 'manifest.json'), 'utf8')) as Array<{ file: string }>;
  for (const { file } of manifest) out.push({ name: `hostile/${file}`, bytes: fs.readFileSync(path.join(HOSTILE, file)) });
  // The bugs behind the golden retros, written as files.
  const golden = [fullBug(), hostileSnippetBug(), hugeSnippetBug(), noSessionBug(), ...trickyTitleBugs()];
  for (const bug of golden) out.push({ name: `golden input ${bug.id}`, bytes: encoder.encode(stringifyBug(bug)) });
  out.push({ name: 'helpers MINIMAL_BUG_TEXT', bytes: encoder.encode(MINIMAL_BUG_TEXT) });
  for (const [name, text] of EDGE_CASES) out.push({ name: `edge case: ${name}`, bytes: encoder.encode(text) });
  return out;
}

/** The data a JSON Schema validator sees: the YAML as plain values; undefined when it is not YAML data. */
function yamlData(bytes: Uint8Array): { data: unknown } | undefined {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return undefined;
  }
  // The YAML version and schema the validator reads with (format.ts).
  const doc = parseDocument(text, { version: '1.2', schema: 'core', logLevel: 'error' });
  if (doc.errors.length) return undefined;
  try {
    return { data: doc.toJS() as unknown };
  } catch {
    return undefined; // an alias bomb: more aliases than toJS expands
  }
}

function loadSchema(): { schema: Record<string, unknown>; validate: ValidateFunction; ajv: Ajv } {
  const schema = JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')) as Record<string, unknown>;
  // Strict mode: an unknown keyword or a keyword in the wrong place is an error, not ignored.
  const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
  return { schema, validate: ajv.compile(schema), ajv };
}

interface Verdicts {
  readonly fixture: Fixture;
  readonly validatorErrors: Problem[];
  readonly validatorAccepts: boolean;
  readonly schemaAccepts: boolean;
  readonly schemaErrors: ErrorObject[];
}

function judge(validate: ValidateFunction, fixture: Fixture, data: unknown): Verdicts {
  const parsed = parseBugBytes(fixture.bytes, fixture.name);
  const schemaAccepts = validate(data);
  return {
    fixture,
    validatorAccepts: parsed.ok,
    validatorErrors: parsed.problems.filter((p) => p.severity === 'error'),
    schemaAccepts,
    schemaErrors: [...(validate.errors ?? [])],
  };
}

/** The named exceptions that explain every error of the validator, or undefined if some error is unexplained. */
function explainedBy(errors: readonly Problem[]): Exception[] | undefined {
  const used = new Set<Exception>();
  for (const problem of errors) {
    const exception = EXCEPTIONS.find((e) => e.explains(problem));
    if (!exception) return undefined;
    used.add(exception);
  }
  return errors.length ? [...used] : undefined;
}

const ALL = fixtures();
const OUTSIDE = ALL.filter((f) => yamlData(f.bytes) === undefined);
const COMPARED = ALL.length - OUTSIDE.length;

describe('The JSON Schema for hand edits agrees with the validator', () => {
  it(`gives the same verdict on ${COMPARED} files (${OUTSIDE.length} of ${ALL.length} are not YAML data and stay outside the comparison)`, () => {
    const { validate } = loadSchema();
    const differences: string[] = [];
    for (const fixture of ALL) {
      const y = yamlData(fixture.bytes);
      if (!y) continue;
      const v = judge(validate, fixture, y.data);
      if (v.validatorAccepts === v.schemaAccepts) continue;
      if (!v.validatorAccepts && explainedBy(v.validatorErrors)) continue;
      differences.push(
        v.validatorAccepts
          ? `${fixture.name}: the validator loads it, the schema refuses: ${v.schemaErrors.map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('; ')}`
          : `${fixture.name}: the schema accepts it, the validator refuses: ${v.validatorErrors.map((p) => `${p.code} ${p.message}`).join('; ')}`,
      );
    }
    if (differences.length) assert.fail(`${differences.length} files where the schema and the validator differ:\n${differences.join('\n')}`);
  });

  it('needs every named exception for some fixture, and each such fixture is refused by the validator alone', () => {
    const { validate } = loadSchema();
    const used = new Map<string, string[]>();
    for (const fixture of ALL) {
      const y = yamlData(fixture.bytes);
      if (!y) continue;
      const v = judge(validate, fixture, y.data);
      if (v.validatorAccepts || !v.schemaAccepts) continue;
      for (const exception of explainedBy(v.validatorErrors) ?? []) used.set(exception.name, [...(used.get(exception.name) ?? []), fixture.name]);
    }
    assert.deepEqual(
      EXCEPTIONS.map((e) => e.name).filter((name) => !used.has(name)),
      [],
      'named exceptions no fixture needs: drop them or add a fixture',
    );
  });

  it('lists exactly the keys the validator reads in each object', () => {
    const { schema } = loadSchema();
    type Node = { properties?: object; items?: Node; $ref?: string };
    const props = schema.properties as Record<string, Node>;
    const definitions = schema.definitions as Record<string, Node>;
    const resolve = (node: Node | undefined): Node | undefined => (node?.$ref ? definitions[node.$ref.replace('#/definitions/', '')] : node);
    const keysOf = (node: Node | undefined): string[] => Object.keys(resolve(node)?.properties ?? resolve(resolve(node)?.items)?.properties ?? {}).sort();
    const expected: Array<[string, readonly string[], string[]]> = [
      ['bug', BUG_KEYS, Object.keys(props).sort()],
      ['levels', LEVEL_CHANGE_KEYS, keysOf(props.levels)],
      ['sessions', SESSION_KEYS, keysOf(props.sessions)],
      ['timebox', TIMEBOX_KEYS, keysOf(props.timebox)],
      ['timeboxes', TIMEBOX_KEYS, keysOf(props.timeboxes)],
      ['hypotheses', HYPOTHESIS_KEYS, keysOf(props.hypotheses)],
      ['snippets', SNIPPET_KEYS, keysOf(props.snippets)],
      ['timeline', TIMELINE_KEYS, keysOf(props.timeline)],
      ['resolution', RESOLUTION_KEYS, keysOf(props.resolution)],
    ];
    for (const [what, validatorKeys, schemaKeys] of expected) assert.deepEqual(schemaKeys, [...validatorKeys].sort(), `the keys of ${what}`);
  });

  it("refuses as ids exactly the validator's patterns and reserved names (Object.prototype's)", () => {
    const { schema, ajv } = loadSchema();
    const definitions = schema.definitions as Record<string, { enum?: string[] }>;
    assert.deepEqual([...(definitions.reservedName?.enum ?? [])].sort(), Object.getOwnPropertyNames(Object.prototype).sort());
    const bugId = ajv.compile({ $ref: 'bug-levels-v1#/definitions/bugId' });
    const childId = ajv.compile({ $ref: 'bug-levels-v1#/definitions/childId' });
    const probes = [
      'a',
      'ab-_9Z',
      'abcdef',
      'V1StGXR8Zq',
      'x'.repeat(32),
      'x'.repeat(33),
      'x'.repeat(40),
      'x'.repeat(41),
      'a b',
      'ä12345',
      '../../x',
      '',
      ...Object.getOwnPropertyNames(Object.prototype),
    ];
    for (const probe of probes) {
      assert.equal(bugId(probe), BUG_ID_PATTERN.test(probe) && !(probe in Object.prototype), `bug id ${JSON.stringify(probe)}`);
      assert.equal(childId(probe), CHILD_ID_PATTERN.test(probe) && !(probe in Object.prototype), `child id ${JSON.stringify(probe)}`);
    }
  });

  it("accepts exactly the validator's timestamps: every day of leap and common years, hours, minutes, seconds", () => {
    const { ajv } = loadSchema();
    const time = ajv.compile({ $ref: 'bug-levels-v1#/definitions/time' });
    const probes: string[] = [];
    for (const year of ['0000', '1900', '2000', '2024', '2026', '2100', '9999']) {
      for (let month = 0; month <= 13; month++) {
        for (let day = 0; day <= 32; day++) probes.push(`${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T12:00Z`);
      }
    }
    for (const clock of [
      '00:00',
      '23:59',
      '24:00',
      '23:60',
      '9:00',
      '09:00:00',
      '09:00:59',
      '09:00:60',
      '09:00:99',
      '09:00:00.5',
      '09:00:00.123456789',
      '09:00:00.',
      '09:00.5',
    ]) {
      probes.push(`2026-03-01T${clock}Z`);
    }
    probes.push(
      '2026-03-01T09:00:00',
      '2026-03-01 09:00:00Z',
      '2026-03-01T09:00:00z',
      '2026-03-01T09:00:00+00:00',
      '+02026-03-01T09:00Z',
      '2026-3-01T09:00Z',
      '2026-03-01T09:00Z\n',
    );
    const differ = probes.filter((probe) => time(probe) !== isTimestamp(probe));
    assert.deepEqual(differ, [], 'timestamps the schema and isTimestamp disagree on');
  });

  it('accepts exactly the snippet paths the validator calls safe', () => {
    const { ajv } = loadSchema();
    const relativePath = ajv.compile({ $ref: 'bug-levels-v1#/definitions/relativePath' });
    const segments = [
      'a',
      'src',
      '.',
      '..',
      '...',
      '. ',
      'a.',
      'a ',
      ' a',
      '.a',
      'a.b',
      'a b',
      'CON',
      'con',
      'nul.txt',
      'NUL.tar.gz',
      'com1',
      'COM9.log',
      'lpt0',
      'console',
      'aux_',
      'prn-1',
      'c:',
      'file:',
      'a:b',
      '%2e%2e',
      '%2F',
      '%5c',
      '%00',
      '%41',
      'a\\b',
      'a\u0000b',
      'a\u001fb',
      'a\u007fb',
      'a\u2028',
      'nul.\u2028',
      'ünï',
      '日本',
      '🐛',
      '',
    ];
    const probes = new Set<string>(['', '/', '/etc/passwd', 'C:/Windows', '\\\\server\\share', 'x'.repeat(1024), 'x'.repeat(1025)]);
    for (const a of segments) {
      probes.add(a);
      probes.add(`/${a}`);
      for (const b of segments) probes.add(`${a}/${b}`);
    }
    const differ = [...probes].filter((probe) => relativePath(probe) !== isSafeRelativePath(probe));
    assert.deepEqual(differ, [], 'paths the schema and isSafeRelativePath disagree on');
  });
});
