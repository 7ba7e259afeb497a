/**
 * Honest time for agents (issue 18): an agent's tool calls on a bug are its work on the bug, under
 * the idle rule, written as sessions with `by` (the MCP client's name). The rules on their own
 * (AgentSessions), then the real server: in this process with the SDK's client and a clock the
 * test sets (the README's example session, checked against the README's text), and as a child
 * process on the real clock (a session is written when the client closes, or on SIGTERM).
 */
import { strict as assert } from 'node:assert';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { stringifyBug } from '../../src/core/format/format';
import type { Bug, BugId, Timestamp } from '../../src/core/model/types';
import { agentName, AgentSessions } from '../../src/mcp/agentSessions';
import { createMcpServer } from '../../src/mcp/server';
import { runCli } from '../../src/cli/main';
import { builtCliScript, captureIo, foldedBugOnDisk, REPO_ROOT, snapshotFiles, useTempDirs } from './helpers';

const A = 'bugAAAA1' as BugId;
const B = 'bugBBBB1' as BugId;
const t = (clock: string): Timestamp => `2026-03-02T${clock}:00Z` as Timestamp;

function openBug(id: BugId, level: 1 | 2 | 3 = 1, status: Bug['status'] = 'open'): Bug {
  return {
    schema: 'bug-levels/v1',
    id,
    title: id,
    status,
    level,
    created: t('09:00'),
    tags: [],
    levels: [],
    sessions: [],
    hypotheses: [],
    snippets: [],
    links: [],
    timeline: [],
  };
}

describe("an agent's sessions: the rules (AgentSessions, 10-minute idle limit)", () => {
  const sessions = (): AgentSessions => new AgentSessions(() => 'claude-code', 600);

  it('calls on one bug within the idle limit of each other are one session, from the first call to the last', () => {
    const s = sessions();
    for (const at of ['10:00', '10:09', '10:18', '10:25']) {
      assert.equal(s.before(A, t(at)), undefined);
      assert.equal(s.after(openBug(A), t(at)), undefined);
    }
    assert.deepEqual(s.end(), { bugId: A, session: { level: 1, start: t('10:00'), end: t('10:25'), by: 'claude-code' } });
  });

  it('a pause over the idle limit ends the session at its last call; the pause is not counted', () => {
    const s = sessions();
    s.after(openBug(A), t('10:00'));
    s.after(openBug(A), t('10:05'));
    assert.deepEqual(s.before(A, t('10:16')), { bugId: A, session: { level: 1, start: t('10:00'), end: t('10:05'), by: 'claude-code' } });
    s.after(openBug(A), t('10:16'));
    assert.equal(s.current?.start, t('10:16'));
  });

  it('a call on another bug ends the session at the last call on the first; one call alone is no time', () => {
    const s = sessions();
    s.after(openBug(A), t('10:00'));
    s.after(openBug(A), t('10:04'));
    assert.deepEqual(s.before(B, t('10:06')), { bugId: A, session: { level: 1, start: t('10:00'), end: t('10:04'), by: 'claude-code' } });
    s.after(openBug(B), t('10:06'));
    assert.equal(s.before(A, t('10:07')), undefined, 'one call on B: no session to write');
  });

  it('a bug the agent makes (new_bug, known only after the call) moves it there: the session on the other bug ends at its last call', () => {
    const s = sessions();
    s.after(openBug(A), t('10:00'));
    s.after(openBug(A), t('10:03'));
    assert.equal(s.before(undefined, t('10:04')), undefined, 'new_bug names no bug before the call');
    assert.deepEqual(s.after(openBug(B), t('10:04')), { bugId: A, session: { level: 1, start: t('10:00'), end: t('10:03'), by: 'claude-code' } });
    assert.deepEqual(s.current, { bugId: B, level: 1, start: t('10:04'), lastCall: t('10:04') });
  });

  it('a level change, park or resolve ends the session at that call, written with the change; the new level starts a new one', () => {
    const s = sessions();
    s.after(openBug(A), t('10:00'));
    assert.deepEqual(s.endingWith(A, t('10:08')), { level: 1, start: t('10:00'), end: t('10:08'), by: 'claude-code' });
    assert.equal(s.after(openBug(A, 2), t('10:08'), true), undefined);
    assert.deepEqual(s.current, { bugId: A, level: 2, start: t('10:08'), lastCall: t('10:08') });
    s.endingWith(A, t('10:30'));
    s.after(openBug(A, 2, 'resolved'), t('10:30'), true);
    assert.equal(s.current, undefined, 'a resolved bug has no session running');
    assert.equal(s.end(), undefined);
  });

  it('a refused level change leaves the session running; a bug moved by someone else ends it at the call', () => {
    const s = sessions();
    s.after(openBug(A), t('10:00'));
    s.endingWith(A, t('10:03'));
    s.after(openBug(A), t('10:03'));
    assert.deepEqual(s.current, { bugId: A, level: 1, start: t('10:00'), lastCall: t('10:03') });
    assert.deepEqual(s.after(openBug(A, 2), t('10:06')), { bugId: A, session: { level: 1, start: t('10:00'), end: t('10:06'), by: 'claude-code' } });
    assert.equal(s.current?.level, 2);
  });

  it('calls on a parked or resolved bug start no session', () => {
    const s = sessions();
    s.after(openBug(A, 1, 'parked'), t('10:00'));
    s.after(openBug(B, 1, 'resolved'), t('10:01'));
    assert.equal(s.current, undefined);
  });

  it("the agent's name is the client's, without control characters, at most 100 characters; 'agent' without one", () => {
    assert.equal(agentName('claude-code'), 'claude-code');
    assert.equal(agentName(' Visual Studio\u001b[31m Code\n'), 'Visual Studio [31m Code');
    assert.equal(agentName(''), 'agent');
    assert.equal(agentName(undefined), 'agent');
    assert.equal(agentName('x'.repeat(300)).length, 100);
  });

  it("a name of only invisible characters is 'agent'; a cut never halves a character; an emoji's joiner stays", () => {
    assert.equal(agentName('\u200b'), 'agent');
    assert.equal(agentName('\u202e\u2066\ufeff\u00ad'), 'agent');
    assert.equal(agentName('\ud800'), 'agent');
    assert.equal(agentName('co\u200bpilot'), 'co pilot');
    assert.equal(agentName(`${'x'.repeat(99)}\u{1f916}tail`), `${'x'.repeat(99)}\u{1f916}`);
    assert.equal(agentName('\u{1f469}\u200d\u{1f4bb} bot'), '\u{1f469}\u200d\u{1f4bb} bot');
  });
});

/** The README's example: a person's earlier work, then an agent's session, in a fresh journal. */
const CSV_BUG = [
  'schema: bug-levels/v1',
  'id: csvLastRow1',
  'title: CSV export drops the last row',
  'status: open',
  'level: 1',
  'created: 2026-03-02T09:00:00Z',
  'levels:',
  '  - { level: 1, at: 2026-03-02T09:00:00Z }',
  'sessions:',
  '  - { level: 1, start: 2026-03-02T09:00:00Z, end: 2026-03-02T09:20:00Z }',
  '',
].join('\n');
const CSV = 'csvLastRow1';

/** The fenced block after `<!-- marker -->` in README.md: chunks separated by a `[…]` line. */
function readmeChunks(marker: string): string[] {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf(`<!-- ${marker} -->`);
  assert.ok(at >= 0, `README.md has no <!-- ${marker} -->`);
  const block = /```[a-z]*\n([\s\S]*?)\n```/.exec(readme.slice(at));
  assert.ok(block?.[1], `a fenced block after <!-- ${marker} -->`);
  return block[1].split('\n[…]\n');
}

describe("an agent's session through the real MCP server (SDK client, in this process, the test's clock)", function () {
  this.timeout(60_000);
  const tempDir = useTempDirs();

  async function run(name: string, cwd: string, clock: { now: Timestamp }, idleSeconds = 600) {
    const io = captureIo(cwd);
    const handle = createMcpServer({ dir: path.join(cwd, '.bug-levels'), io, clock: () => clock.now, idleSeconds });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await handle.server.connect(serverSide);
    const client = new Client({ name, version: '1.0.0' });
    await client.connect(clientSide);
    const call = async (at: string, tool: string, args: Record<string, unknown> = {}): Promise<string> => {
      clock.now = t(at);
      const result = (await client.callTool({ name: tool, arguments: args })) as CallToolResult;
      const first = result.content[0];
      const text = first?.type === 'text' ? first.text : '';
      assert.equal(result.isError === true, false, `${tool}: ${text}`);
      return text;
    };
    return { client, call, handle, io };
  }

  /** The bug as it is on disk: its file folded with its addition files (issue 17). */
  function bugIn(cwd: string): Bug {
    return foldedBugOnDisk(path.join(cwd, '.bug-levels'), CSV);
  }

  it("the README's example: hypotheses, evidence and verdicts, the agent's sessions with by, its time apart in the retro", async () => {
    const cwd = tempDir();
    fs.mkdirSync(path.join(cwd, '.bug-levels'));
    fs.writeFileSync(path.join(cwd, '.bug-levels', `csv-export-drops-the-last-row-${CSV}.yaml`), CSV_BUG);
    // The export the agent looked at, cut mid-row: the snippet's lines are still there, so the
    // retro links to them (an anchor that no longer resolves would say "outdated").
    const rows = Array.from({ length: 997 }, (_, i) => `${i + 1},2026-03-01,Berlin,17`);
    fs.mkdirSync(path.join(cwd, 'out'));
    fs.writeFileSync(path.join(cwd, 'out', 'export.csv'), [...rows, '998,2026-03-01,Berlin,17', '999,2026-03-01,Ham'].join('\n'));
    const clock = { now: t('10:00') };
    const { client, call, handle } = await run('claude-code', cwd, clock);
    await call('10:00', 'get_bug', { bugId: CSV });
    const h1 = /^Added hypothesis (h-\S+)\./.exec(
      await call('10:02', 'add_hypothesis', {
        bugId: CSV,
        text: 'The writer is closed before its last buffer is flushed',
        prediction: 'The file ends mid-row, with no line break',
      }),
    )?.[1];
    const s1 = /^Attached snippet (s-\S+) /.exec(
      await call('10:05', 'attach_snippet', {
        bugId: CSV,
        text: '998,2026-03-01,Berlin,17\n999,2026-03-01,Ham',
        file: 'out/export.csv',
        lines: '998-999',
        source: 'file',
      }),
    )?.[1];
    assert.ok(h1 && s1);
    await call('10:06', 'set_verdict', { bugId: CSV, hypothesisId: h1, verdict: 'confirmed', note: 'the last row stops after 3 characters', evidence: [s1] });
    await call('10:08', 'change_level', { bugId: CSV, level: 2, reason: 'export() closes the stream without awaiting flush()' });
    const h2 = /^Added assumption (h-\S+)\./.exec(
      await call('10:15', 'add_hypothesis', { bugId: CSV, text: "The stream's finish event means every row was written", kind: 'assumption' }),
    )?.[1];
    assert.ok(h2);
    await call('10:25', 'set_verdict', { bugId: CSV, hypothesisId: h2, verdict: 'refuted', note: 'finish fires before the last chunk is written' });
    const details = await call('10:30', 'get_bug', { bugId: CSV });
    await call('10:40', 'resolve_bug', { bugId: CSV, layer: 'ours', summary: 'await writer.flush() before close()' });
    await client.close();
    await handle.shutdown();

    // The person's session, then the agent's two: level 1 until the promotion, level 2 until the fix.
    assert.deepEqual(bugIn(cwd).sessions, [
      { level: 1, start: t('09:00'), end: t('09:20') },
      { level: 1, start: t('10:00'), end: t('10:08'), by: 'claude-code' },
      { level: 2, start: t('10:08'), end: t('10:40'), by: 'claude-code' },
    ]);
    // The bug as its header and addition files fold into it (issue 17), in the file format.
    const foldedText = stringifyBug(bugIn(cwd));
    for (const chunk of readmeChunks('agent-session-file'))
      assert.ok(foldedText.includes(chunk), `the folded bug holds what README.md quotes:\n${chunk}\n---\n${foldedText}`);
    const io = captureIo(cwd);
    assert.equal(await runCli(['retro', '.bug-levels', '--now', '2026-03-02T11:00:00Z', '--no-index'], io), 0, io.stderr);
    // Ids are random: the README shows them in the order they were made.
    const ids = (text: string): string => text.replaceAll(h1, 'h-1').replaceAll(h2, 'h-2').replaceAll(s1, 's-1');
    const retro = ids(io.stdout);
    const shown = ids(details);
    console.log(`      get_bug at 10:30:\n${shown}\n      retro:\n${retro}`);
    for (const chunk of readmeChunks('agent-session-get-bug')) assert.ok(shown.includes(chunk), `get_bug says what README.md quotes:\n${chunk}\n---\n${shown}`);
    for (const chunk of readmeChunks('agent-session-retro')) assert.ok(retro.includes(chunk), `the retro says what README.md quotes:\n${chunk}\n---\n${retro}`);
  });

  it("the agent's own running time counts toward the timebox: the result carries the nudge when it is over", async () => {
    const cwd = tempDir();
    fs.mkdirSync(path.join(cwd, '.bug-levels'));
    fs.writeFileSync(path.join(cwd, '.bug-levels', `csv-export-drops-the-last-row-${CSV}.yaml`), CSV_BUG);
    const { client, call, handle } = await run('claude-code', cwd, { now: t('10:00') });
    await call('10:00', 'get_bug', { bugId: CSV });
    assert.match(await call('10:09', 'log_attempt', { bugId: CSV, text: 'reran the export' }), /29 min at level 1, 1 min left of its 30-min timebox\.$/);
    const over = await call('10:12', 'log_attempt', { bugId: CSV, text: 'reran it again' });
    assert.ok(
      over.endsWith(
        "32 min at level 1: its 30-min timebox is over (2 min past).\nTimebox over: 'CSV export drops the last row' has had 32 min at level 1. No other open bug is waiting.",
      ),
      over,
    );
    await client.close();
    await handle.shutdown();
  });

  it('the idle limit passing with no call writes the session then, not at the next call', async () => {
    const cwd = tempDir();
    fs.mkdirSync(path.join(cwd, '.bug-levels'));
    fs.writeFileSync(path.join(cwd, '.bug-levels', `csv-export-drops-the-last-row-${CSV}.yaml`), CSV_BUG);
    const clock = { now: t('10:00') };
    // A 1-second idle limit: the server's timer fires a second after the last call, on the real clock.
    const { client, call, handle } = await run('copilot', cwd, clock, 1);
    await call('10:00', 'log_attempt', { bugId: CSV, text: 'reran the export' });
    // One second later (within the limit: over it is more than a second).
    clock.now = '2026-03-02T10:00:01Z' as Timestamp;
    const second = (await client.callTool({ name: 'get_bug', arguments: { bugId: CSV } })) as CallToolResult;
    assert.notEqual(second.isError, true);
    assert.equal(bugIn(cwd).sessions.length, 1, 'not written yet');
    // Now the clock says the limit passed since the last call: the timer writes 10:00:00-10:00:01.
    clock.now = t('10:30');
    const deadline = Date.now() + 20_000;
    while (bugIn(cwd).sessions.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    assert.deepEqual(bugIn(cwd).sessions.at(-1), { level: 1, start: t('10:00'), end: '2026-03-02T10:00:01Z', by: 'copilot' });
    await client.close();
    await handle.shutdown();
    assert.equal(bugIn(cwd).sessions.length, 2, 'nothing more to write at the end');
  });

  it('a refused call writes nothing, even with a session running', async () => {
    const cwd = tempDir();
    fs.mkdirSync(path.join(cwd, '.bug-levels'));
    fs.writeFileSync(path.join(cwd, '.bug-levels', `csv-export-drops-the-last-row-${CSV}.yaml`), CSV_BUG);
    const clock = { now: t('10:00') };
    const { client, call, handle } = await run('claude-code', cwd, clock);
    await call('10:00', 'get_bug', { bugId: CSV });
    const before = snapshotFiles(cwd);
    clock.now = t('10:05');
    const refused = (await client.callTool({ name: 'change_level', arguments: { bugId: CSV, level: 9, reason: 'x' } })) as CallToolResult;
    assert.equal(refused.isError, true);
    assert.deepEqual(snapshotFiles(cwd), before);
    await client.close();
    await handle.shutdown();
    // The refused call still counted as work: 10:00 to 10:05.
    assert.deepEqual(bugIn(cwd).sessions.at(-1), { level: 1, start: t('10:00'), end: t('10:05'), by: 'claude-code' });
  });
});

describe("an agent's session through the real MCP server as a child process (the real clock)", function () {
  this.timeout(60_000);
  const tempDir = useTempDirs();
  const cli = builtCliScript();

  function workspace(): string {
    const cwd = tempDir();
    fs.mkdirSync(path.join(cwd, '.bug-levels'));
    fs.writeFileSync(path.join(cwd, '.bug-levels', `csv-export-drops-the-last-row-${CSV}.yaml`), CSV_BUG);
    return cwd;
  }

  /** The agents' sessions of the bug on disk (its file folded with its additions). */
  function agentSessions(cwd: string): Bug['sessions'] {
    return foldedBugOnDisk(path.join(cwd, '.bug-levels'), CSV).sessions.filter((session) => session.by !== undefined);
  }

  /** Two calls on the bug more than a second apart (sessions are whole seconds). */
  async function twoCalls(client: Client): Promise<void> {
    await client.callTool({ name: 'get_bug', arguments: { bugId: CSV } });
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    await client.callTool({ name: 'log_attempt', arguments: { bugId: CSV, text: 'reran it' } });
  }

  it('the client closing the connection (standard input ends): the session is written before the server exits', async () => {
    const cwd = workspace();
    const transport = new StdioClientTransport({ command: process.execPath, args: [cli.script, 'mcp'], cwd, stderr: 'pipe' });
    const client = new Client({ name: 'claude-code', version: '1.0.0' });
    await client.connect(transport);
    await twoCalls(client);
    assert.deepEqual(agentSessions(cwd), [], 'nothing written while it runs');
    await client.close();
    const [session] = agentSessions(cwd);
    assert.ok(session, `a session by claude-code (${cli.name})`);
    assert.equal(session.by, 'claude-code');
    assert.ok(Date.parse(session.end ?? '') > Date.parse(session.start), JSON.stringify(session));
  });

  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
    it(`${signal}: the session is written, then the server exits`, async () => {
      const cwd = workspace();
      const child = spawn(process.execPath, [cli.script, 'mcp'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
      let out = '';
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
      const send = (message: object): void => void child.stdin.write(`${JSON.stringify(message)}\n`);
      const answered = async (id: number): Promise<void> => {
        const deadline = Date.now() + 20_000;
        while (!out.includes(`"id":${id}`) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      };
      send({
        jsonrpc: '2.0',
        id: 1,
        method: 'initialize',
        params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'cursor', version: '1' } },
      });
      await answered(1);
      send({ jsonrpc: '2.0', method: 'notifications/initialized' });
      send({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'get_bug', arguments: { bugId: CSV } } });
      await answered(2);
      await new Promise((resolve) => setTimeout(resolve, 1_200));
      send({ jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'get_bug', arguments: { bugId: CSV } } });
      await answered(3);
      child.kill(signal);
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      assert.equal(code, 0);
      const [session] = agentSessions(cwd);
      assert.equal(session?.by, 'cursor');
      assert.ok(Date.parse(session?.end ?? '') > Date.parse(session?.start ?? ''), JSON.stringify(session));
    });
  }

  it('a client that stops reading (closes its end of the output) and then standard input: no EPIPE crash, the session is written', async () => {
    const cwd = workspace();
    const child = spawn(process.execPath, [cli.script, 'mcp'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    // It may exit as soon as its output fails (a closed connection), before standard input ends.
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (out += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (err += chunk));
    const send = (message: object): void => void child.stdin.write(`${JSON.stringify(message)}\n`);
    const answered = async (id: number): Promise<void> => {
      const deadline = Date.now() + 20_000;
      while (!out.includes(`"id":${id}`) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    };
    const call = (id: number, text: string): void =>
      send({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'log_attempt', arguments: { bugId: CSV, text } } });
    send({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'cursor', version: '1' } },
    });
    await answered(1);
    call(2, 'first');
    await answered(2);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    call(3, 'second');
    await answered(3);
    child.stdout.destroy();
    // Its answer has nowhere to go: the write fails with EPIPE.
    call(4, 'unanswered');
    await new Promise((resolve) => setTimeout(resolve, 500));
    child.stdin.end();
    const code = await exited;
    assert.doesNotMatch(err, /EPIPE|Unhandled/);
    assert.equal(code, 0, err);
    const [session] = agentSessions(cwd);
    assert.equal(session?.by, 'cursor');
    assert.ok(Date.parse(session?.end ?? '') > Date.parse(session?.start ?? ''), JSON.stringify(session));
  });
});
