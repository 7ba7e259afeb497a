import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isPair, parseDocument, visit } from 'yaml';
import { MAX_TOKENS, scanComplexity } from '../../src/core/format/complexity';
import { MAX_PROBLEMS_PER_FILE, parseBug, stringifyBug } from '../../src/core/format/format';
import { at, DEMO_JOURNAL, fullBug, hid, makeBug, session, sid, T0 } from './helpers';

/** Scalars and collections in the parsed document: what the parser really builds. */
function realNodeCount(text: string): number {
  let count = 0;
  visit(parseDocument(text), (_, node) => {
    if (!isPair(node)) count++;
  });
  return count;
}

/** The scan's token count for `text` (the smallest limit it stays within). */
function tokenCount(text: string): number {
  let low = 0;
  let high = 1_000_000;
  while (low < high) {
    const middle = Math.floor((low + high) / 2);
    if (scanComplexity(text, middle)) low = middle + 1;
    else high = middle;
  }
  return low;
}

describe('the complexity scan before parsing', () => {
  const samples = [
    ...fs
      .readdirSync(DEMO_JOURNAL)
      .filter((name) => name.endsWith('.yaml'))
      .map((name) => [name, fs.readFileSync(path.join(DEMO_JOURNAL, name), 'utf8')] as const),
    ['a bug with every field', stringifyBug(fullBug())] as const,
  ];
  for (const [name, text] of samples) {
    it(`its token count for ${name} is more than the parser's node count, and under 3 times it`, () => {
      const real = realNodeCount(text);
      const tokens = tokenCount(text);
      assert.ok(tokens > real && tokens < 3 * real, `${tokens} tokens, ${real} nodes`);
    });
  }

  it('a big real bug (1,000 sessions, 200 hypotheses, 500 timeline events) stays well under the limit', () => {
    const bug = makeBug({
      sessions: Array.from({ length: 1000 }, (_, i) => session(1, i * 2, i * 2 + 1)),
      hypotheses: Array.from({ length: 200 }, (_, i) => ({
        id: hid(`h-${i}`),
        kind: 'hypothesis' as const,
        text: `guess ${i}`,
        status: 'open' as const,
        created: T0,
      })),
      timeline: Array.from({ length: 500 }, (_, i) => ({ at: at(i), kind: 'attempt' as const, text: `try ${i}` })),
    });
    const text = stringifyBug(bug);
    assert.ok(tokenCount(text) < MAX_TOKENS * 0.6, `${tokenCount(text)} tokens`);
    assert.ok(parseBug(text, 'big.yaml').ok);
  });

  it('a log that looks like YAML (keys, lists, 100 nested brackets) is one block scalar, not counted', () => {
    const log = Array.from({ length: 20_000 }, (_, i) => `${'['.repeat(i === 0 ? 100 : 1)}key${i}: - value, {a: b} # not a comment`).join('\n');
    const bug = makeBug({ snippets: [{ id: sid('s-1'), source: 'terminal', captured: T0, text: `${log}\n` }] });
    const text = stringifyBug(bug);
    assert.ok(text.includes('    text: |'), 'written as a literal block');
    assert.equal(scanComplexity(text), undefined);
    const parsed = parseBug(text, 'log.yaml');
    assert.ok(parsed.ok);
    assert.equal(parsed.bug.snippets[0]?.text, `${log}\n`);
  });

  it('quoted text with brackets, colons and dashes over several lines is one value', () => {
    const title = `${'[{'.repeat(50)} a: b - c, d ${"'".repeat(3)}`;
    const text = `schema: bug-levels/v1\nid: bug0001\ntitle: "${title.replace(/"/g, '\\"')}"\nnotes: '${'x: [y], - z\n\n  '.repeat(2000).replace(/'/g, "''")}'\n`;
    assert.equal(scanComplexity(text, 100), undefined);
  });

  it('names where a limit is passed: the first line nesting past 32 levels', () => {
    const text = `a:\n${Array.from({ length: 40 }, (_, i) => `${' '.repeat(i + 1)}k${i}:\n`).join('')}`;
    const issue = scanComplexity(text);
    assert.ok(issue);
    assert.equal(text.slice(0, issue.offset).split('\n').length, 33);
    assert.match(issue.message, /deeper than 32 levels/);
  });

  it('a file with thousands of problems reports the first 50 and how many more there are', () => {
    const text = `schema: bug-levels/v1\nid: bug0001\ntitle: t\nstatus: open\nlevel: 1\ncreated: 2026-03-01T09:00:00Z\ntags:\n${'  - 1\n'.repeat(3000)}`;
    const result = parseBug(text, 'many.yaml');
    assert.equal(result.ok, false);
    assert.equal(result.problems.length, MAX_PROBLEMS_PER_FILE + 1);
    assert.match(result.problems.at(-1)?.message ?? '', /^2950 more problems in this file, the next one: A tag must be text/);
  });

  it('counts `- - - x` on one line as nesting too', () => {
    assert.ok(scanComplexity(`a:\n  ${'- '.repeat(40)}x\n`));
    assert.equal(scanComplexity(`a:\n  ${'- '.repeat(10)}x\n`), undefined);
  });
});
