import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseBug } from '../../src/core/format/format';
import { DEMO_JOURNAL } from './helpers';

const DEMO_WORKSPACE = path.dirname(DEMO_JOURNAL);
const bugs = fs
  .readdirSync(DEMO_JOURNAL)
  .filter((name) => name.endsWith('.yaml'))
  .map((name) => {
    const parsed = parseBug(fs.readFileSync(path.join(DEMO_JOURNAL, name), 'utf8'), name);
    if (!parsed.ok) throw new Error(`${name} does not parse`);
    return parsed.bug;
  });

describe('The demo journal', () => {
  const placed = bugs.flatMap((bug) => bug.snippets.filter((snippet) => snippet.file !== undefined).map((snippet) => ({ bug, snippet })));

  it('has snippets that point into the demo workspace', () => {
    assert.ok(placed.length > 0);
  });

  for (const { bug, snippet } of placed) {
    it(`'${bug.title}' ${snippet.id}: ${snippet.file}:${snippet.lines} exists and holds the snippet's text (a click lands on it)`, () => {
      const lines = fs.readFileSync(path.join(DEMO_WORKSPACE, snippet.file!), 'utf8').split('\n');
      const [from, to] = (snippet.lines ?? '1').split('-').map(Number) as [number, number?];
      assert.ok(from >= 1 && (to ?? from) <= lines.length, `lines ${snippet.lines} of a ${lines.length}-line file`);
      assert.equal(lines.slice(from - 1, to ?? from).join('\n'), snippet.text?.trimEnd());
    });
  }
});
