import * as vscode from 'vscode';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { strict as assert } from 'node:assert';
import { DEMO, extensionApi, journalDir, sleep, treeChildren, waitFor, type ShownNode } from './helpers';
import { BUG_PAGE_SIZE, type TreeNode } from '../../src/host/treeNodes';
import { JournalTree, SHOW_MORE_COMMAND } from '../../src/host/tree';
import { JournalService } from '../../src/host/journalService';
import type { LoadedBug } from '../../src/core/store/journalStore';
import { nodeBugParser, PARSE_WORKER_SCRIPT } from '../../src/node/bugParser';
import { ParseWorkerPool } from '../../src/node/parseWorkerPool';

/** Parked bugs (the scheduler and the nudges ignore them, so other tests are not disturbed). */
const EXTRA = BUG_PAGE_SIZE + 30;

function parkedBugText(n: number): string {
  const id = `pagedBug${String(n).padStart(4, '0')}`;
  return [`schema: bug-levels/v1`, `id: ${id}`, `title: Paged bug ${n}`, 'status: parked', 'level: 1', 'created: 2026-03-01T09:00:00Z', ''].join('\n');
}

const extraFile = (n: number): string => path.join(journalDir(), `zz-paged-${String(n).padStart(4, '0')}.yaml`);

async function parkedGroup(): Promise<ShownNode> {
  return waitFor(async () => (await treeChildren()).find((shown) => shown.contextValue === 'group.parked'), 'the Parked group');
}

describe('A journal with hundreds of bugs in one group', () => {
  before(async () => {
    await extensionApi();
    for (let n = 1; n <= EXTRA; n++) fs.writeFileSync(extraFile(n), parkedBugText(n));
    const paged = async (): Promise<number> => (await extensionApi()).journals.allBugs().filter(({ loaded }) => loaded.bug.id.startsWith('pagedBug')).length;
    await waitFor(async () => (await paged()) === EXTRA, `the ${EXTRA} new files to load`, 30_000);
  });

  after(async () => {
    for (let n = 1; n <= EXTRA; n++) fs.rmSync(extraFile(n), { force: true });
    await waitFor(
      async () => !(await extensionApi()).journals.allBugs().some(({ loaded }) => loaded.bug.id.startsWith('pagedBug')),
      'the extra bugs to go',
      15_000,
    );
  });

  it(`shows the first ${BUG_PAGE_SIZE} bugs of a group and a "Show more" row; the row shows the rest`, async () => {
    const group = await parkedGroup();
    const total = Number(group.description);
    assert.ok(total > BUG_PAGE_SIZE, `the group counts all its bugs (${group.description})`);
    const first = await treeChildren(group.node);
    const more = first.at(-1);
    assert.equal(more?.contextValue, 'more');
    assert.equal(first.length, BUG_PAGE_SIZE + 1);
    assert.equal(more.label, `Show ${total - BUG_PAGE_SIZE} more…`);
    assert.equal(more.description, `${total - BUG_PAGE_SIZE} not shown`);
    const item = (await extensionApi()).tree.getTreeItem(more.node);
    assert.equal(item.command?.command, SHOW_MORE_COMMAND, 'a click runs Show More');

    await vscode.commands.executeCommand(SHOW_MORE_COMMAND, more.node);
    const after = await treeChildren(group.node);
    assert.equal(after.length, total, 'every bug, and no "Show more" row');
    assert.ok(after.every((shown) => shown.contextValue.startsWith('bug.')));
  });

  it('a bug revealed past the first page (New Bug, Next Bug, a nudge) is shown, so reveal finds it', async () => {
    const api = await extensionApi();
    const journal = api.journals.all[0]!;
    const group: TreeNode = { kind: 'group', journal, group: 'parked' };
    const last = `pagedBug${String(EXTRA).padStart(4, '0')}`;
    // A fresh tree, as after a reload: only the first page.
    const fresh = new JournalTree(api.journals, api.active, async () => undefined);
    assert.ok(!fresh.getChildren(group).some((node) => node.kind === 'bug' && node.bugId === last));
    fresh.pin({ kind: 'bug', journal, bugId: last as never });
    const children = fresh.getChildren(group);
    assert.ok(children.some((node) => node.kind === 'bug' && node.bugId === last));
    assert.equal(children.at(-1)?.kind, 'more', 'the rest stays behind "Show more"');
  });

  it('a bug row builds its tooltip on hover, with the latest hypothesis', async () => {
    const api = await extensionApi();
    const journal = api.journals.all[0]!;
    const node: TreeNode = { kind: 'bug', journal, bugId: DEMO.uwsgi502 as never };
    const item = api.tree.getTreeItem(node);
    assert.equal(item.tooltip, undefined, 'not built for every row of a long list');
    const resolved = api.tree.resolveTreeItem(item, node);
    // appendText escapes: spaces come back as &nbsp;.
    const text = (resolved.tooltip instanceof vscode.MarkdownString ? resolved.tooltip.value : String(resolved.tooltip)).replace(/&nbsp;/g, ' ');
    assert.match(text, /502 on first interview after installing FormFyxer/);
    // 40 min worked of a 45-min box (4 min and seconds if another test left the bug active).
    assert.match(text, /Timebox: 45 min at level 2; [45] min left/);
    assert.match(text, /Breadth-first: '.+' comes first\. /);
    assert.match(text, /Latest hypothesis: /);
  });
});

describe('A window opening a journal it has an index for', () => {
  it('paints the index previews first, then the full bugs; the previews carry what a row shows', async () => {
    const api = await extensionApi();
    const folder = api.journals.all[0]!.folder;
    const storage = vscode.Uri.file(fs.mkdtempSync(path.join(os.tmpdir(), 'bug-levels-index-')));
    const location = { folder: storage, codeVersion: Promise.resolve('in-host-test') };
    // Files written in the last moments are never cached (RACY_MTIME_MS): age them, as a
    // committed journal's files are.
    const hourAgo = new Date(Date.now() - 60 * 60 * 1000);
    for (const name of fs.readdirSync(journalDir()).filter((n) => n.endsWith('.yaml'))) fs.utimesSync(path.join(journalDir(), name), hourAgo, hourAgo);
    // Their change times (ctime) cannot be set back: a file changed a moment before it is read is
    // not cached either (the journal is read over node:fs in this host, which reports them).
    await sleep(500);
    // The first window builds the index (the demo's files are old enough to be cached).
    const first = new JournalService(folder, '.bug-levels', 64 * 1024, location);
    await first.load();
    first.dispose();
    await waitFor(() => fs.readdirSync(storage.fsPath, { recursive: true }).some((name) => String(name).endsWith('.previews.jsonl')), 'the index to be saved');

    const second = new JournalService(folder, '.bug-levels', 64 * 1024, location);
    const shown: LoadedBug[][] = [];
    second.onDidChange(() => shown.push([...second.bugs]));
    await second.load();
    second.dispose();
    const firstPaint = shown[0]!;
    const full = shown.at(-1)!;
    assert.ok(firstPaint.length > 0 && firstPaint.every((loaded) => loaded.preview !== undefined), 'the first paint is all previews');
    assert.ok(
      full.every((loaded) => loaded.preview === undefined),
      'then the full bugs',
    );
    assert.deepEqual(
      firstPaint.map((loaded) => [loaded.bug.id, loaded.bug.title, loaded.bug.level, loaded.bug.status]),
      full.map((loaded) => [loaded.bug.id, loaded.bug.title, loaded.bug.level, loaded.bug.status]),
    );
    const bug502 = full.find((loaded) => loaded.bug.id === DEMO.uwsgi502)!;
    const preview502 = firstPaint.find((loaded) => loaded.bug.id === DEMO.uwsgi502)!;
    assert.ok(bug502.bug.hypotheses.length > 0 && preview502.preview!.children >= bug502.bug.hypotheses.length);
    fs.rmSync(storage.fsPath, { recursive: true, force: true });
  });
});

describe('A window loading a journal no index vouches for', () => {
  it('parses its files on worker threads in the extension host, with the same result as parsing in-thread', async () => {
    const api = await extensionApi();
    const folder = api.journals.all[0]!.folder;
    const relative = `.worker-journal-${Date.now()}`;
    const dir = path.join(folder.uri.fsPath, relative);
    fs.mkdirSync(dir);
    try {
      for (let n = 1; n <= 24; n++) fs.writeFileSync(path.join(dir, `bug-${n}.yaml`), parkedBugText(n));
      fs.writeFileSync(path.join(dir, 'broken.yaml'), 'schema: bug-levels/v1\nid: brokenOne2\ntitle: "unterminated\n');
      const pool = nodeBugParser();
      assert.ok(pool instanceof ParseWorkerPool, `the worker script is there: ${PARSE_WORKER_SCRIPT}`);
      const service = new JournalService(folder, relative, 64 * 1024);
      let threadsDuringLoad = 0;
      service.onDidChange(() => (threadsDuringLoad = Math.max(threadsDuringLoad, pool.threadCount)));
      await service.load();
      threadsDuringLoad = Math.max(threadsDuringLoad, pool.threadCount);
      const inThread = await service.store.load();
      service.dispose();
      assert.ok(threadsDuringLoad > 0, 'worker threads ran the parse');
      assert.deepEqual(
        service.bugs.map((loaded) => loaded.bug.id),
        inThread.bugs.map((loaded) => loaded.bug.id),
      );
      assert.deepEqual(service.problems, inThread.problems);
      assert.match(`${service.problems[0]?.file}:${service.problems[0]?.line}`, /broken\.yaml:\d+/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
