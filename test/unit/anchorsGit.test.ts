import { strict as assert } from 'node:assert';
import { AnchorRepo, CART_TS } from './anchorRepo';
import type { AnchorEntry } from '../../src/core/model/anchors/anchorEntries';
import { anchorLines, type AnchorResolution } from '../../src/core/model/anchors/resolveAnchor';
import type { Snippet } from '../../src/core/model/types';
import { useTempDirs } from './helpers';

/**
 * Issue 19's acceptance cases, on real git repositories in temporary folders: a snippet of
 * `applyDiscount` (src/cart.ts lines 9-13) captured as Attach Selection does, then the code
 * changes under it. Each case checks the state and lines from the core and from
 * `bug-levels anchors --json`, which must agree.
 */
describe('Anchors on real git repositories', function () {
  this.timeout(60_000);
  const tempDir = useTempDirs();
  const FUNCTION = CART_TS.split('\n').slice(8, 13).join('\n');

  function repo(withGit = true): AnchorRepo {
    const made = new AnchorRepo(tempDir('bug-levels-anchors-'), withGit);
    made.write('src/cart.ts', CART_TS);
    if (withGit) made.commit('cart');
    return made;
  }

  /** The core's and the CLI's answers for `snippet`, checked to agree; the core's resolution. */
  async function resolveBoth(at: AnchorRepo, snippet: Snippet): Promise<{ core: AnchorResolution; entry: AnchorEntry }> {
    const core = await at.resolve(snippet);
    assert.ok(core, 'the snippet has an anchor');
    const { code, entries } = await at.cli([snippet]);
    assert.equal(code, 0);
    assert.equal(entries.length, 1);
    const entry = entries[0] as AnchorEntry;
    assert.deepEqual(Object.keys(entry), ['bugId', 'snippetId', 'state', 'file', 'lines', 'originalFile', 'originalLines', 'score']);
    assert.equal(entry.state, core.state);
    assert.equal(entry.lines, core.state === 'outdated' ? null : (anchorLines(core.span) ?? null));
    assert.equal(entry.originalFile, snippet.file);
    assert.equal(entry.originalLines, snippet.lines);
    return { core, entry };
  }

  it('an untouched snippet is exact at its lines', async () => {
    const at = repo();
    const { entry } = await resolveBoth(at, at.capture('src/cart.ts', 9, 13));
    assert.deepEqual([entry.state, entry.file, entry.lines, entry.score], ['exact', 'src/cart.ts', '9-13', 1]);
  });

  it('lines inserted above: moved down by as many lines, through git', async () => {
    const at = repo();
    const snippet = at.capture('src/cart.ts', 9, 13);
    at.write(
      'src/cart.ts',
      CART_TS.replace("import { roundCents } from './money';\n", "import { roundCents } from './money';\nimport { log } from './log';\n\nconst TAX = 0.2;\n"),
    );
    at.commit('three lines above');
    const { core, entry } = await resolveBoth(at, snippet);
    assert.deepEqual([entry.state, entry.file, entry.lines], ['moved', 'src/cart.ts', '12-16']);
    assert.equal(core.via, 'git');
  });

  it('the range edited inside: changed, at the same lines, with a score under 1', async () => {
    const at = repo();
    const snippet = at.capture('src/cart.ts', 9, 13);
    at.write('src/cart.ts', CART_TS.replace('const cut = total * (percent / 100);', 'const cut = total * (Math.min(percent, 100) / 100);'));
    at.commit('clamp');
    const { entry } = await resolveBoth(at, snippet);
    assert.deepEqual([entry.state, entry.file, entry.lines], ['changed', 'src/cart.ts', '9-13']);
    assert.ok(entry.score >= 0.6 && entry.score < 1, `score ${entry.score}`);
  });

  it('the file renamed and edited: found in the new file at its new lines', async () => {
    const at = repo();
    const snippet = at.capture('src/cart.ts', 9, 13);
    at.git('mv', 'src/cart.ts', 'src/basket.ts');
    at.write('src/basket.ts', CART_TS.replace('export interface Item {', '// Items in the basket.\nexport interface Item {'));
    at.commit('rename and comment');
    const moved = await resolveBoth(at, snippet);
    assert.deepEqual([moved.entry.state, moved.entry.file, moved.entry.lines], ['moved', 'src/basket.ts', '10-14']);
    assert.equal(moved.core.via, 'git');

    at.write('src/basket.ts', at.read('src/basket.ts').replace('if (percent <= 0) return total;', 'if (percent <= 0 || total <= 0) return total;'));
    at.commit('edit inside');
    const changed = await resolveBoth(at, snippet);
    assert.deepEqual([changed.entry.state, changed.entry.file, changed.entry.lines], ['changed', 'src/basket.ts', '10-14']);
  });

  it('the code moved to another place in the file: moved there', async () => {
    const at = repo();
    const snippet = at.capture('src/cart.ts', 9, 13);
    const without = CART_TS.replace(`/** The discount, never more than the total. */\n${FUNCTION}\n\n`, '');
    at.write('src/cart.ts', `${without}\n/** The discount, never more than the total. */\n${FUNCTION}\n`);
    at.commit('move to the end');
    const { entry } = await resolveBoth(at, snippet);
    assert.deepEqual([entry.state, entry.file, entry.lines], ['moved', 'src/cart.ts', '19-23']);
    assert.equal(at.read('src/cart.ts').split('\n').slice(18, 23).join('\n'), FUNCTION);
  });

  it('the code deleted: outdated, with no current place and its original kept', async () => {
    const at = repo();
    const snippet = at.capture('src/cart.ts', 9, 13);
    at.write('src/cart.ts', CART_TS.replace(`/** The discount, never more than the total. */\n${FUNCTION}\n\n`, ''));
    at.commit('no discounts');
    const { entry } = await resolveBoth(at, snippet);
    assert.deepEqual([entry.state, entry.file, entry.lines, entry.originalFile, entry.originalLines], ['outdated', null, null, 'src/cart.ts', '9-13']);
  });

  it('the file gone: outdated', async () => {
    const at = repo();
    const snippet = at.capture('src/cart.ts', 9, 13);
    at.git('rm', '-q', 'src/cart.ts');
    at.commit('no cart');
    assert.equal((await resolveBoth(at, snippet)).entry.state, 'outdated');
  });

  it('a rebase that drops the commit that added the code: outdated', async () => {
    const at = new AnchorRepo(tempDir('bug-levels-anchors-'));
    at.write('src/cart.ts', CART_TS.replace(`/** The discount, never more than the total. */\n${FUNCTION}\n\n`, ''));
    const base = at.commit('cart without discounts');
    at.write('src/cart.ts', CART_TS);
    at.commit('discounts');
    const snippet = at.capture('src/cart.ts', 9, 13);
    at.git('reset', '-q', '--hard', base);
    at.git('reflog', 'expire', '--expire=now', '--all');
    at.git('gc', '-q', '--prune=now');
    const { entry } = await resolveBoth(at, snippet);
    assert.equal(entry.state, 'outdated');
  });

  it("a rebase that drops an earlier commit and prunes the snippet's: found by search, moved up", async () => {
    const at = repo();
    const base = at.head();
    at.write(
      'src/cart.ts',
      CART_TS.replace("import { roundCents } from './money';\n", "import { roundCents } from './money';\nimport { log } from './log';\n"),
    );
    at.commit('log import');
    at.write('README.md', 'Cart\n');
    at.commit('readme');
    const snippet = at.capture('src/cart.ts', 10, 14);
    assert.equal(snippet.text, `${FUNCTION}\n`);
    at.git('rebase', '-q', '--onto', base, 'HEAD~1');
    at.git('reflog', 'expire', '--expire=now', '--all');
    at.git('gc', '-q', '--prune=now');
    assert.throws(() => at.git('cat-file', '-e', `${snippet.commit}^{commit}`), "the snippet's commit is gone");
    const { core, entry } = await resolveBoth(at, snippet);
    assert.deepEqual([entry.state, entry.file, entry.lines], ['moved', 'src/cart.ts', '9-13']);
    assert.equal(core.via, 'search');
  });

  it("a dirty working tree: uncommitted lines above move the snippet, through git's diff to the working tree", async () => {
    const at = repo();
    const snippet = at.capture('src/cart.ts', 9, 13);
    at.write('src/cart.ts', CART_TS.replace('export interface Item {', '// uncommitted\n// notes\nexport interface Item {'));
    const { core, entry } = await resolveBoth(at, snippet);
    assert.deepEqual([entry.state, entry.lines], ['moved', '11-15']);
    assert.equal(core.via, 'git');
  });

  it('a snippet taken from a dirty working tree (-dirty) is exact where it was taken, and followed by search after', async () => {
    const at = repo();
    at.write('src/cart.ts', CART_TS.replace('export interface Item {', '// work in progress\nexport interface Item {'));
    const snippet = at.capture('src/cart.ts', 10, 14);
    assert.match(snippet.commit ?? '', /^[0-9a-f]{7}-dirty$/);
    assert.equal((await resolveBoth(at, snippet)).entry.state, 'exact');
    at.write('src/cart.ts', CART_TS);
    const { entry } = await resolveBoth(at, snippet);
    assert.deepEqual([entry.state, entry.lines], ['moved', '9-13']);
  });

  it('without git, lines inserted above are found by search: moved', async () => {
    const at = repo(false);
    const snippet = at.capture('src/cart.ts', 9, 13);
    assert.equal(snippet.commit, undefined);
    at.write('src/cart.ts', `// header\n${CART_TS}`);
    const { core, entry } = await resolveBoth(at, snippet);
    assert.deepEqual([entry.state, entry.lines], ['moved', '10-14']);
    assert.equal(core.via, 'search');
  });
});
