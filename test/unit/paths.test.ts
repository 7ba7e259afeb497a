import { strict as assert } from 'node:assert';
import { attachmentPath, bugFileName, isSafeRelativePath, joinPath, slugify } from '../../src/core/model/paths';

describe('paths from bug files', () => {
  const safe = ['logs/uwsgi.log', 'attachments/bug0001/s-1.txt', 'a', 'ünïcödé/file name.txt', './x'];
  const unsafe = ['', '../x', 'a/../../x', 'a/..', '/etc/passwd', 'C:/Windows', 'c:x', 'a\\b', 'a//b', 'a/', 'nul\0byte', 'x'.repeat(1025)];

  for (const value of safe) {
    it(`'${value}' is a safe relative path`, () => assert.equal(isSafeRelativePath(value), true));
  }
  for (const value of unsafe) {
    it(`${JSON.stringify(value.length > 20 ? `${value.slice(0, 10)}…` : value)} is refused`, () => assert.equal(isSafeRelativePath(value), false));
  }

  it('slugify makes a short file-name-safe slug, and falls back to "bug"', () => {
    assert.equal(slugify('502 on first interview after installing FormFyxer'), '502-on-first-interview-after-installing');
    assert.equal(slugify('Café crème: ÜBER'), 'cafe-creme-uber');
    assert.equal(slugify('../../etc/passwd'), 'etc-passwd');
    assert.equal(slugify('日本語'), 'bug');
    assert.ok(slugify('a'.repeat(100)).length <= 40);
  });

  it('bugFileName is <slug>-<id>.yaml and attachmentPath is attachments/<bug>/<snippet>.txt', () => {
    assert.equal(bugFileName('Server image pins uwsgi below 2.0.20', 'Qw8Zr5Tn1m'), 'server-image-pins-uwsgi-below-2-0-20-Qw8Zr5Tn1m.yaml');
    assert.equal(attachmentPath('bug0001', 's-1'), 'attachments/bug0001/s-1.txt');
    assert.equal(joinPath('attachments/', '', '/bug0001', 's-1.txt'), 'attachments/bug0001/s-1.txt');
  });
});
