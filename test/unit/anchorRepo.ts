/**
 * A real git repository in a temporary folder for the anchor tests: files written and committed
 * with the real `git`, snippets captured the way Attach Selection captures them (text, lines,
 * short commit, marked -dirty when the file differs from it, and a few lines of context), and
 * their anchors resolved by the core (with node sources) and by `bug-levels anchors --json`.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { resolveSnippetAnchor, type AnchorEntry } from '../../src/core/model/anchors/anchorEntries';
import { captureContext } from '../../src/core/model/anchors/captureContext';
import { formatLineSpan, splitLines } from '../../src/core/model/anchors/anchorText';
import type { AnchorResolution } from '../../src/core/model/anchors/resolveAnchor';
import { stringifyBug } from '../../src/core/format/format';
import type { Snippet } from '../../src/core/model/types';
import { nodeAnchorSources } from '../../src/node/nodeAnchorSources';
import { makeBug, runCliCaptured, sid, ts } from './helpers';

export class AnchorRepo {
  constructor(
    readonly dir: string,
    readonly withGit = true,
  ) {
    if (withGit) this.git('init', '-q');
  }

  git(...args: string[]): string {
    return execFileSync(
      'git',
      ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args],
      {
        cwd: this.dir,
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
  }

  write(file: string, text: string): void {
    fs.mkdirSync(path.dirname(path.join(this.dir, file)), { recursive: true });
    fs.writeFileSync(path.join(this.dir, file), text);
  }

  read(file: string): string {
    return fs.readFileSync(path.join(this.dir, file), 'utf8');
  }

  /** Commits everything; the short commit. */
  commit(message: string): string {
    this.git('add', '-A');
    this.git('commit', '-q', '-m', message);
    return this.head();
  }

  head(): string {
    return this.git('rev-parse', '--short=7', 'HEAD').trim();
  }

  /** Lines `start`-`end` of `file` as Attach Selection takes them. */
  capture(file: string, start: number, end: number, id = 's-1'): Snippet {
    const lines = splitLines(this.read(file));
    const span = { start, end };
    const { contextBefore, contextAfter } = captureContext(lines, span);
    let commit: string | undefined;
    if (this.withGit) {
      const dirty = this.git('status', '--porcelain', '--', file).trim() !== '';
      commit = `${this.head()}${dirty ? '-dirty' : ''}`;
    }
    return {
      id: sid(id),
      source: 'editor',
      captured: ts('2026-03-01T09:00:00Z'),
      file,
      lines: formatLineSpan(span),
      ...(commit ? { commit } : {}),
      context: { before: contextBefore === '' ? [] : contextBefore.split('\n'), after: contextAfter === '' ? [] : contextAfter.split('\n') },
      text: `${lines.slice(start - 1, end).join('\n')}\n`,
    };
  }

  /** The core's resolution of `snippet` in this workspace. */
  async resolve(snippet: Snippet): Promise<AnchorResolution | undefined> {
    const bug = makeBug({ snippets: [snippet] });
    return resolveSnippetAnchor(
      bug,
      snippet,
      nodeAnchorSources(this.dir, async (s) => s.text),
    );
  }

  /** `bug-levels anchors --json` over a journal holding `snippets` in one bug (kept out of git). */
  async cli(snippets: readonly Snippet[], ...extra: string[]): Promise<{ code: number; entries: AnchorEntry[]; stderr: string }> {
    const journal = path.join(this.dir, '.bug-levels');
    fs.mkdirSync(journal, { recursive: true });
    fs.writeFileSync(path.join(journal, 'bug.yaml'), stringifyBug(makeBug({ snippets })));
    if (this.withGit) fs.writeFileSync(path.join(this.dir, '.git', 'info', 'exclude'), '.bug-levels/\n');
    const { code, io } = await runCliCaptured(['anchors', '--json', '--no-index', ...extra], this.dir);
    return { code, entries: io.stdout.trim() ? (JSON.parse(io.stdout) as AnchorEntry[]) : [], stderr: io.stderr };
  }
}

/** A small module of unlike functions (23 lines); `applyDiscount` is lines 9-13. */
export const CART_TS = `import { roundCents } from './money';

export interface Item {
  readonly price: number;
  readonly quantity: number;
}

/** The discount, never more than the total. */
export function applyDiscount(total: number, percent: number): number {
  if (percent <= 0) return total;
  const cut = total * (percent / 100);
  return roundCents(Math.max(0, total - cut));
}

export function subtotal(items: readonly Item[]): number {
  return items.reduce((sum, item) => sum + item.price * item.quantity, 0);
}

export function describeCart(items: readonly Item[]): string {
  if (items.length === 0) return 'The cart is empty.';
  const count = items.reduce((n, item) => n + item.quantity, 0);
  return \`\${count} items, \${subtotal(items).toFixed(2)} in all\`;
}
`;
