import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../../src/cli/main';
import type { AnchorEntry } from '../../src/core/model/anchors/anchorEntries';
import { applyEdit } from '../../src/core/model/operations';
import { sequentialIds } from '../../src/core/model/ids';
import { DEFAULT_TIMEBOX_MINUTES } from '../../src/core/model/timebox';
import { parseBugBytes, stringifyBug } from '../../src/core/format/format';
import type { Bug } from '../../src/core/model/types';
import { AnchorRepo, CART_TS } from './anchorRepo';
import { at as minutesAfter, captureIo, type CapturedIo, foldedBugsOnDisk, makeBug, snapshotFiles, useTempDirs } from './helpers';

/**
 * `bug-levels anchors` end to end: snippets recorded with the CLI's own `snippet` verb (which
 * takes the commit and context from the workspace, as Attach Selection does), the code changed
 * with real git, then the anchors listed as text and JSON; the exit codes CI relies on; and
 * Re-anchor (the reanchorSnippet operation) as a new snippet that the old one resolves through.
 */
describe('bug-levels anchors', function () {
  this.timeout(60_000);
  const tempDir = useTempDirs();

  async function cli(cwd: string, args: string[], stdin = ''): Promise<{ code: number; stdout: string; stderr: string }> {
    // captureIo's writers fill the object it returns: standard input is added to that one.
    const io: CapturedIo & { readStdin?: () => Promise<string> } = captureIo(cwd);
    io.readStdin = async () => stdin;
    const code = await runCli([...args, '--no-index'], io);
    return { code, stdout: io.stdout, stderr: io.stderr };
  }

  /** A repository with src/cart.ts committed, a journal kept out of git, a bug, and applyDiscount (9-13) as its snippet. */
  async function journalWithSnippet(): Promise<{ repo: AnchorRepo; bugId: string; snippetId: string }> {
    const repo = new AnchorRepo(tempDir('bug-levels-anchors-cli-'));
    repo.write('src/cart.ts', CART_TS);
    repo.write('.gitignore', '.bug-levels/\n');
    repo.commit('cart');
    fs.mkdirSync(path.join(repo.dir, '.bug-levels'));
    const bugId = (await cli(repo.dir, ['new', 'Discounts round wrongly'])).stdout.trim();
    const text = CART_TS.split('\n').slice(8, 13).join('\n');
    const attached = await cli(repo.dir, ['snippet', bugId, '--file', 'src/cart.ts', '--lines', '9-13', '--source', 'editor'], `${text}\n`);
    assert.equal(attached.code, 0, attached.stderr);
    return { repo, bugId, snippetId: attached.stdout.trim() };
  }

  /** The one bug on disk: its file folded with its addition files (issue 17). */
  function bugFile(repo: AnchorRepo): Bug {
    const [bug] = foldedBugsOnDisk(path.join(repo.dir, '.bug-levels'));
    assert.ok(bug);
    return bug;
  }

  it('the snippet verb records the commit and the lines around the snippet', async () => {
    const { repo } = await journalWithSnippet();
    const [snippet] = bugFile(repo).snippets;
    assert.equal(snippet?.commit, repo.head());
    assert.deepEqual(snippet?.context, {
      before: ['}', '', '/** The discount, never more than the total. */'],
      after: ['', 'export function subtotal(items: readonly Item[]): number {', '  return items.reduce((sum, item) => sum + item.price * item.quantity, 0);'],
    });
  });

  it('lists each anchor as text and JSON, and never changes a bug file', async () => {
    const { repo, bugId, snippetId } = await journalWithSnippet();
    repo.write('src/cart.ts', `// Prices are in cents.\n// Totals too.\n${CART_TS}`);
    repo.commit('header');
    const before = snapshotFiles(path.join(repo.dir, '.bug-levels'));

    const json = await cli(repo.dir, ['anchors', '--json']);
    assert.equal(json.code, 0);
    const entries = JSON.parse(json.stdout) as AnchorEntry[];
    assert.deepEqual(entries, [
      { bugId, snippetId, state: 'moved', file: 'src/cart.ts', lines: '11-15', originalFile: 'src/cart.ts', originalLines: '9-13', score: 1 },
    ]);

    const text = await cli(repo.dir, ['anchors', '--journal', '.bug-levels']);
    assert.equal(text.code, 0);
    assert.equal(text.stdout, `moved     ${bugId}/${snippetId}  src/cart.ts:11-15 (was src/cart.ts:9-13)\n`);
    assert.equal(text.stderr, '1 anchor: 0 exact, 1 moved, 0 changed, 0 outdated.\n');
    assert.deepEqual(snapshotFiles(path.join(repo.dir, '.bug-levels')), before, 'resolution never rewrites the stored snippet');
  });

  it('--fail-on outdated exits 1 when a snippet is outdated, 0 otherwise; without it, 0 either way', async () => {
    const { repo } = await journalWithSnippet();
    assert.equal((await cli(repo.dir, ['anchors', '--fail-on', 'outdated'])).code, 0);
    repo.write('src/cart.ts', CART_TS.replace(/\/\*\* The discount[\s\S]*?\n}\n\n/, ''));
    repo.commit('no discounts');
    const failing = await cli(repo.dir, ['anchors', '--fail-on', 'outdated', '--json']);
    assert.equal(failing.code, 1);
    assert.equal((JSON.parse(failing.stdout) as AnchorEntry[])[0]?.state, 'outdated');
    assert.equal((await cli(repo.dir, ['anchors'])).code, 0);
  });

  it('exits 1 when the journal cannot be read, 2 on a usage error', async () => {
    const dir = tempDir();
    const missing = await cli(dir, ['anchors', '--journal', 'nowhere']);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /nowhere: no such journal folder/);
    assert.equal((await cli(dir, ['anchors', '--fail-on', 'changed'])).code, 2);
    fs.mkdirSync(path.join(dir, '.bug-levels'));
    const empty = await cli(dir, ['anchors', '--json']);
    assert.deepEqual([empty.code, JSON.parse(empty.stdout)], [0, []]);
  });

  it("a re-anchored snippet is found at its new snippet's place; both are kept", async () => {
    const repo = new AnchorRepo(tempDir('bug-levels-anchors-cli-'), false);
    repo.write('src/cart.ts', CART_TS);
    const old = repo.capture('src/cart.ts', 9, 13, 's-old');
    const bug = makeBug({ snippets: [old] });
    const context = { now: minutesAfter(5), ids: sequentialIds(), timeboxDefaults: DEFAULT_TIMEBOX_MINUTES };
    const pinned = repo.capture('src/cart.ts', 15, 17);
    const after = applyEdit('reanchorSnippet', bug, { snippetId: 's-old', file: 'src/cart.ts', lines: '15-17', text: pinned.text ?? '' }, context);
    assert.deepEqual(after.snippets[0], old, 'the old snippet is kept as it was');
    const added = after.snippets[1];
    assert.equal(added?.reanchors, 's-old');
    const reread = parseBugBytes(new TextEncoder().encode(stringifyBug(after)), 'bug.yaml');
    assert.deepEqual(reread.ok && reread.bug.snippets, after.snippets, 'it round-trips through the format');

    const { entries } = await repo.cli(after.snippets);
    assert.deepEqual(
      entries.map((entry) => [entry.snippetId, entry.state, entry.lines, entry.originalLines]),
      [
        ['s-old', 'exact', '15-17', '9-13'],
        [added?.id, 'exact', '15-17', '15-17'],
      ],
    );
  });

  it('the retro links to where the code is now, with the original commit; an outdated snippet says so', async () => {
    const { repo } = await journalWithSnippet();
    const commit = repo.head();
    repo.write('src/cart.ts', `// Prices are in cents.\n// Totals too.\n${CART_TS}`);
    repo.commit('header');
    const moved = await cli(repo.dir, ['retro', '--now', '2026-03-02T00:00:00Z']);
    assert.equal(moved.code, 0, moved.stderr);
    assert.ok(moved.stdout.includes(`[src/cart.ts:11-15](src/cart.ts#L11-L15) (moved; captured at src/cart.ts:9-13) · commit \`${commit}\``), moved.stdout);
    const data = JSON.parse((await cli(repo.dir, ['retro', '--format', 'json', '--now', '2026-03-02T00:00:00Z'])).stdout) as {
      bugs: Array<{ snippets: Array<{ href: string; anchor: unknown; file: string; lines: string }> }>;
    };
    const [snippet] = data.bugs[0]!.snippets;
    assert.deepEqual(
      [snippet?.file, snippet?.lines, snippet?.href, snippet?.anchor],
      ['src/cart.ts', '9-13', 'src/cart.ts#L11-L15', { state: 'moved', file: 'src/cart.ts', lines: '11-15', score: 1 }],
    );

    repo.write('src/cart.ts', CART_TS.replace(/\/\*\* The discount[\s\S]*?\n}\n\n/, ''));
    repo.commit('no discounts');
    const outdated = await cli(repo.dir, ['retro', '--now', '2026-03-02T00:00:00Z']);
    assert.ok(outdated.stdout.includes(`src/cart.ts:9-13 (outdated: no longer in the working tree) · commit \`${commit}\``), outdated.stdout);
  });
});
