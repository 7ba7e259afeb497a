import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ALL_OPERATIONS, applyEdit, validateInput, type OperationContext } from '../../src/core/model/operations';
import { JournalError } from '../../src/core/model/transitions';
import { sequentialIds } from '../../src/core/model/ids';
import { DEFAULT_TIMEBOX_MINUTES } from '../../src/core/model/timebox';
import { COMMAND_IDS } from '../../src/host/commandIds';
import { REPO_ROOT, at, makeBug, session } from './helpers';

/** Commands that read or show the journal and change nothing in it. */
const READ_ONLY_COMMANDS = [
  'bugLevels.openBugFile',
  'bugLevels.exportRetro',
  'bugLevels.copyRetroMarkdown',
  'bugLevels.showOverview',
  'bugLevels.refresh',
  'bugLevels.openSnippet',
  'bugLevels.openLink',
  'bugLevels.showNudge',
];

/**
 * Commands that repair a bug file rather than change a bug (issue 17): Resolve Merge Conflict
 * rewrites a file git left with conflict markers, which is not one bug yet, so no operation of the
 * table can be applied to it. It goes through the store's one resolveConflict method, as the CLI's
 * `resolve-conflict` does.
 */
const FILE_REPAIR_COMMANDS = ['bugLevels.resolveConflict'];

const contributed = (
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { commands: Array<{ command: string }> } }
).contributes.commands.map((c) => c.command);

function context(overrides: Partial<OperationContext> = {}): OperationContext {
  return { now: at(60), ids: sequentialIds(), timeboxDefaults: DEFAULT_TIMEBOX_MINUTES, ...overrides };
}

describe('The operation table', () => {
  it('names only commands that package.json contributes and the extension registers', () => {
    for (const operation of ALL_OPERATIONS) {
      for (const command of operation.commands) {
        assert.ok(contributed.includes(command), `${operation.name}: ${command} is not in contributes.commands`);
        assert.ok((COMMAND_IDS as readonly string[]).includes(command), `${operation.name}: ${command} is not registered`);
      }
    }
  });

  it('backs every command that changes a journal: each command is an operation or read-only', () => {
    const backed = new Set(ALL_OPERATIONS.flatMap((operation) => operation.commands));
    const unaccounted = COMMAND_IDS.filter((id) => !backed.has(id) && !READ_ONLY_COMMANDS.includes(id) && !FILE_REPAIR_COMMANDS.includes(id));
    assert.deepEqual(unaccounted, [], 'a command that writes must go through an operation of the table');
    assert.deepEqual(
      [...READ_ONLY_COMMANDS, ...FILE_REPAIR_COMMANDS].filter((id) => backed.has(id)),
      [],
    );
    for (const id of FILE_REPAIR_COMMANDS) assert.ok((COMMAND_IDS as readonly string[]).includes(id), `${id} is registered`);
  });

  it('has unique names and CLI verbs, and describes every field', () => {
    const names = ALL_OPERATIONS.map((operation) => operation.name);
    assert.equal(new Set(names).size, names.length);
    const verbs = ALL_OPERATIONS.flatMap((operation) => (operation.cliVerb ? [operation.cliVerb] : []));
    assert.equal(new Set(verbs).size, verbs.length);
    for (const operation of ALL_OPERATIONS) {
      for (const [field, spec] of Object.entries(operation.fields))
        assert.ok(spec.describe.trim().endsWith('.'), `${operation.name}.${field} needs a one-line description`);
    }
  });
});

describe('Inputs are checked against the operation before anything is written', () => {
  const refusals: Array<[name: Parameters<typeof validateInput>[0], input: Record<string, unknown>, field: string]> = [
    ['newBug', {}, 'title'],
    ['newBug', { title: 'x', colour: 'red' }, 'colour'],
    ['newBug', { title: 42 }, 'title'],
    ['setTimebox', { minutes: 'abc' }, 'minutes'],
    ['setTimebox', { minutes: 0 }, 'minutes'],
    ['setTimebox', { minutes: 1.5 }, 'minutes'],
    ['setTimebox', { minutes: 30, level: 4 }, 'level'],
    ['addLink', { url: 'javascript:alert(1)' }, 'url'],
    ['addLink', { url: 'https://example.com/a\nb' }, 'url'],
    ['resolve', { layer: 'somewhere', summary: 'x' }, 'layer'],
    ['setVerdict', { hypothesisId: '../etc', verdict: 'confirmed' }, 'hypothesisId'],
    ['setVerdict', { hypothesisId: 'h-1', verdict: 'maybe' }, 'verdict'],
    ['attachSnippet', { text: 'x', lines: 'twelve' }, 'lines'],
    ['attachSnippet', { text: 'x', file: 'a.ts', lines: '14-12' }, 'lines'],
    ['attachSnippet', { text: 'x', file: 'a.ts', lines: '0' }, 'lines'],
    ['promote', { to: '5' }, 'to'],
  ];
  for (const [name, input, field] of refusals) {
    it(`${name} refuses ${JSON.stringify(input)}, naming ${field}`, () => {
      assert.throws(
        () => validateInput(name, input),
        (error: unknown) => error instanceof JournalError && error.code === 'invalid-input' && error.message.includes(field),
      );
    });
  }

  it('converts text from argv: "2" is level 2, "45" is 45 minutes', () => {
    assert.deepEqual(validateInput('promote', { to: '2', reason: 'log line' }), { to: 2, reason: 'log line' });
    assert.deepEqual(validateInput('setTimebox', { minutes: '45' }), { minutes: 45 });
  });

  it('a snippet with lines but no file is refused by the operation itself (an agent bypasses the CLI, whose --lines needs --file)', () => {
    assert.throws(
      () => applyEdit('attachSnippet', makeBug(), validateInput('attachSnippet', { text: 'x', lines: '3-4' }), context()),
      (error: unknown) => error instanceof JournalError && error.code === 'invalid-input' && error.message === 'attachSnippet: lines needs file.',
    );
    assert.equal(
      applyEdit('attachSnippet', makeBug(), validateInput('attachSnippet', { text: 'x', file: 'a.ts', lines: '3-4' }), context()).snippets[0]?.lines,
      '3-4',
    );
  });
});

describe('An operation that ends a stretch of work writes it with the change', () => {
  it('promote with a closed session: the session at level 1, then the level change, in one new bug', () => {
    const bug = makeBug({ level: 1 });
    const closed = session(1, 0, 30);
    const after = applyEdit(
      'promote',
      bug,
      { reason: 'the log line' },
      context({ closedSession: { session: closed, leftOutNote: '12 min idle not counted' } }),
    );
    assert.equal(after.level, 2);
    assert.deepEqual(after.sessions.at(-1), closed);
    assert.equal(after.timeline.at(-1)?.kind, 'time-left-out');
    assert.equal(after.levels.at(-1)?.reason, 'the log line');
  });

  it('a refused change keeps nothing of the closed session (it stays running in the host)', () => {
    const bug = makeBug({ level: 3 });
    assert.throws(() => applyEdit('promote', bug, {}, context({ closedSession: { session: session(3, 0, 30) } })), JournalError);
  });

  it('promote --to 3 from level 1 jumps; --to 1 from level 2 is refused (that is a demote)', () => {
    assert.equal(applyEdit('promote', makeBug({ level: 1 }), { to: 3 }, context()).level, 3);
    assert.throws(() => applyEdit('promote', makeBug({ level: 2 }), { to: 1 }, context()), JournalError);
  });
});
