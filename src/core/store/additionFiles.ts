/**
 * Reading a bug's additions folder (`<header stem>/`): every `*.yaml` in it, parsed, each bad
 * one a problem of its own (a torn file from a crash, a hand edit gone wrong) while the rest
 * load. Additions are immutable once written, so their parses are kept by path and reused while
 * the bytes read are the same (a few hundred bytes compared instead of parsed).
 */
import type { Addition } from '../model/additions';
import { foldAdditions, type Folded } from '../model/additions';
import type { Bug } from '../model/types';
import type { Problem } from '../format/problems';
import { MAX_ADDITION_BYTES, parseAdditionBytes, type AdditionParse } from '../format/additionFormat';
import { FileTooLargeError, type JournalFileSystem } from './journalFileSystem';
import { sameBytes } from './sameBytes';

export interface FolderAdditions {
  readonly additions: { readonly file: string; readonly addition: Addition }[];
  readonly problems: Problem[];
  /** File names in the folder (for the next addition's sequence number). */
  readonly names: string[];
  /** An addition written by a newer version: its bug is read-only. */
  readonly newer: boolean;
}

/** Parses of addition files, by path, with the bytes they were parsed from. */
export class AdditionCache {
  private readonly entries = new Map<string, { bytes: Uint8Array; parsed: AdditionParse }>();

  parse(path: string, bytes: Uint8Array, shown: string): AdditionParse {
    const entry = this.entries.get(path);
    if (entry && sameBytes(entry.bytes, bytes))
      return entry.parsed.ok ? entry.parsed : { ...entry.parsed, problems: entry.parsed.problems.map((p) => ({ ...p, file: shown })) };
    const parsed = parseAdditionBytes(bytes, shown);
    this.entries.set(path, { bytes, parsed });
    return parsed;
  }

  remember(path: string, bytes: Uint8Array, addition: Addition): void {
    this.entries.set(path, { bytes, parsed: { ok: true, addition } });
  }

  forget(prefix: string): void {
    for (const path of this.entries.keys()) if (path.startsWith(prefix)) this.entries.delete(path);
  }
}

/** True for a name in the journal folder that is a bug's additions folder (not attachments, not hidden). */
export function isAdditionsFolderName(name: string): boolean {
  return name !== 'attachments' && !name.startsWith('.') && !name.endsWith('.yaml') && !name.endsWith('.yml');
}

/** The additions in `folder` (journal-relative), in name order, and the problems of those that do not load. */
export async function readAdditions(
  fs: JournalFileSystem,
  folder: string,
  displayPath: (file: string) => string,
  cache?: AdditionCache,
): Promise<FolderAdditions> {
  const entries = (await fs.list(folder)).filter((entry) => !entry.name.startsWith('.'));
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const additions: { file: string; addition: Addition }[] = [];
  const problems: Problem[] = [];
  const names: string[] = [];
  let newer = false;
  await Promise.all(
    entries.map(async (entry) => {
      const path = `${folder}/${entry.name}`;
      const shown = displayPath(path);
      if (!entry.name.endsWith('.yaml') || (entry.kind !== 'file' && entry.kind !== 'symlink')) {
        problems.push(
          problemAt(shown, 'not-a-file', `'${entry.name}' in a bug's additions folder is not an addition file (*.yaml); it is not read.`, 'warning'),
        );
        return;
      }
      names.push(entry.name);
      let parsed: AdditionParse;
      try {
        const bytes = await fs.read(path, { maxBytes: MAX_ADDITION_BYTES });
        parsed = cache ? cache.parse(path, bytes, shown) : parseAdditionBytes(bytes, shown);
      } catch (error) {
        const message = error instanceof FileTooLargeError ? error.message : `Could not read the addition: ${(error as Error).message}`;
        parsed = { ok: false, problems: [problemAt(shown, 'read-error', message)] };
      }
      if (parsed.ok) additions.push({ file: entry.name, addition: parsed.addition });
      else {
        problems.push(...parsed.problems);
        if (parsed.newer) newer = true;
      }
    }),
  );
  names.sort();
  problems.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  return { additions, problems, names, newer };
}

/**
 * The header bug folded with its additions: the bug, the problems of additions that did not load,
 * and a warning for each one the fold superseded (it stays in the folder, the bug's history).
 */
export function foldWithProblems(header: Bug, folder: string, read: FolderAdditions, displayPath: (file: string) => string): Folded & { problems: Problem[] } {
  const folded = foldAdditions(header, read.additions);
  const problems = [...read.problems];
  for (const step of folded.steps) {
    if (step.superseded === undefined) continue;
    problems.push(
      problemAt(
        displayPath(`${folder}/${step.file}`),
        'superseded-addition',
        `${step.op} (${step.at}) no longer applies after a merge and is left out of the bug's state, kept in its history: ${step.superseded}`,
        'warning',
      ),
    );
  }
  return { ...folded, problems };
}

function problemAt(file: string, code: Problem['code'], message: string, severity: Problem['severity'] = 'error'): Problem {
  return { file, line: 1, column: 1, code, message, severity };
}
