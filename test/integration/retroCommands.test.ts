import * as vscode from 'vscode';
import { strict as assert } from 'node:assert';
import { copyRetroMarkdown } from '../../src/host/retroCommands';
import type { CommandContext } from '../../src/host/commandContext';
import { toTimestamp } from '../../src/core/model/time';
import { DEMO, extensionApi } from './helpers';

/** Export Retro with options (no questions, no notification) and the text it opened. */
async function exportRetro(options: Record<string, unknown>): Promise<string> {
  const document = await vscode.commands.executeCommand<vscode.TextDocument>('bugLevels.exportRetro', { quiet: true, ...options });
  assert.equal(document.languageId, 'markdown');
  return document.getText();
}

describe('Export Retro: scope and options, the chart and the score', () => {
  before(async () => {
    await extensionApi();
  });

  it('with a bugId the retro covers that bug alone and names it in its heading', async () => {
    const text = await exportRetro({ bugId: DEMO.uwsgi502 });
    assert.match(text, /^# Bug Levels retro: 502 on first interview after installing FormFyxer\n/);
    assert.equal(text.match(/^\| (?!Bug \||---|\*\*Total)/gm)?.length, 1, 'one bug row in the summary');
    assert.match(text, /\[logs\/uwsgi\.log:2-4\]\(logs\/uwsgi\.log#L2-L4\)/);
  });

  it('scope all since a date counts only the time worked since then', async () => {
    const text = await exportRetro({ scope: 'all', since: '2026-02-26' });
    assert.match(text, /time worked since 2026-02-26 00:00/);
    assert.ok(!text.includes('## Postgres errors flood docassemble.log'), 'the postgres bug was only worked on before');
  });

  it('the retro of all bugs has the summary, the breadth-first score, the longest streak and the Mermaid chart of where the time went', async () => {
    const text = await exportRetro({ scope: 'all' });
    assert.match(text, /^## Summary\n\n- \*\*(Fixed:\*\* |Found and fixed\*\* \(\d+ of \d+ bugs\):)/m);
    assert.match(text, /\*\*Breadth-first score: \d+ %\.\*\*/);
    assert.match(text, /\*\*Longest depth-first streak:\*\* /);
    assert.match(text, /## Where the time went\n\n```mermaid\n---\n[\s\S]*?\n---\nxychart-beta horizontal\n/);
  });

  it('noSnippets leaves snippet text out', async () => {
    const text = await exportRetro({ scope: 'all', noSnippets: true });
    assert.ok(!text.includes('unable to load configuration from pip'));
    assert.match(text, /snippet text left out/);
  });

  it('Copy as Markdown returns the one-bug retro it put on the clipboard', async () => {
    const api = await extensionApi();
    // copyRetroMarkdown reads only the journals, the active bug, the clock and the snippets' anchors from its context.
    const ctx = { journals: api.journals, active: api.active, now: () => toTimestamp(new Date()), anchors: api.anchors } as unknown as CommandContext;
    const markdown = await copyRetroMarkdown(ctx, { bugId: DEMO.uwsgiPin, quiet: true });
    // Escaped only where markdown would break: the parentheses of a heading stay as they are.
    assert.match(markdown ?? '', /^# Bug Levels retro: Server image pins uwsgi below 2\.0\.20 \(sys\.executable fix\)\n/);
    assert.equal(await vscode.env.clipboard.readText(), markdown);
  });
});
