/**
 * Issue 17: the resolution of a bug file git left with conflict markers, as pure functions over
 * its text: both sides' entries kept, values set differently taken from the side named, the
 * markers found only at the start of a line (an indented log line is text, not a marker).
 */
import { strict as assert } from 'node:assert';
import { conflictSide, findConflicts } from '../../src/core/format/mergeConflict';
import { resolveConflictText } from '../../src/core/format/resolveConflict';
import { parseBug } from '../../src/core/format/format';

const BASE = ['schema: bug-levels/v1', 'id: bug0001', 'status: open', 'level: 1', 'created: 2026-03-01T09:00:00Z'];

function conflicted(ours: string[], theirs: string[], before: string[] = ['title: Shared']): string {
  return [...BASE, ...before, '<<<<<<< HEAD', ...ours, '=======', ...theirs, '>>>>>>> feature', ''].join('\n');
}

describe('resolving a merge conflict in a bug file (issue 17)', () => {
  it('finds the markers (also diff3 style) and gives each side its lines', () => {
    const text = [...BASE, 'title: x', '<<<<<<< HEAD', 'links: [a]', '||||||| base', 'links: []', '=======', 'links: [b]', '>>>>>>> other', ''].join('\n');
    assert.deepEqual(findConflicts(text), [{ start: 7, base: 9, middle: 11, end: 13 }]);
    assert.match(conflictSide(text, 'ours'), /links: \[a\]\n$/);
    assert.match(conflictSide(text, 'theirs'), /links: \[b\]\n$/);
    assert.deepEqual(findConflicts('text: |\n  <<<<<<< HEAD\n  =======\n  >>>>>>> x\n'), [], 'indented lines are text');
  });

  it("a hypothesis one side refuted and the other left open: the verdict is kept, and both sides' new ones", () => {
    const hypothesis = (status: string, extra: string[] = []): string[] => [
      '  - id: h-1',
      '    kind: hypothesis',
      '    text: the cache is stale',
      `    status: ${status}`,
      '    created: 2026-03-01T09:10:00Z',
      ...extra,
    ];
    const text = conflicted(
      [
        'hypotheses:',
        ...hypothesis('refuted', ['    resolved: 2026-03-01T10:00:00Z']),
        '  - { id: h-2, kind: hypothesis, text: ours, status: open, created: 2026-03-01T10:00:00Z }',
      ],
      ['hypotheses:', ...hypothesis('open'), '  - { id: h-3, kind: hypothesis, text: theirs, status: open, created: 2026-03-01T10:01:00Z }'],
    );
    const resolved = resolveConflictText(text, 'bug.yaml');
    assert.ok(resolved.ok, resolved.ok ? '' : resolved.message);
    assert.deepEqual(
      resolved.bug.hypotheses.map((h) => [h.id, h.status]),
      [
        ['h-1', 'refuted'],
        ['h-2', 'open'],
        ['h-3', 'open'],
      ],
    );
    const back = parseBug(resolved.text, 'bug.yaml');
    assert.ok(back.ok && back.problems.length === 0);
  });

  it("a value set differently: refused without a side, named with both values; --take ours keeps the first side's", () => {
    const text = conflicted(['title: Ours'], ['title: Theirs'], []);
    const refused = resolveConflictText(text, 'bug.yaml');
    assert.ok(!refused.ok);
    assert.deepEqual(refused.choices, ["title: 'Ours' or 'Theirs'"]);
    const ours = resolveConflictText(text, 'bug.yaml', 'ours');
    assert.ok(ours.ok && ours.bug.title === 'Ours');
    const theirs = resolveConflictText(text, 'bug.yaml', 'theirs');
    assert.ok(theirs.ok && theirs.bug.title === 'Theirs');
  });

  it('a side that does not load as a bug: refused, to be fixed by hand', () => {
    const resolved = resolveConflictText(conflicted(['title: [unclosed'], ['title: Fine']), 'bug.yaml');
    assert.ok(!resolved.ok);
    assert.match(resolved.message, /a side of the conflict does not load as a bug .*fix it by hand/);
  });
});
