/**
 * `bug-levels mcp` (issue 18): the SDK's own client (Client + StdioClientTransport) against the
 * real server, the built CLI run as a child process, on a copy of the demo journal in a temp
 * folder. Every tool, its result text, each refusal (every file byte-identical), the nudges; and
 * that the tools are the operations of the table they adapt, with schemas derived from it.
 */
import { strict as assert } from 'node:assert';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import { hostname } from 'node:os';
import * as path from 'node:path';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { OPERATIONS, type OperationName } from '../../src/core/model/operations';
import type { Bug } from '../../src/core/model/types';
import { inputSchemaOf, schemaOfType, toolInputs, TOOLS } from '../../src/mcp/tools';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { createMcpServer, MAX_LISTED } from '../../src/mcp/server';
import { builtCliScript, captureIo, copyDemoJournal, foldedBugOnDisk, REPO_ROOT, snapshotFiles, useTempDirs, DEMO } from './helpers';

const NOW = '2026-03-01T00:00:00Z';
const { l2: L2, l1: L1, parked: PARKED, l3: L3, l2File: L2_FILE } = DEMO;
const L2_TITLE = '502 on first interview after installing FormFyxer';
const L1_TITLE = 'First interview hangs ~30 s while the spaCy model downloads';

/** The tools, named exactly as issue 18 lists them. */
const ISSUE_TOOLS = [
  'list_bugs',
  'get_bug',
  'next_bug',
  'new_bug',
  'add_hypothesis',
  'set_verdict',
  'attach_snippet',
  'log_attempt',
  'change_level',
  'set_timebox',
  'park_bug',
  'reopen_bug',
  'resolve_bug',
  'add_link',
];

describe('the tools of bug-levels mcp are the operation table (no process)', () => {
  it('are the tools the issue names, read-only ones exactly list_bugs, get_bug and next_bug', () => {
    assert.deepEqual(TOOLS.map((tool) => tool.name).sort(), [...ISSUE_TOOLS].sort());
    assert.deepEqual(
      TOOLS.filter((tool) => tool.kind === 'read').map((tool) => tool.name),
      ['list_bugs', 'get_bug', 'next_bug'],
    );
  });

  it("every write tool's operation exists, and its schema is bugId plus the operation's fields, derived", () => {
    for (const tool of TOOLS) {
      if (tool.kind !== 'write') continue;
      const operation = OPERATIONS[tool.operation as OperationName];
      assert.ok(operation, `${tool.name}: no operation ${tool.operation}`);
      assert.ok(operation.cliVerb, `${tool.name}: ${tool.operation} has no write path`);
      if (tool.back) assert.ok(OPERATIONS[tool.back], `${tool.name}: no operation ${tool.back}`);
      const schema = inputSchemaOf(tool);
      const fields = Object.keys(operation.fields).filter((field) => !(tool.hidden ?? []).includes(field));
      const expected = [
        ...(operation.kind === 'edit' ? ['bugId'] : []),
        ...fields.map((field) => Object.entries(tool.renames ?? {}).find(([, f]) => f === field)?.[0] ?? field),
      ];
      assert.deepEqual(Object.keys(schema.properties ?? {}), expected, tool.name);
      for (const { input, spec } of toolInputs(tool)) {
        assert.deepEqual(schema.properties?.[input], { ...schemaOfType(spec.type), description: spec.describe }, `${tool.name}.${input}`);
        if (spec.required) assert.ok(schema.required?.includes(input), `${tool.name}.${input} is required by the operation`);
      }
      assert.equal(schema.additionalProperties, false);
      for (const name of [...Object.keys(tool.renames ?? {}), ...(tool.required ?? [])])
        assert.ok(schema.properties?.[name], `${tool.name}: ${name} is no input`);
    }
  });

  it('the inputs the issue lists, in camelCase', () => {
    const inputs = (name: string): string[] => Object.keys(inputSchemaOf(TOOLS.find((tool) => tool.name === name) as (typeof TOOLS)[number]).properties ?? {});
    const has = (name: string, expected: string[]): void => {
      for (const input of expected) assert.ok(inputs(name).includes(input), `${name} takes ${input} (it takes ${inputs(name).join(', ')})`);
    };
    has('get_bug', ['bugId']);
    has('new_bug', ['title', 'tags']);
    has('add_hypothesis', ['bugId', 'text', 'prediction', 'kind']);
    has('set_verdict', ['bugId', 'hypothesisId', 'verdict', 'note', 'evidence']);
    has('attach_snippet', ['bugId', 'text', 'file', 'lines', 'source']);
    has('log_attempt', ['bugId', 'text']);
    has('change_level', ['bugId', 'level', 'reason']);
    has('set_timebox', ['bugId', 'minutes', 'level']);
    has('park_bug', ['bugId', 'reason']);
    has('reopen_bug', ['bugId']);
    has('resolve_bug', ['bugId', 'layer', 'summary']);
    has('add_link', ['bugId', 'url']);
    assert.deepEqual(inputs('list_bugs'), []);
    assert.deepEqual(inputs('next_bug'), []);
    assert.ok(!inputs('attach_snippet').includes('path'), 'the store sets path');
  });
});

describe("VS Code's side of issue 18 in the manifest", () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    contributes: { languageModelTools: Array<{ name: string; inputSchema: { required?: string[] } }>; mcpServerDefinitionProviders: Array<{ id: string }> };
  };

  it('contributes the MCP server definition provider the extension registers', () => {
    assert.deepEqual(
      manifest.contributes.mcpServerDefinitionProviders.map((provider) => provider.id),
      ['bugLevels.mcpServer'],
    );
    assert.match(fs.readFileSync(path.join(REPO_ROOT, 'src', 'host', 'mcpServerProvider.ts'), 'utf8'), /MCP_PROVIDER_ID = 'bugLevels\.mcpServer'/);
  });

  it('contributes exactly the language-model tools the extension registers, each taking bugId', () => {
    const source = fs.readFileSync(path.join(REPO_ROOT, 'src', 'host', 'languageModelTools.ts'), 'utf8');
    const registered = [...source.matchAll(/^ {2}(bugLevels_\w+): 'bugLevels\.\w+',$/gm)].map((match) => match[1]);
    assert.deepEqual(
      manifest.contributes.languageModelTools.map((tool) => tool.name),
      registered,
    );
    for (const tool of manifest.contributes.languageModelTools) assert.deepEqual(tool.inputSchema.required, ['bugId'], tool.name);
  });
});

describe('bug-levels mcp, with the SDK client against the real server', function () {
  this.timeout(60_000);
  const tempDir = useTempDirs();
  const cli = builtCliScript();
  const clients: Client[] = [];
  let holder: ChildProcess | undefined;

  afterEach(async () => {
    for (const client of clients.splice(0)) await client.close();
    holder?.kill();
    holder = undefined;
  });

  /** A folder holding a copy of the demo journal in `.bug-levels/`: the server's cwd. */
  function workspace(): string {
    const cwd = tempDir();
    copyDemoJournal(path.join(cwd, '.bug-levels'));
    return cwd;
  }

  async function connect(cwd: string, args: string[] = ['--now', NOW]): Promise<Client> {
    const transport = new StdioClientTransport({ command: process.execPath, args: [cli.script, 'mcp', ...args], cwd, stderr: 'pipe' });
    const client = new Client({ name: 'bug-levels-test', version: '1.0.0' });
    await client.connect(transport);
    clients.push(client);
    return client;
  }

  async function call(client: Client, name: string, args: Record<string, unknown> = {}): Promise<{ text: string; isError: boolean }> {
    const result = (await client.callTool({ name, arguments: args })) as CallToolResult;
    const first = result.content[0];
    assert.equal(first?.type, 'text');
    return { text: first.type === 'text' ? first.text : '', isError: result.isError === true };
  }

  async function ok(client: Client, name: string, args: Record<string, unknown> = {}): Promise<string> {
    const { text, isError } = await call(client, name, args);
    assert.equal(isError, false, `${name} failed: ${text}`);
    return text;
  }

  function bugIn(cwd: string, id: string): Bug {
    const dir = path.join(cwd, '.bug-levels');
    const file = fs.readdirSync(dir).find((name) => name.endsWith(`-${id}.yaml`));
    assert.ok(file, `no file for ${id}`);
    // Its header folded with its additions (issue 17), both parsed from disk.
    return foldedBugOnDisk(dir, id);
  }

  it(`lists the tools (${cli.name}), the read-only ones annotated, and the prompt`, async () => {
    const client = await connect(workspace());
    const { tools } = await client.listTools();
    assert.deepEqual(
      tools.map((tool) => tool.name),
      TOOLS.map((tool) => tool.name),
    );
    for (const tool of tools) {
      assert.equal(tool.annotations?.readOnlyHint, ['list_bugs', 'get_bug', 'next_bug'].includes(tool.name), tool.name);
      assert.deepEqual(tool.inputSchema, JSON.parse(JSON.stringify(inputSchemaOf(TOOLS.find((t) => t.name === tool.name) as (typeof TOOLS)[number]))));
    }
    const { prompts } = await client.listPrompts();
    assert.deepEqual(
      prompts.map((prompt) => prompt.name),
      ['debug_breadth_first'],
    );
    const prompt = await client.getPrompt({ name: 'debug_breadth_first' });
    const content = prompt.messages[0]?.content;
    assert.ok(content?.type === 'text');
    for (const word of ['add_hypothesis', 'prediction', 'attach_snippet', 'set_verdict', 'Timebox over', 'next_bug'])
      assert.ok(content.text.includes(word), word);
  });

  it('the read-only tools: list_bugs, get_bug, next_bug, with where each bug stands; nothing written', async () => {
    const cwd = workspace();
    const before = snapshotFiles(cwd);
    const client = await connect(cwd);
    const list = await ok(client, 'list_bugs');
    assert.match(list, /^4 bugs in \.bug-levels:\n/);
    assert.ok(list.includes(`- '${L1_TITLE}' (${L1}): open at level 1 (Random walk); 10 min at level 1, 20 min left of its 30-min timebox.`), list);
    assert.ok(list.includes(`- '${L2_TITLE}' (${L2}): open at level 2 (Understanding); 40 min at level 2, 5 min left of its 45-min timebox.`), list);
    assert.ok(list.includes(`(${PARKED}): parked at level 1 (Random walk); 8 min at level 1, of its 30-min timebox.`), list);
    assert.ok(list.includes(`Next (breadth-first): '${L1_TITLE}' (${L1}).`), list);

    const bug = await ok(client, 'get_bug', { bugId: L2 });
    assert.ok(bug.startsWith(`'${L2_TITLE}' (${L2}): open at level 2 (Understanding); 40 min at level 2, 5 min left of its 45-min timebox.\n`), bug);
    assert.match(bug, /- h-3kx \[assumption, refuted\] preload files load once/);
    assert.match(bug, /- h-9tz \[hypothesis, confirmed\] .*\(evidence: s-9qa\)/);
    assert.match(bug, /- s-9qa \[file logs\/uwsgi\.log:2-4 @ffced32, 2026-02-26T09:38:00Z\]/);
    assert.match(bug, /https:\/\/github\.com\/unbit\/uwsgi\/issues\/670/);

    const next = await ok(client, 'next_bug');
    assert.equal(
      next,
      `Next: '${L1_TITLE}' (${L1}): open at level 1 (Random walk); 10 min at level 1, 20 min left of its 30-min timebox.\n` +
        `Why: '${L1_TITLE}' is the only open bug still at level 1 (2 deeper); it has had 10 min at level 1, 20 min left of its 30-min timebox.`,
    );
    assert.deepEqual(snapshotFiles(cwd), before);
  });

  it(`list_bugs on a journal of many bugs lists ${MAX_LISTED}, open ones first, and says how many more; the pick is among them all`, async () => {
    const cwd = workspace();
    for (let i = 0; i < 150; i++) {
      const id = `many${String(i).padStart(4, '0')}`;
      const status = i < 140 ? 'open' : 'resolved';
      fs.writeFileSync(
        path.join(cwd, '.bug-levels', `b-${id}.yaml`),
        `schema: bug-levels/v1\nid: ${id}\ntitle: bug ${i}\nstatus: ${status}\nlevel: 2\ncreated: 2026-02-01T00:00:00Z\nlevels:\n  - { level: 2, at: 2026-02-01T00:00:00Z }\n`,
      );
    }
    const list = await ok(await connect(cwd), 'list_bugs');
    const lines = list.split('\n');
    assert.match(lines[0] ?? '', /^154 bugs in \.bug-levels:$/);
    assert.equal(lines.filter((line) => /^- '.*' \(\S+\): /.test(line)).length, MAX_LISTED);
    assert.ok(!lines.slice(1, MAX_LISTED + 1).some((line) => / resolved at level /.test(line)), 'open bugs first');
    assert.ok(list.includes(`- … and 54 more (`), list.slice(-400));
    assert.match(list, /\nNext \(breadth-first\): '.*' \(k3Jd9QpL2x\)\./);
  });

  it("the person's timebox defaults (--timebox-minutes, as VS Code passes its settings): the agent's standing and nudge follow them", async () => {
    const cwd = workspace();
    const client = await connect(cwd, ['--now', NOW, '--timebox-minutes', '8,60,120']);
    const bug = await ok(client, 'get_bug', { bugId: L1 });
    assert.ok(bug.startsWith(`'${L1_TITLE}' (${L1}): open at level 1 (Random walk); 10 min at level 1: its 8-min timebox is over (2 min past).\n`), bug);
    assert.match(bug, /\nTimebox over: '.*' has had 10 min at level 1\./);
    // A bug's own timebox still wins (L2 has 45 min at level 2).
    assert.match(await ok(client, 'get_bug', { bugId: L2 }), /5 min left of its 45-min timebox/);
  });

  for (const bad of ['8,60', '0,60,120', '8,60,x', '30,60,10001']) {
    it(`--timebox-minutes ${bad}: a usage error (exit 2), no server`, () => {
      const run = spawnSync(process.execPath, [cli.script, 'mcp', '--timebox-minutes', bad], { cwd: workspace(), encoding: 'utf8', input: '' });
      assert.equal(run.status, 2, run.stderr);
      assert.match(run.stderr, /--timebox-minutes needs three whole minutes from 1 to 10000/);
    });
  }

  it('every write tool changes the file as the operation does, and says where the bug stands', async () => {
    const cwd = workspace();
    const client = await connect(cwd);

    const created = await ok(client, 'new_bug', { title: 'Login fails on Safari', tags: ['web'] });
    const id = /^Created bug (\S+)\.\n/.exec(created)?.[1];
    assert.ok(id, created);
    assert.ok(
      created.includes(`'Login fails on Safari' (${id}): open at level 1 (Random walk); 0 min at level 1, 30 min left of its 30-min timebox.`),
      created,
    );
    assert.deepEqual(bugIn(cwd, id).tags, ['web']);

    const hypothesis = await ok(client, 'add_hypothesis', { bugId: id, text: 'Safari drops the cookie', prediction: 'no Cookie header on the second request' });
    const hid = /^Added hypothesis (h-\S+)\. Run the experiment/.exec(hypothesis)?.[1];
    assert.ok(hid, hypothesis);
    const assumption = await ok(client, 'add_hypothesis', { bugId: id, text: 'the proxy keeps headers', kind: 'assumption' });
    assert.match(assumption, /^Added assumption h-/);

    const snippet = await ok(client, 'attach_snippet', {
      bugId: id,
      text: 'GET /login 302\nGET /home 401\n',
      file: 'logs/access.log',
      lines: '10-11',
      source: 'file',
    });
    const sid = /^Attached snippet (s-\S+) /.exec(snippet)?.[1];
    assert.ok(sid, snippet);
    assert.match(
      await ok(client, 'set_verdict', { bugId: id, hypothesisId: hid, verdict: 'confirmed', note: 'no Cookie header', evidence: [sid] }),
      new RegExp(`^${hid} of 'Login fails on Safari' is confirmed\\.\\n`),
    );
    assert.match(await ok(client, 'log_attempt', { bugId: id, text: 'cleared the cache' }), /^Attempt logged for 'Login fails on Safari' \(1 so far\)\.\n/);
    assert.match(
      await ok(client, 'add_link', { bugId: id, url: 'https://bugs.webkit.org/show_bug.cgi?id=1' }),
      /^Link added to 'Login fails on Safari' \(1 in all\)\.\n/,
    );
    assert.match(await ok(client, 'set_timebox', { bugId: id, minutes: 45, level: 2 }), /^'Login fails on Safari' has a timebox of 45 min at level 2\.\n/);
    assert.match(
      await ok(client, 'change_level', { bugId: id, level: 2, reason: 'SameSite=None without Secure' }),
      /^'Login fails on Safari' is at level 2 now\.\n.*open at level 2 \(Understanding\); 0 min at level 2, 45 min left of its 45-min timebox\./,
    );
    assert.match(
      // A level as its digit, as some clients send it.
      await ok(client, 'change_level', { bugId: id, level: '1', reason: 'the header is there after all' }),
      /^'Login fails on Safari' is back at level 1\.\n/,
    );
    assert.match(await ok(client, 'park_bug', { bugId: id, reason: 'waiting for QA' }), /^'Login fails on Safari' is parked\.\n.*parked at level 1/);
    assert.match(await ok(client, 'reopen_bug', { bugId: id }), /^'Login fails on Safari' is open again, at level 1\.\n/);
    assert.match(
      await ok(client, 'resolve_bug', { bugId: id, layer: 'ours', summary: 'Secure on the session cookie' }),
      /^'Login fails on Safari' is resolved \(ours\)\.\n.*resolved at level 1/,
    );

    const bug = bugIn(cwd, id);
    assert.equal(bug.status, 'resolved');
    assert.deepEqual(
      bug.hypotheses.map((h) => [h.kind, h.status, h.text, h.prediction, h.evidence]),
      [
        ['hypothesis', 'confirmed', 'Safari drops the cookie', 'no Cookie header on the second request', [sid]],
        ['assumption', 'open', 'the proxy keeps headers', undefined, undefined],
      ],
    );
    assert.deepEqual(
      bug.snippets.map((s) => [s.id, s.source, s.file, s.lines, s.text]),
      [[sid, 'file', 'logs/access.log', '10-11', 'GET /login 302\nGET /home 401\n']],
    );
    assert.deepEqual(bug.links, ['https://bugs.webkit.org/show_bug.cgi?id=1']);
    assert.deepEqual(
      bug.levels.map((change) => [change.level, change.reason]),
      [
        [1, undefined],
        [2, 'SameSite=None without Secure'],
        [1, 'the header is there after all'],
      ],
    );
    assert.deepEqual(bug.timeboxes, [{ level: 2, minutes: 45 }]);
    assert.deepEqual(bug.resolution, { layer: 'ours', summary: 'Secure on the session cookie' });
    assert.ok(bug.timeline.some((event) => event.kind === 'attempt' && event.text === 'cleared the cache'));
  });

  it('a timebox over: the result carries the nudge, with the next bug from the scheduler', async () => {
    const cwd = workspace();
    const client = await connect(cwd);
    const text = await ok(client, 'set_timebox', { bugId: L2, minutes: 30 });
    assert.equal(
      text,
      `'${L2_TITLE}' has a timebox of 30 min at level 2.\n` +
        `'${L2_TITLE}' (${L2}): open at level 2 (Understanding); 40 min at level 2: its 30-min timebox is over (10 min past).\n` +
        `Timebox over: '${L2_TITLE}' has had 40 min at level 2. Next: '${L1_TITLE}' (still at level 1, ${L1}). Switch to it (next_bug), or give this bug more time with set_timebox and a reason.`,
    );
    // Any result about the bug says so while it lasts.
    assert.match(
      await ok(client, 'get_bug', { bugId: L2 }),
      /\nTimebox over: '502 on first interview after installing FormFyxer' has had 40 min at level 2\. Next: 'First interview/,
    );
    assert.match(await ok(client, 'log_attempt', { bugId: L2, text: 'one more restart' }), /\nTimebox over: /);
    // Every open bug past its box: the nudge says so.
    await ok(client, 'set_timebox', { bugId: L1, minutes: 5 });
    const all = await ok(client, 'set_timebox', { bugId: L3, minutes: 10 });
    assert.match(
      all,
      /Timebox over: 'Server image pins uwsgi below 2\.0\.20 \(sys\.executable fix\)' has had 50 min at level 3, and every other open bug is past its timebox too\. Park one/,
    );
  });

  it('a promotion to level 3 while a bug is still at level 1: the breadth-first nudge', async () => {
    const client = await connect(workspace());
    const text = await ok(client, 'change_level', { bugId: L2, level: 3, reason: 'the fix belongs in uwsgi' });
    assert.ok(
      text.endsWith(
        `\n'${L1_TITLE}' (${L1}) has not reached level 2 yet while '${L2_TITLE}' goes to level 3. Breadth-first: bring every bug to level 2 before drilling one to level 3.`,
      ),
      text,
    );
  });

  describe('refusals: a tool error with a clear message, every file byte-identical', () => {
    const refusals: Array<[string, string, Record<string, unknown>, RegExp]> = [
      [
        'an unknown bug',
        'log_attempt',
        { bugId: 'nosuchbug1', text: 'x' },
        /^no bug with id 'nosuchbug1' in \.bug-levels \(list_bugs shows every bug's id\)\. Nothing was changed\.$/,
      ],
      ['a malformed bug id', 'get_bug', { bugId: '../x' }, /^get_bug: '\.\.\/x' is not a bug id/],
      ['a missing bug id', 'park_bug', {}, /^park_bug: bugId is required\.$/],
      [
        'minutes that are no number',
        'set_timebox',
        { bugId: L2, minutes: 'abc' },
        /^set_timebox: minutes must be a whole number from 1 to 10000\. Nothing was changed\.$/,
      ],
      [
        'a level out of range, in the tool input name',
        'change_level',
        { bugId: L2, level: 7, reason: 'x' },
        /^change_level: level must be 1, 2 or 3\. Nothing was changed\.$/,
      ],
      ['change_level without a reason', 'change_level', { bugId: L2, level: 3 }, /^change_level: reason is required\.$/],
      [
        'two levels back at once',
        'change_level',
        { bugId: L3, level: 1, reason: 'x' },
        /^change_level: '.*' is at level 3; it goes back one level at a time \(level 2 first\)\.$/,
      ],
      [
        'promoting to the level it is at',
        'change_level',
        { bugId: L2, level: 2, reason: 'x' },
        /502-on-first-interview-V1StGXR8Zq\.yaml: .*level 2.*Nothing was changed\.$/,
      ],
      ['a non-http link', 'add_link', { bugId: L2, url: 'javascript:alert(1)' }, /^add_link: url must be an http or https URL\. Nothing was changed\.$/],
      [
        'an input the tool does not take',
        'attach_snippet',
        { bugId: L2, text: 'x', path: '../../etc/passwd' },
        /^attach_snippet: path is not an input of this tool \(it takes bugId, text, source, file, lines, commit, command, exitCode, contextBefore, contextAfter\)\.$/,
      ],
      ['an empty snippet', 'attach_snippet', { bugId: L2, text: '  ' }, /^attach_snippet: text is required\.$/],
      [
        'a verdict on an unknown hypothesis',
        'set_verdict',
        { bugId: L2, hypothesisId: 'h-none', verdict: 'refuted' },
        /502-on-first-interview-V1StGXR8Zq\.yaml: .*h-none.*Nothing was changed\.$/,
      ],
      [
        'a bad verdict',
        'set_verdict',
        { bugId: L2, hypothesisId: 'h-3kx', verdict: 'maybe' },
        /^set_verdict: verdict must be one of confirmed, refuted\. Nothing was changed\.$/,
      ],
      [
        'a bad fix layer',
        'resolve_bug',
        { bugId: L2, layer: 'magic', summary: 'x' },
        /^resolve_bug: layer must be one of ours, upstream, workaround\. Nothing was changed\.$/,
      ],
      ['reopening an open bug', 'reopen_bug', { bugId: L2 }, /502-on-first-interview-V1StGXR8Zq\.yaml: .*Nothing was changed\.$/],
      ['a title too long', 'new_bug', { title: 'x'.repeat(301) }, /^new_bug: title is longer than 300 characters\. Nothing was changed\.$/],
      ['an unknown tool', 'drop_table', {}, /^Unknown tool 'drop_table'\. The tools are list_bugs, /],
      ['an input list_bugs does not take', 'list_bugs', { status: 'open' }, /^list_bugs: status is not an input of this tool\.$/],
      ['an input next_bug does not take', 'next_bug', { bugId: L2 }, /^next_bug: bugId is not an input of this tool\.$/],
      [
        'a hypothesis of an unknown kind',
        'add_hypothesis',
        { bugId: L2, text: 'x', kind: 'hunch' },
        /^add_hypothesis: kind must be one of hypothesis, assumption\. Nothing was changed\.$/,
      ],
      [
        'a hypothesis believed since a future date',
        'add_hypothesis',
        { bugId: L2, text: 'x', since: '2027-01-01' },
        /^add_hypothesis: since is after now \(2026-03-01T00:00:00Z\): a belief cannot start in the future\. Nothing was changed\.$/,
      ],
      ['a new bug without a title', 'new_bug', { tags: ['x'] }, /^new_bug: title is required\. Nothing was changed\.$/],
      [
        'a title of two lines',
        'new_bug',
        { title: 'a\nb' },
        /^A bug title is one line: join the lines, and put the rest in a hypothesis or a snippet\. Nothing was changed\.$/,
      ],
      [
        'a timebox of 0 minutes',
        'set_timebox',
        { bugId: L2, minutes: 0 },
        /^set_timebox: minutes must be a whole number from 1 to 10000\. Nothing was changed\.$/,
      ],
      ['parking a parked bug', 'park_bug', { bugId: PARKED, reason: 'x' }, /Pg4Lx7Vb2c\.yaml: '.*' is parked, not open\. Nothing was changed\.$/],
      // Found by review with a raw JSON-RPC client: values a schema-reading client would not send.
      ['a bug id that has no string form', 'get_bug', { bugId: { toString: 1 } }, /^get_bug: \{"toString":1\} is not a bug id/],
      ['snippet text that is no text', 'attach_snippet', { bugId: L2, text: 5 }, /^attach_snippet: text must be text\. Nothing was changed\.$/],
      ['a level below 1', 'change_level', { bugId: L2, level: 0, reason: 'x' }, /^change_level: level must be 1, 2 or 3\. Nothing was changed\.$/],
      ['lines without a file', 'attach_snippet', { bugId: L2, text: 'x', lines: '3-4' }, /^attach_snippet: lines needs file\. Nothing was changed\.$/],
      [
        'a line range that ends before it starts',
        'attach_snippet',
        { bugId: L2, text: 'x', file: 'a.ts', lines: '5-2' },
        /^attach_snippet: lines must be a line range like 12-14\. Nothing was changed\.$/,
      ],
    ];

    it('cover every tool', () => {
      const refused = new Set(refusals.map(([, tool]) => tool));
      assert.deepEqual(
        TOOLS.map((tool) => tool.name).filter((name) => !refused.has(name)),
        [],
      );
    });
    for (const [what, tool, args, message] of refusals) {
      it(`${what} (${tool})`, async () => {
        const cwd = workspace();
        const before = snapshotFiles(cwd);
        const client = await connect(cwd);
        const { text, isError } = await call(client, tool, args);
        assert.equal(isError, true, text);
        assert.match(text, message);
        assert.deepEqual(snapshotFiles(cwd), before);
      });
    }

    it('a bug file that does not parse: named with its line, the file untouched', async () => {
      const cwd = workspace();
      const file = path.join(cwd, '.bug-levels', L2_FILE);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('level: 2\n', 'level: [2\n'));
      const before = snapshotFiles(cwd);
      const client = await connect(cwd);
      const { text, isError } = await call(client, 'log_attempt', { bugId: L2, text: 'x' });
      assert.equal(isError, true, text);
      assert.match(
        text,
        /^\.bug-levels\/502-on-first-interview-V1StGXR8Zq\.yaml:\d+:\d+: .*\(the file does not parse, so bug V1StGXR8Zq was not changed\)\. Nothing was changed\.$/,
      );
      const list = await ok(client, 'list_bugs');
      assert.match(list, /Files that do not load \(fix them; `bug-levels check`\):\n- \.bug-levels\/502-on-first-interview-V1StGXR8Zq\.yaml:\d+:\d+: /);
      assert.deepEqual(snapshotFiles(cwd), before);
    });

    it('a bug file that does not parse: every tool that changes a bug refuses, naming the file, nothing changed', async () => {
      const cwd = workspace();
      const file = path.join(cwd, '.bug-levels', L2_FILE);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('level: 2\n', 'level: [2\n'));
      const before = snapshotFiles(cwd);
      const client = await connect(cwd);
      const calls: Record<string, Record<string, unknown>> = {
        add_hypothesis: { text: 'x' },
        set_verdict: { hypothesisId: 'h-3kx', verdict: 'confirmed' },
        attach_snippet: { text: 'x' },
        log_attempt: { text: 'x' },
        change_level: { level: 3, reason: 'x' },
        set_timebox: { minutes: 30 },
        park_bug: {},
        reopen_bug: {},
        resolve_bug: { layer: 'ours', summary: 'x' },
        add_link: { url: 'https://example.com/x' },
      };
      assert.deepEqual(
        Object.keys(calls).sort(),
        TOOLS.filter((tool) => tool.kind === 'write' && tool.name !== 'new_bug')
          .map((tool) => tool.name)
          .sort(),
      );
      for (const [tool, args] of Object.entries(calls)) {
        const { text, isError } = await call(client, tool, { bugId: L2, ...args });
        assert.equal(isError, true, `${tool}: ${text}`);
        assert.match(
          text,
          /^\.bug-levels\/502-on-first-interview-V1StGXR8Zq\.yaml:\d+:\d+: .*\(the file does not parse, so bug V1StGXR8Zq was not changed\)\. Nothing was changed\.$/,
          tool,
        );
      }
      assert.deepEqual(snapshotFiles(cwd), before);
    });

    it('an unknown bug: every tool that takes a bug refuses, pointing to list_bugs, nothing changed', async () => {
      const cwd = workspace();
      const before = snapshotFiles(cwd);
      const client = await connect(cwd);
      const required: Record<string, Record<string, unknown>> = {
        set_verdict: { hypothesisId: 'h-3kx', verdict: 'confirmed' },
        add_hypothesis: { text: 'x' },
        attach_snippet: { text: 'x' },
        change_level: { level: 2, reason: 'x' },
        set_timebox: { minutes: 30 },
        resolve_bug: { layer: 'ours', summary: 'x' },
        add_link: { url: 'https://example.com/x' },
      };
      for (const tool of TOOLS.filter((candidate) => inputSchemaOf(candidate).required?.includes('bugId'))) {
        const { text, isError } = await call(client, tool.name, { bugId: 'nosuchbug1', ...(required[tool.name] ?? {}) });
        assert.equal(isError, true, `${tool.name}: ${text}`);
        assert.match(text, /'nosuchbug1' in \.bug-levels \(list_bugs shows every bug's id\)/, tool.name);
      }
      assert.deepEqual(snapshotFiles(cwd), before);
    });

    it('a bug file locked by a live writer: refused after the lock timeout, the file and the lock untouched', async () => {
      const cwd = workspace();
      holder = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60_000)'], { stdio: 'ignore' });
      const lockFile = path.join(cwd, '.bug-levels', `${L2_FILE}.lock`);
      fs.writeFileSync(lockFile, `${JSON.stringify({ pid: holder.pid, host: hostname(), token: 'testtoken1', at: new Date().toISOString() })}\n`);
      const before = snapshotFiles(cwd);
      const client = await connect(cwd);
      const { text, isError } = await call(client, 'log_attempt', { bugId: L2, text: 'x' });
      assert.equal(isError, true, text);
      assert.equal(text, `.bug-levels/${L2_FILE} is locked by another writer (${L2_FILE}.lock); try again. Nothing was changed.`);
      assert.deepEqual(snapshotFiles(cwd), before);
    });
  });

  it('a client that sends its calls and closes standard input gets every answer, then the server exits', () => {
    const cwd = workspace();
    const messages = [
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'pipe', version: '1' } } },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'list_bugs', arguments: {} } },
      { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'log_attempt', arguments: { bugId: L1, text: 'piped' } } },
    ];
    const result = spawnSync(process.execPath, [cli.script, 'mcp', '--now', NOW], {
      cwd,
      encoding: 'utf8',
      input: messages.map((message) => `${JSON.stringify(message)}\n`).join(''),
      timeout: 30_000,
    });
    assert.equal(result.status, 0, result.stderr);
    const answers = result.stdout
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { id: number; result: { content?: Array<{ text: string }> } });
    assert.deepEqual(
      answers.map((answer) => answer.id),
      [1, 2, 3],
    );
    assert.match(answers[2]?.result.content?.[0]?.text ?? '', /^Attempt logged for /);
    assert.ok(bugIn(cwd, L1).timeline.some((event) => event.kind === 'attempt' && event.text === 'piped'));
  });

  it('a journal folder that does not exist: every call is a tool error saying so, nothing is made', async () => {
    const cwd = tempDir();
    const client = await connect(cwd, ['--journal', 'nope', '--now', NOW]);
    for (const [tool, args] of [
      ['list_bugs', {}],
      ['new_bug', { title: 'x' }],
    ] as const) {
      const { text, isError } = await call(client, tool, args);
      assert.equal(isError, true, text);
      assert.equal(text, 'nope: no such journal folder. A journal starts with its folder: mkdir it, or start the server with --journal DIR.');
    }
    assert.deepEqual(fs.readdirSync(cwd), []);
  });

  it('init-agent writes .mcp.json with the server entry; a second run prints the entry and leaves the file', async () => {
    const cwd = workspace();
    const first = spawnSync(process.execPath, [cli.script, 'init-agent'], { cwd, encoding: 'utf8' });
    assert.equal(first.status, 0, first.stderr);
    const entry = { command: 'node', args: [cli.script, 'mcp', '--journal', '.bug-levels'] };
    const written = fs.readFileSync(path.join(cwd, '.mcp.json'), 'utf8');
    assert.deepEqual(JSON.parse(written), { mcpServers: { 'bug-levels': entry } });
    const second = spawnSync(process.execPath, [cli.script, 'init-agent'], { cwd, encoding: 'utf8' });
    assert.equal(second.status, 0);
    assert.deepEqual(JSON.parse(second.stdout), { 'bug-levels': entry });
    assert.match(second.stderr, /\.mcp\.json exists and was left as it is/);
    assert.equal(fs.readFileSync(path.join(cwd, '.mcp.json'), 'utf8'), written);
    // Cursor reads .cursor/mcp.json: --file, its folder made.
    const cursor = spawnSync(process.execPath, [cli.script, 'init-agent', '--file', '.cursor/mcp.json'], { cwd, encoding: 'utf8' });
    assert.equal(cursor.status, 0, cursor.stderr);
    assert.deepEqual(JSON.parse(fs.readFileSync(path.join(cwd, '.cursor', 'mcp.json'), 'utf8')), { mcpServers: { 'bug-levels': entry } });
    // The entry starts a server that answers.
    const transport = new StdioClientTransport({ command: entry.command, args: entry.args, cwd, stderr: 'pipe' });
    const client = new Client({ name: 'bug-levels-test', version: '1.0.0' });
    await client.connect(transport);
    clients.push(client);
    assert.match(await ok(client, 'list_bugs'), /^4 bugs in \.bug-levels:/);
  });
});

describe('bug-levels mcp on a locked bug file (in this process, a short lock timeout)', function () {
  this.timeout(60_000);
  const tempDir = useTempDirs();

  it('every tool that changes a bug refuses while another live writer holds its lock; the file and the lock untouched', async () => {
    const cwd = tempDir();
    copyDemoJournal(path.join(cwd, '.bug-levels'));
    // This test's own process is the live owner: the lock is not stale.
    fs.writeFileSync(
      path.join(cwd, '.bug-levels', `${L2_FILE}.lock`),
      `${JSON.stringify({ pid: process.pid, host: hostname(), token: 'testtoken2', at: new Date().toISOString() })}\n`,
    );
    const before = snapshotFiles(cwd);
    const handle = createMcpServer({ dir: path.join(cwd, '.bug-levels'), io: { ...captureIo(cwd), lockTimeoutMs: 300 }, now: NOW as never });
    const [clientSide, serverSide] = InMemoryTransport.createLinkedPair();
    await handle.server.connect(serverSide);
    const client = new Client({ name: 'bug-levels-test', version: '1.0.0' });
    await client.connect(clientSide);
    const calls: Record<string, Record<string, unknown>> = {
      add_hypothesis: { text: 'x' },
      set_verdict: { hypothesisId: 'h-3kx', verdict: 'confirmed' },
      attach_snippet: { text: 'x' },
      log_attempt: { text: 'x' },
      change_level: { level: 3, reason: 'x' },
      set_timebox: { minutes: 30 },
      park_bug: {},
      reopen_bug: {},
      resolve_bug: { layer: 'ours', summary: 'x' },
      add_link: { url: 'https://example.com/x' },
    };
    assert.deepEqual(
      Object.keys(calls).sort(),
      TOOLS.filter((tool) => tool.kind === 'write' && tool.name !== 'new_bug')
        .map((tool) => tool.name)
        .sort(),
    );
    for (const [tool, args] of Object.entries(calls)) {
      const result = (await client.callTool({ name: tool, arguments: { bugId: L2, ...args } })) as CallToolResult;
      const text = result.content[0]?.type === 'text' ? result.content[0].text : '';
      assert.equal(result.isError, true, `${tool}: ${text}`);
      assert.equal(text, `.bug-levels/${L2_FILE} is locked by another writer (${L2_FILE}.lock); try again. Nothing was changed.`, tool);
    }
    await client.close();
    await handle.shutdown();
    assert.deepEqual(snapshotFiles(cwd), before);
  });
});
