// The first fifteen minutes, as a new user lives them in the real workbench: a command from the
// palette acts on the bug being worked on without asking which; a bug noted in passing does not
// take that bug's time; confirming a hypothesis offers the promotion it earns.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { bugOnDisk, chooseInQuickPick, openBugLevelsView, openWorkbench, repoRoot, sidebarRow, SPACY_BUG } from './support.mjs';

/** @type {import('./support.mjs').Workbench} */
let workbench;
const ACTIVE = 'L1 · First interview hangs';

before(async () => {
  workbench = await openWorkbench({ workspace: path.join(repoRoot, 'demo') });
  await openBugLevelsView(workbench.page);
});

after(async () => {
  await workbench?.close();
});

/** The quick input's placeholder: a quick pick's question ("Which bug?"). */
function placeholder() {
  return workbench.page.locator('.quick-input-widget input').getAttribute('placeholder');
}

test('with a bug active, "Log Attempt" from the palette asks what was tried, not which bug', async () => {
  const { page } = workbench;
  await workbench.runCommand('Bug Levels: Start Working on Bug');
  await page.locator('.quick-input-widget input[placeholder="Which bug?"]').waitFor();
  await chooseInQuickPick(page, SPACY_BUG.filter, SPACY_BUG.title);
  await page.locator('.part.statusbar', { hasText: ACTIVE }).waitFor();

  await workbench.runCommand('Bug Levels: Log Attempt');
  await page.locator('.quick-input-widget', { hasText: 'What did you try?' }).waitFor();
  assert.notEqual(await placeholder(), 'Which bug?');
  await page.locator('.quick-input-widget input').fill('cleared the spaCy cache');
  await page.locator('.quick-input-widget input').press('Enter');
  const logged = () =>
    bugOnDisk(workbench.workspace, SPACY_BUG.file).timeline.some((event) => event.kind === 'attempt' && event.text === 'cleared the spaCy cache');
  for (let i = 0; i < 50 && !logged(); i++) await new Promise((r) => setTimeout(r, 100));
  assert.ok(logged(), 'the attempt is in the bug on disk');
});

test('New Bug while another bug is active asks once whether to switch, and remembers "keep working"', async () => {
  const { page } = workbench;
  await workbench.runCommand('Bug Levels: New Bug');
  await page.locator('.quick-input-widget', { hasText: 'What is wrong, in one line?' }).waitFor();
  await page.locator('.quick-input-widget input').fill('Noted in passing');
  await page.locator('.quick-input-widget input').press('Enter');
  const toast = page.locator('.notification-toast', { hasText: "Created 'Noted in passing'. Switch to it?" });
  await toast.waitFor();
  await toast.getByRole('button', { name: /^Keep working on/ }).click();
  await sidebarRow(page, 'Noted in passing').waitFor();
  await page.locator('.part.statusbar', { hasText: ACTIVE }).waitFor();
  const settings = path.join(workbench.runDir, 'user-data', 'User', 'settings.json');
  for (let i = 0; i < 50 && !fs.readFileSync(settings, 'utf8').includes('newBugBecomesActive'); i++) await new Promise((r) => setTimeout(r, 100));
  assert.equal(JSON.parse(fs.readFileSync(settings, 'utf8'))['bugLevels.newBugBecomesActive'], 'never');

  // Remembered: the next bug noted in passing asks nothing and takes nothing.
  await workbench.runCommand('Bug Levels: New Bug');
  await page.locator('.quick-input-widget input').fill('Second note');
  await page.locator('.quick-input-widget input').press('Enter');
  await sidebarRow(page, 'Second note').waitFor();
  assert.equal(await page.locator('.notification-toast', { hasText: "Created 'Second note'" }).count(), 0);
  await page.locator('.part.statusbar', { hasText: ACTIVE }).waitFor();
});

test('confirming a hypothesis of a level-1 bug offers "Promote to Level 2", with the hypothesis as the reason', async () => {
  const { page } = workbench;
  await workbench.runCommand('Bug Levels: Mark Confirmed');
  await page.locator('.quick-input-widget input[placeholder="Which hypothesis?"]').waitFor();
  await page.locator('.quick-input-widget input').press('Enter');
  await page.locator('.quick-input-widget', { hasText: 'What decided it?' }).waitFor();
  await page.locator('.quick-input-widget input').fill('the download shows in the log at the first import');
  await page.locator('.quick-input-widget input').press('Enter');
  const toast = page.locator('.notification-toast', { hasText: 'Promote it to Level 2' });
  await toast.waitFor();
  await toast.getByRole('button', { name: 'Promote to Level 2' }).click();
  await sidebarRow(page, 'First interview hangs', 'level 2').waitFor();
  const bug = bugOnDisk(workbench.workspace, SPACY_BUG.file);
  assert.equal(bug.level, 2);
  assert.match(bug.levels.at(-1).reason, /^the model downloads on first import, not at package install/);
});
