import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMap, isScalar, isSeq, parseDocument, type Document } from 'yaml';
import { parseBug, updateBugText, type ParsedBug } from '../../src/core/format/format';
import { addLink, setTitle } from '../../src/core/model/transitions';
import { JournalStore, StoreError } from '../../src/core/store/journalStore';
import { CURRENT_SCHEMA_VERSION, migrateToCurrent, MIGRATIONS, type Migration, type MigrationTable } from '../../src/core/format/migrations';
import { formatProblem } from '../../src/core/format/problems';
import { NodeJournalFileSystem } from '../../src/node/nodeJournalFileSystem';
import { bid, DEMO_JOURNAL, MINIMAL_BUG_TEXT, useTempDirs } from './helpers';

/**
 * A made-up version 0 of the format, to show the upgrade path: it called the level history
 * `history` and wrote each entry as `LEVEL@TIME` text. Version 1 calls it `levels`, with maps.
 */
const V0_TO_V1: Migration = {
  summary: "'history' became 'levels', each entry a map",
  apply(document: Document) {
    const root = document.contents;
    if (!isMap(root)) return;
    const history = root.get('history', true);
    root.delete('history');
    if (!isSeq(history)) return;
    const entries = history.items.map((item) => {
      const [level, at] = String(isScalar(item) ? item.value : '').split('@');
      return { level: Number(level), at };
    });
    root.items.push(document.createPair('levels', entries));
  },
};
const FAKE_TABLE: MigrationTable = new Map([[0, V0_TO_V1]]);

const V0_TEXT = [
  '# an old file, written by version 0',
  'schema: bug-levels/v0',
  'id: bug0001',
  'title: Old bug',
  'status: open',
  'level: 2',
  'created: 2026-03-01T09:00:00Z',
  'history:',
  '  - 1@2026-03-01T09:00:00Z',
  '  - 2@2026-03-01T09:30:00Z',
  '',
].join('\n');

function parseOk(text: string, table?: MigrationTable): ParsedBug {
  const result = parseBug(text, 'bug.yaml', table ? { migrations: table } : {});
  if (!result.ok) assert.fail(result.problems.map(formatProblem).join('; '));
  return result;
}

describe('schema migrations', () => {
  const tempDir = useTempDirs();

  it('version 1 is current and its table is empty: a v1 file is not touched by migrateToCurrent', () => {
    assert.equal(CURRENT_SCHEMA_VERSION, 1);
    assert.equal(MIGRATIONS.size, 0);
    const document = parseDocument(MINIMAL_BUG_TEXT);
    const before = document.toString();
    assert.deepEqual(migrateToCurrent(document), { kind: 'unchanged' });
    assert.equal(document.toString(), before);
  });

  it('every demo file is current: it parses without an upgrade', () => {
    for (const name of fs.readdirSync(DEMO_JOURNAL).filter((file) => file.endsWith('.yaml'))) {
      const parsed = parseOk(fs.readFileSync(path.join(DEMO_JOURNAL, name), 'utf8'));
      assert.equal(parsed.migratedFrom, undefined, name);
    }
  });

  it('an older file is upgraded in memory one step at a time, and reads as the current model', () => {
    const parsed = parseOk(V0_TEXT, FAKE_TABLE);
    assert.equal(parsed.migratedFrom, 0);
    assert.equal(parsed.bug.schema, 'bug-levels/v1');
    assert.deepEqual(parsed.bug.levels, [
      { level: 1, at: '2026-03-01T09:00:00Z' },
      { level: 2, at: '2026-03-01T09:30:00Z' },
    ]);
    assert.deepEqual(parsed.problems, [], "no 'unknown key history' warning: the step renamed it");
  });

  it('the first edit of an upgraded file writes it whole in the current schema, comments kept', () => {
    const parsed = parseOk(V0_TEXT, FAKE_TABLE);
    const written = updateBugText(parsed, addLink(parsed.bug, 'https://example.com/1'));
    assert.ok(written.startsWith('# an old file, written by version 0\nschema: bug-levels/v1\n'));
    assert.ok(!written.includes('history'));
    const back = parseOk(written); // with the real (empty) table: it is a current file now
    assert.equal(back.migratedFrom, undefined);
    assert.deepEqual(back.bug.levels, parsed.bug.levels);
    assert.deepEqual(back.bug.links, ['https://example.com/1']);
  });

  it('with no step from the file’s version, the file is refused at its schema value', () => {
    const result = parseBug(V0_TEXT, 'bug.yaml');
    assert.equal(result.ok, false);
    assert.deepEqual(
      result.problems.map((p) => [p.line, p.column, p.code]),
      [[2, 9, 'unknown-schema']],
    );
    assert.match(result.problems[0]?.message ?? '', /cannot upgrade \(no step from v0\)/);
  });

  it('a chain of steps runs in order, v0 -> v1 -> v2, each seeing the previous one’s result', () => {
    const seen: string[] = [];
    const step = (name: string): Migration => ({
      summary: name,
      apply(document) {
        const root = document.contents;
        if (isMap(root)) {
          const title = root.get('title', true);
          if (isScalar(title)) title.value = `${String(title.value)} ${name}`;
        }
        seen.push(name);
      },
    });
    const document = parseDocument(V0_TEXT);
    const outcome = migrateToCurrent(
      document,
      new Map([
        [0, step('a')],
        [1, step('b')],
      ]),
      2,
    );
    assert.deepEqual(outcome, { kind: 'migrated', from: 0, summaries: ['a', 'b'] });
    assert.deepEqual(seen, ['a', 'b']);
    assert.equal((document.contents as { get(key: string): unknown }).get('title'), 'Old bug a b');
    assert.equal((document.contents as { get(key: string): unknown }).get('schema'), 'bug-levels/v2');
  });

  it('a newer schema is read-only through the store: the edit is refused and the file keeps its bytes', async () => {
    const dir = path.join(tempDir(), '.bug-levels');
    fs.mkdirSync(dir);
    const text = `${MINIMAL_BUG_TEXT.replace('bug-levels/v1', 'bug-levels/v2')}addedInV2: { kept: true }   # a v2 key\n`;
    fs.writeFileSync(path.join(dir, 'a.yaml'), text);
    const store = new JournalStore(new NodeJournalFileSystem(dir));
    const { bugs, problems } = await store.load();
    assert.equal(bugs[0]?.readOnly, true);
    assert.ok(problems.some((p) => p.code === 'newer-schema' && p.severity === 'warning'));
    await assert.rejects(
      store.update(bid('bug0001'), (bug) => setTitle(bug, 'x')),
      (error: unknown) => error instanceof StoreError && error.code === 'read-only',
    );
    // Also when the store learns of the file only at the edit (no load before).
    const fresh = new JournalStore(new NodeJournalFileSystem(dir));
    await fresh.loadFile('a.yaml');
    await assert.rejects(
      fresh.update(bid('bug0001'), (bug) => setTitle(bug, 'x')),
      (error: unknown) => error instanceof StoreError && error.code === 'read-only',
    );
    assert.equal(fs.readFileSync(path.join(dir, 'a.yaml'), 'utf8'), text);
    assert.deepEqual(fs.readdirSync(dir), ['a.yaml']);
  });
});
