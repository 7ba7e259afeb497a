import { strict as assert } from 'node:assert';
import { resolveAnchor, type AnchorSnippet } from '../../src/core/model/anchors/resolveAnchor';
import { mapThroughHistory } from '../../src/core/model/anchors/mapThroughHistory';
import { MAX_SEARCH_LINES } from '../../src/core/model/anchors/searchAnchor';

/** The pure stages of resolveAnchor, on texts made here: no files, no git. */
describe('Anchor resolution (core)', () => {
  const file = (lines: readonly string[]): string => `${lines.join('\n')}\n`;
  const resolveIn = (snippet: AnchorSnippet, now: string | undefined, history?: { atCommit: string; currentFile: string }) =>
    resolveAnchor(snippet, { current: (name) => (name === (history?.currentFile ?? snippet.file) ? now : undefined), ...(history ? { history } : {}) });

  it('is exact when the lines hold the code with other indentation and spacing', () => {
    const snippet = { file: 'a.py', lines: '2-3', text: 'if x:\n    return  y\n' };
    const resolution = resolveIn(snippet, file(['def f(x, y):', '        if x:', '            return y']));
    assert.deepEqual([resolution.state, resolution.span], ['exact', { start: 2, end: 3 }]);
  });

  it('of two copies of the code, the one with the captured context wins', () => {
    const copy = ['    total += 1', '    log(total)'];
    const snippet = { file: 'a.py', lines: '2-3', text: `${copy.join('\n')}\n`, context: { before: ['def second():'], after: ['    return "second"'] } };
    const now = file(['# header', 'def first():', ...copy, '    return "first"', '', 'def second():', ...copy, '    return "second"']);
    const resolution = resolveIn(snippet, now);
    assert.deepEqual([resolution.state, resolution.span], ['moved', { start: 8, end: 9 }]);
  });

  it('of two copies with nothing to tell them apart, the one nearest the recorded lines wins', () => {
    const snippet = { file: 'a.txt', lines: '10', text: 'retry()\n' };
    const now = file([
      ...Array.from({ length: 5 }, () => 'x'),
      'retry()',
      ...Array.from({ length: 6 }, () => 'y'),
      'retry()',
      ...Array.from({ length: 20 }, () => 'z'),
    ]);
    const resolution = resolveIn(snippet, now);
    assert.deepEqual([resolution.state, resolution.span], ['moved', { start: 13, end: 13 }]);
  });

  it('maps a range through the history: kept lines move with the edits above them, an edit inside only predicts the place', () => {
    const before = ['a', 'b', 'c', 'd', 'e'];
    assert.deepEqual(mapThroughHistory(before, ['new', 'a', 'b', 'c', 'd', 'e'], { start: 3, end: 4 }), { kind: 'kept', span: { start: 4, end: 5 } });
    assert.deepEqual(mapThroughHistory(before, ['a', 'b', 'C!', 'd', 'e'], { start: 3, end: 4 }), { kind: 'edited', near: 3 });
  });

  it('the history is used only when the lines at the commit hold the code (a -dirty capture may not)', () => {
    const snippet = { file: 'a.txt', lines: '2', commit: 'abc1234-dirty', text: 'wip line\n' };
    const resolution = resolveIn(snippet, file(['top', 'more', 'wip line']), { atCommit: file(['top', 'other']), currentFile: 'a.txt' });
    assert.deepEqual([resolution.state, resolution.via, resolution.span], ['moved', 'search', { start: 3, end: 3 }]);
  });

  it(`searches a bounded window (${MAX_SEARCH_LINES} lines) around the predicted place of a huge file`, () => {
    const lines = Array.from({ length: 200_000 }, (_, i) => `line ${i} of a generated log with some words in it`);
    lines[150_100] = 'the needle: connection reset by peer';
    const snippet = { file: 'big.log', lines: '150000', text: 'the needle: connection reset by peer\n' };
    const started = process.hrtime.bigint();
    const near = resolveIn(snippet, file(lines));
    console.log(`      (resolved in a 200,000-line file in ${Number(process.hrtime.bigint() - started) / 1e6} ms)`);
    assert.deepEqual([near.state, near.span], ['moved', { start: 150_101, end: 150_101 }]);
    const far = resolveIn({ ...snippet, lines: '10' }, file(lines));
    assert.equal(far.state, 'outdated', 'a place beyond the window is not searched');
  });
});
