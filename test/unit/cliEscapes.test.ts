import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringifyBug } from '../../src/core/format/format';
import { runCli } from '../../src/cli/main';
import { escapeForTerminal, escapeLine, jsonForTerminal } from '../../src/core/model/terminalText';
import type { Bug } from '../../src/core/model/types';
import { captureIo, hid, makeBug, MINIMAL_BUG_TEXT, sid, T0, useTempDirs } from './helpers';

/**
 * Control characters and bidirectional overrides never reach the terminal raw (issue 16). The
 * product stores them (a pasted log with colour codes is `"\e[1;31m..."` in YAML), and titles,
 * notes, snippets and file names carry them into `check`, `next`, `retro` and the write verbs:
 * every output, text or JSON, has them escaped (visibly in text, `\u` in JSON), and one problem
 * is one line, whatever the file is called.
 */

// ESC (a colour and a screen clear), BEL, NUL, CR, DEL, C1 (NEL, the 8-bit CSI), the bidi
// overrides and isolates, the line separator.
const EVIL = 'Red \u001b[1;31malert\u001b[0m\u0007 \u0000nul \r\u009b2J \u0085nel \u007fdel \u202egnp.exe\u202c \u2066iso\u2069 \u2028sep';
// eslint-disable-next-line no-control-regex -- control characters are exactly what this finds
const RAW = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/u;

/** EVIL as a command-line argument can hold it: no NUL (argv cannot), no CR or line separator (a title is one line). */
const ARGV_EVIL = EVIL.replace('\u0000', '').replace('\r', '').replace('\u2028', '');

function assertNoRaw(text: string, what: string): void {
  const found = RAW.exec(text);
  assert.equal(found, null, `${what}: raw U+${(found?.[0].codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')} at ${found?.index}`);
}

describe('the CLI never prints a control character or a bidirectional override raw', () => {
  const tempDir = useTempDirs();

  /** A workspace whose journal holds a bug with EVIL in every text field, and a broken file with EVIL in its name. */
  function workspace(): { cwd: string; journal: string; bug: Bug; evilFile: string } {
    const cwd = tempDir();
    const journal = path.join(cwd, '.bug-levels');
    fs.mkdirSync(journal);
    const bug = makeBug({
      title: EVIL,
      tags: ['ok'],
      hypotheses: [{ id: hid('h-1'), kind: 'assumption', text: EVIL, status: 'refuted', created: T0, resolved: T0, note: EVIL }],
      snippets: [{ id: sid('s-1'), source: 'terminal', captured: T0, command: EVIL, text: `${EVIL}\n${EVIL}\n` }],
      timeline: [{ at: T0, kind: 'attempt', text: EVIL }],
    });
    fs.writeFileSync(path.join(journal, 'evil.yaml'), stringifyBug(bug));
    // A file name that forges problem lines: a line break, then what the problem matcher reads.
    const evilFile = `bad\nforged.yaml:7:1: error: not a real problem\u001b[2J\u202e.yaml`;
    fs.writeFileSync(path.join(journal, evilFile), MINIMAL_BUG_TEXT.replace('title: Minimal bug', 'title: a: b'));
    return { cwd, journal, bug, evilFile };
  }

  async function run(cwd: string, argv: string[], stdin?: string): Promise<{ code: number; stdout: string; stderr: string }> {
    const io = captureIo(cwd);
    const code = await runCli(argv, { ...io, readStdin: async () => stdin ?? '' });
    assertNoRaw(io.stdout, `${argv.join(' ')}: stdout`);
    assertNoRaw(io.stderr, `${argv.join(' ')}: stderr`);
    return { code, stdout: io.stdout, stderr: io.stderr };
  }

  it('check: one line per problem, the forged name escaped; next, retro and their JSON: escaped, and the JSON reads back the same text', async function () {
    if (process.platform === 'win32') this.skip(); // no line breaks or ESC in Windows file names
    const { cwd, bug } = workspace();
    const checked = await run(cwd, ['check', '--no-index']);
    assert.equal(checked.code, 1);
    const lines = checked.stdout.split('\n').filter((line) => line !== '');
    assert.equal(lines.length, 1, `one problem, one line: ${JSON.stringify(checked.stdout)}`);
    assert.match(lines[0] ?? '', /^\.bug-levels\/bad\\nforged\.yaml:7:1: error: not a real problem\\x1B\[2J\\u202E\.yaml:3:\d+: /);

    const next = await run(cwd, ['next', '--no-index', '--now', '2026-03-02T00:00:00Z']);
    assert.ok(next.stdout.includes(escapeForTerminal(EVIL)), next.stdout);
    const nextJson = await run(cwd, ['next', '--json', '--no-index', '--now', '2026-03-02T00:00:00Z']);
    assert.equal((JSON.parse(nextJson.stdout) as { title: string }).title, EVIL, 'the JSON holds the exact title');

    const retro = await run(cwd, ['retro', '--no-index', '--now', '2026-03-02T00:00:00Z']);
    assert.ok(retro.stdout.includes('\\x1B[1;31m'), 'the colour code is shown as text');
    const retroJson = await run(cwd, ['retro', '--format', 'json', '--no-index', '--now', '2026-03-02T00:00:00Z']);
    assert.ok(JSON.stringify(JSON.parse(retroJson.stdout)).includes(JSON.stringify(EVIL).slice(1, -1)), 'the JSON retro holds the exact text');

    for (const [format, name] of [
      ['md', 'retro.md'],
      ['json', 'retro.json'],
    ] as const) {
      const out = path.join(cwd, name);
      const written = await run(cwd, ['retro', '--format', format, '--out', out, '--allow-broken', '--no-index', '--now', '2026-03-02T00:00:00Z']);
      assert.equal(written.code, 0, written.stderr);
      assertNoRaw(fs.readFileSync(out, 'utf8'), `retro --out ${name}`);
    }
    assert.equal(bug.title, EVIL);
  });

  it('the write verbs: a new bug titled with escapes, its --json, a hypothesis and a snippet from standard input', async function () {
    if (process.platform === 'win32') this.skip();
    const { cwd } = workspace();
    const created = await run(cwd, ['new', ARGV_EVIL, '--json', '--no-index']);
    assert.equal(created.code, 0, created.stderr);
    const { id, title } = JSON.parse(created.stdout) as Bug;
    assert.equal(title, ARGV_EVIL);
    const hypothesis = await run(cwd, ['hypothesis', id, ARGV_EVIL, '--no-index']);
    assert.equal(hypothesis.code, 0, hypothesis.stderr);
    const snippet = await run(cwd, ['snippet', id, '--source', 'terminal', '--json', '--no-index'], `${EVIL}\n`);
    assert.equal(snippet.code, 0, snippet.stderr);
    assert.ok(JSON.stringify(JSON.parse(snippet.stdout)).includes(JSON.stringify(EVIL).slice(1, -1)));
    // A refusal quoting the bad input is one escaped line too.
    const refused = await run(cwd, ['verdict', `x\u001b[2J\n${id}`, 'h-1', 'confirmed', '--no-index']);
    assert.notEqual(refused.code, 0);
    assert.equal(refused.stderr.trimEnd().split('\n').length, 1, refused.stderr);
  });

  it('the escapes: visible in text, kept apart on one line, JSON that reads back the same value', () => {
    assert.equal(escapeForTerminal('a\u001b[31mb\u0007\r\u009b\u202e\tc\n'), 'a\\x1B[31mb\\x07\\r\\x9B\\u202E\tc\n');
    assert.equal(escapeLine('a\nb\tc\u0085'), 'a\\nb\\tc\\x85');
    const json = jsonForTerminal({ text: EVIL });
    assertNoRaw(json, 'jsonForTerminal');
    assert.equal((JSON.parse(json) as { text: string }).text, EVIL);
  });
});
