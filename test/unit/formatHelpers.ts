import { strict as assert } from 'node:assert';
import { parseBug, updateBugText, type ParseResult } from '../../src/core/format/format';
import { formatProblem } from '../../src/core/format/problems';
import type { Bug } from '../../src/core/model/types';

/** Parses `text`, failing the test with the problems if it does not parse. */
export function parseOk(text: string, file = 'bug.yaml'): Extract<ParseResult, { ok: true }> {
  const result = parseBug(text, file);
  if (!result.ok) assert.fail(`expected the text to parse, got: ${result.problems.map(formatProblem).join('; ')}`);
  return result;
}

/** Edits `text` with `change`, checks the result reads back as the changed bug, and returns it. */
export function editBugText(text: string, change: (bug: Bug) => Bug): string {
  const parsed = parseOk(text);
  const after = change(parsed.bug);
  const written = updateBugText(parsed, after);
  assert.deepEqual(parseOk(written).bug, after, 'the written text holds the changed bug');
  return written;
}
