import { strict as assert } from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { JournalStore, StoreError } from '../../src/core/store/journalStore';
import { attachmentPath, isSafeRelativePath } from '../../src/core/model/paths';
import type { Snippet } from '../../src/core/model/types';
import { NodeJournalFileSystem } from '../../src/node/nodeJournalFileSystem';
import { bid, T0, useTempDirs } from './helpers';

/**
 * Paths written in bug files (snippet `file` links into the workspace, attachment `path`s into the
 * journal) can never lead outside their folder, on any platform the journal is checked out on.
 */
describe('path safety: values from bug files never lead outside their folder', () => {
  const refused: Array<[string, string]> = [
    ['%2e%2e%2fsecret', 'a percent-encoded ../'],
    ['%2E%2E/x', 'percent-encoded dots in capitals'],
    ['a%5c..%5cb', 'percent-encoded backslashes'],
    ['a%00.txt', 'a percent-encoded NUL'],
    ['C:x', 'a drive-relative path'],
    ['c:/Windows/win.ini', 'a drive letter'],
    ['file:///etc/passwd', 'a file: URL'],
    ['vscode://x/y', 'another scheme'],
    ['\\\\server\\share\\x', 'a UNC path'],
    ['a/b\\..\\..\\c', 'backslash traversal after a safe start'],
    ['CON', 'a Windows device name'],
    ['logs/nul.txt', 'a device name with an extension'],
    ['LPT1', 'a printer port'],
    ['a/.. /b', 'a segment Windows trims to ..'],
    ['a/. /b', 'a segment Windows trims to .'],
    ['logs/x.', 'a trailing dot Windows drops'],
    ['dir /x', 'a trailing space Windows drops'],
    ['a\tb', 'a tab'],
    ['a\nb', 'a line break'],
    ['\u001b[31mred', 'a terminal escape sequence'],
    ['a/\u0000/b', 'a NUL'],
  ];
  for (const [value, what] of refused) {
    it(`refuses ${what}: ${JSON.stringify(value)}`, () => assert.equal(isSafeRelativePath(value), false));
  }

  const allowed = [
    'logs/uwsgi.log',
    'con-figure.txt',
    'console.log',
    'percent%20space.txt',
    'logs/2026-02-26T10:00.log',
    'a/b.c/d',
    '.bug-levels/attachments/x.txt',
    'file name.txt',
  ];
  for (const value of allowed) {
    it(`allows the ordinary path ${JSON.stringify(value)}`, () => assert.equal(isSafeRelativePath(value), true));
  }

  it('attachmentPath refuses ids that are not one safe segment', () => {
    assert.equal(attachmentPath('bug0001', 's-1'), 'attachments/bug0001/s-1.txt');
    for (const [bugId, snippetId] of [
      ['../../x1', 's-1'],
      ['bug0001', '../s'],
      ['bug/01', 's-1'],
      ['bug0001', 's\u0000'],
      ['a'.repeat(10_000), 's-1'],
    ] as const) {
      assert.throws(() => attachmentPath(bugId, snippetId), /Not a safe attachment name/);
    }
  });

  describe('through the store and the Node file system', () => {
    const tempDir = useTempDirs();
    const snippet = (where: string): Snippet => ({ id: 's-1' as Snippet['id'], source: 'file', captured: T0, path: where });

    it('an attachment path that climbs out, or is absolute, is refused before any read', async () => {
      const store = new JournalStore(new NodeJournalFileSystem(tempDir()));
      for (const where of ['../outside.txt', '/etc/passwd', 'C:/x.txt', '%2e%2e/x.txt', 'a\\..\\..\\x.txt']) {
        await assert.rejects(store.snippetText(snippet(where)), (error: unknown) => error instanceof StoreError && error.code === 'unsafe-path', where);
      }
    });

    it('an attachment that is a link leading out of the journal is not read', async function () {
      const dir = tempDir();
      const outside = path.join(tempDir(), 'secret.txt');
      fs.writeFileSync(outside, 'secret');
      fs.mkdirSync(path.join(dir, 'attachments', 'bug0001'), { recursive: true });
      try {
        fs.symlinkSync(outside, path.join(dir, 'attachments', 'bug0001', 's-1.txt'));
      } catch {
        this.skip(); // symlinks need privileges on Windows
      }
      const store = new JournalStore(new NodeJournalFileSystem(dir));
      await assert.rejects(store.snippetText(snippet('attachments/bug0001/s-1.txt')), /outside the journal/);
    });

    it('an attachment is never written over another one (ids differing only in case share a folder on macOS and Windows)', async () => {
      const dir = tempDir();
      const store = new JournalStore(new NodeJournalFileSystem(dir));
      const file = await store.writeAttachment(bid('bug0001'), 's-1', 'first log\n');
      assert.equal(await store.writeAttachment(bid('bug0001'), 's-1', 'first log\n'), file, 'the same text again is a harmless retry');
      await assert.rejects(
        store.writeAttachment(bid('bug0001'), 's-1', 'another log\n'),
        (error: unknown) => error instanceof StoreError && error.code === 'exists',
      );
      assert.equal(fs.readFileSync(path.join(dir, file), 'utf8'), 'first log\n');
    });

    it('the Node file system refuses NUL, absolute and climbing paths for every operation', async () => {
      const journalFs = new NodeJournalFileSystem(tempDir());
      const data = new TextEncoder().encode('x');
      for (const bad of ['a\u0000b.yaml', '../x.yaml', '/tmp/x.yaml', 'a/../../x.yaml']) {
        await assert.rejects(journalFs.read(bad));
        await assert.rejects(journalFs.writeAtomic(bad, data));
        await assert.rejects(journalFs.createExclusive(bad, data));
        await assert.rejects(journalFs.delete(bad));
      }
    });
  });
});
