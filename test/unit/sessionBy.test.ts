/**
 * Who worked (issue 18): a session's optional `by` names a coding agent; absent, the person. An
 * additive field of format v1: files without it load as before, and an edit keeps it.
 */
import { strict as assert } from 'node:assert';
import { applyEdit, validateInput } from '../../src/core/model/operations';
import { parseBug, stringifyBug, updateBugText } from '../../src/core/format/format';
import type { Bug, Timestamp } from '../../src/core/model/types';
import { randomIds } from '../../src/core/store/randomIds';
import { DEFAULT_TIMEBOX_MINUTES } from '../../src/core/model/timebox';
import { MINIMAL_BUG_TEXT } from './helpers';

const AGENT_SESSION = '  - { level: 1, start: 2026-03-01T09:00:00Z, end: 2026-03-01T09:40:00Z, by: claude-code }\n';
const PERSON_SESSION = '  - { level: 1, start: 2026-03-01T10:00:00Z, end: 2026-03-01T10:20:00Z }\n';

function load(text: string): Bug {
  const parsed = parseBug(text, 'bug.yaml');
  assert.ok(parsed.ok, JSON.stringify(parsed.problems));
  return parsed.bug;
}

describe("A session's by: who worked", () => {
  it('reads an agent session with its name, and a session without by as the person (no by)', () => {
    const bug = load(`${MINIMAL_BUG_TEXT}sessions:\n${AGENT_SESSION}${PERSON_SESSION}`);
    assert.deepEqual(bug.sessions, [
      { level: 1, start: '2026-03-01T09:00:00Z', end: '2026-03-01T09:40:00Z', by: 'claude-code' },
      { level: 1, start: '2026-03-01T10:00:00Z', end: '2026-03-01T10:20:00Z' },
    ]);
  });

  it('writes by after end, in the flow style of sessions, and reads back the same bug', () => {
    const bug = load(`${MINIMAL_BUG_TEXT}sessions:\n${AGENT_SESSION}${PERSON_SESSION}`);
    const text = stringifyBug(bug);
    assert.ok(text.includes(AGENT_SESSION), text);
    assert.ok(text.includes(PERSON_SESSION), text);
    assert.deepEqual(load(text), bug);
  });

  it('keeps a name YAML would misread unquoted (a colon, a hash, quotes, a leading dash)', () => {
    for (const by of ['copilot: agent mode', '#1 agent', 'it\'s "claude"', '- cursor', 'null', '42']) {
      const bug = load(`${MINIMAL_BUG_TEXT}sessions:\n${PERSON_SESSION}`);
      const withAgent = {
        ...bug,
        sessions: [...bug.sessions, { level: 1 as const, start: '2026-03-01T11:00:00Z' as Timestamp, end: '2026-03-01T11:30:00Z' as Timestamp, by }],
      };
      assert.equal(load(stringifyBug(withAgent)).sessions.at(-1)?.by, by, by);
    }
  });

  it("warns of overlapping sessions of one worker only: a person's and an agent's may overlap", () => {
    const overlaps = (sessions: string): number =>
      (parseBug(`${MINIMAL_BUG_TEXT}sessions:\n${sessions}`, 'bug.yaml').problems ?? []).filter((p) => p.code === 'overlapping-sessions').length;
    const person = '  - { level: 1, start: 2026-03-01T09:00:00Z, end: 2026-03-01T10:00:00Z }\n';
    assert.equal(overlaps(`${person}${AGENT_SESSION}`), 0, 'the person and claude-code at once');
    assert.equal(overlaps(`${AGENT_SESSION}${AGENT_SESSION.replace('claude-code', 'copilot')}`), 0, 'two agents at once');
    assert.equal(overlaps(`${AGENT_SESSION}${AGENT_SESSION.replace('09:00:00Z', '09:30:00Z')}`), 1, 'claude-code twice');
    assert.equal(overlaps(`${person}${person.replace('09:00:00Z', '09:30:00Z')}`), 1, 'the person twice (two windows)');
  });

  it('refuses a by that is not text, at its line', () => {
    const parsed = parseBug(`${MINIMAL_BUG_TEXT}sessions:\n${AGENT_SESSION.replace('claude-code', '42')}`, 'bug.yaml');
    assert.equal(parsed.ok, false);
    assert.ok(
      parsed.problems.some((p) => p.code === 'wrong-type' && p.line === 8 && /'by' must be text/.test(p.message)),
      JSON.stringify(parsed.problems),
    );
  });

  it('recordSession appends an agent session with its by, and an edit of the file keeps the other sessions as written', () => {
    const text = `${MINIMAL_BUG_TEXT}sessions:\n${PERSON_SESSION}`;
    const parsed = parseBug(text, 'bug.yaml');
    assert.ok(parsed.ok);
    const session = { level: 1, start: '2026-03-01T11:00:00Z', end: '2026-03-01T11:30:00Z', by: 'copilot' };
    const input = validateInput('recordSession', { session });
    const context = { now: '2026-03-01T11:30:00Z' as Timestamp, ids: randomIds, timeboxDefaults: DEFAULT_TIMEBOX_MINUTES };
    const after = applyEdit('recordSession', parsed.bug, input, context);
    const written = updateBugText(parsed, after);
    assert.ok(written.startsWith(`${MINIMAL_BUG_TEXT}sessions:\n${PERSON_SESSION}`), written);
    assert.ok(written.includes('  - { level: 1, start: 2026-03-01T11:00:00Z, end: 2026-03-01T11:30:00Z, by: copilot }\n'), written);
    assert.deepEqual(load(written).sessions.at(-1), session);
  });

  it('recordSession refuses a by that is no name', () => {
    for (const by of ['', '  ', 7]) {
      assert.throws(
        () => validateInput('recordSession', { session: { level: 1, start: '2026-03-01T11:00:00Z', end: '2026-03-01T11:30:00Z', by } }),
        /recordSession: session has a 'by' that is not a name\./,
      );
    }
  });
});
