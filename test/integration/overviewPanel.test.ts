import * as vscode from 'vscode';
import { strict as assert } from 'node:assert';
import type { Bug } from '../../src/core/model/types';
import { next } from '../../src/core/model/scheduler';
import { toTimestamp } from '../../src/core/model/time';
import { escapeHtml } from '../../src/core/model/overview';
import type { OverviewPanelHandle } from '../../src/host/overviewPanel';
import { DEMO, extensionApi, waitFor } from './helpers';

const HOSTILE = `<img src=x onerror=alert(1)><script>alert(2)</script><style>body{display:none}</style>" onfocus="alert(3)`;

async function showOverview(): Promise<OverviewPanelHandle> {
  const handle = await vscode.commands.executeCommand<OverviewPanelHandle>('bugLevels.showOverview');
  assert.ok(handle?.panel, 'Show Overview returns its panel');
  return handle;
}

/** The ids of the cards on the page, lane by lane (level 1, 2, 3). */
function cardIds(html: string): string[][] {
  return [1, 2, 3].map((level) => {
    const lane = new RegExp(`<section class="lane" aria-labelledby="lane-${level}">([\\s\\S]*?)</section>`).exec(html)?.[1] ?? '';
    return [...lane.matchAll(/data-id="([^"]+)"/g)].map((match) => match[1]!);
  });
}

describe('Show Overview: the journal as a picture, in a webview', () => {
  let hostile: Bug | undefined;

  after(async () => {
    if (hostile) await vscode.commands.executeCommand('bugLevels.deleteBug', { bugId: hostile.id, quiet: true });
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens a webview with a strict Content-Security-Policy: nothing remote, one style and one script, both by nonce', async () => {
    const { panel } = await showOverview();
    assert.equal(panel.viewType, 'bugLevels.overview');
    assert.equal(panel.webview.options.enableCommandUris, false);
    assert.deepEqual(panel.webview.options.localResourceRoots, []);
    const html = panel.webview.html;
    const nonce = /script-src 'nonce-([0-9a-f]{32})'/.exec(html)?.[1];
    assert.ok(nonce, 'a nonce of 16 random bytes');
    assert.ok(html.includes(`content="default-src 'none'; style-src 'nonce-${nonce}'; script-src 'nonce-${nonce}';"`));
    assert.deepEqual(html.match(/<script[^>]*>/g), [`<script nonce="${nonce}">`]);
    assert.deepEqual(html.match(/<style[^>]*>/g), [`<style nonce="${nonce}">`]);
    assert.ok(!/https?:\/\//.test(html), 'no remote resource');
  });

  it('shows the open demo bugs in the lanes of their levels, the scheduler pick highlighted with its reason', async () => {
    const api = await extensionApi();
    const { panel, overview } = await showOverview();
    const bugs = api.journals.allBugs().map((ref) => ref.loaded.bug);
    const open = bugs.filter((bug) => bug.status === 'open');
    assert.ok(open.some((bug) => bug.id === DEMO.uwsgi502) && open.length >= 2, 'the demo has open bugs');
    assert.deepEqual(
      cardIds(panel.webview.html).map((ids) => [...ids].sort()),
      [1, 2, 3].map((level) =>
        open
          .filter((bug) => bug.level === level)
          .map((bug) => bug.id)
          .sort(),
      ),
    );
    // The pick is the one Next Bug would start: the active bug only when nothing else is open.
    const active = api.active.bugId;
    const schedule = { timeboxDefaults: api.journals.timeboxDefaultsOf(), ...(api.active.running ? { running: api.active.running } : {}) };
    const now = toTimestamp(new Date());
    const pick = next({ bugs }, now, { ...schedule, exclude: active ? [active] : [] }) ?? next({ bugs }, now, schedule);
    assert.ok(pick && overview.pick);
    assert.equal(overview.pick.id, pick.bug.id);
    const picked = [...panel.webview.html.matchAll(/class="card picked[^"]*" data-id="([^"]+)"/g)].map((match) => match[1]);
    assert.deepEqual(picked, [pick.bug.id]);
    assert.ok(panel.webview.html.includes(escapeHtml(overview.pick.reason)));
  });

  it('a second Show Overview shows the same panel', async () => {
    const first = await showOverview();
    const second = await showOverview();
    assert.equal(second.panel, first.panel);
  });

  it('follows the journal live: a bug with a hostile title appears, escaped, and the page still has only its own script', async () => {
    const { panel } = await showOverview();
    hostile = await vscode.commands.executeCommand<Bug>('bugLevels.newBug', { title: HOSTILE, activate: false });
    assert.ok(hostile);
    const html = await waitFor(() => panel.webview.html.includes(`data-id="${hostile!.id}"`) && panel.webview.html, 'the new bug on the page');
    assert.ok(html.includes(escapeHtml(HOSTILE)), 'the title shown as text');
    assert.equal((html.match(/<script/gi) ?? []).length, 1, 'only the page script');
    assert.equal((html.match(/<style/gi) ?? []).length, 1, 'only the page style');
    const outsideTitle = html.split(escapeHtml(HOSTILE)).join('');
    assert.ok(!/<img|\son[a-z]+=/i.test(outsideTitle), 'no element or handler from the title');
  });

  it('a click reveals the bug it names; anything else the page might post is ignored', async () => {
    const handle = await showOverview();
    assert.equal(await handle.receive({ type: 'reveal', id: DEMO.spacyHang }), true);
    assert.equal(await handle.receive({ type: 'reveal', id: 'NoSuchBug1' }), false);
    assert.equal(await handle.receive({ type: 'reveal', id: 42 }), false);
    assert.equal(await handle.receive({ type: 'run', id: DEMO.spacyHang }), false);
    assert.equal(await handle.receive('reveal'), false);
  });
});
