/**
 * `bug-levels snippet --file F --lines A-B` records what Attach Selection records: when F is a
 * file of the workspace (the folder holding the journal folder), the commit it is at (marked
 * `-dirty` when F differs from it) and a few lines of context around the lines, so that
 * `bug-levels anchors` can follow the code through git's history and edits. Values given are kept.
 */
import * as path from 'node:path';
import { parseLineSpan, splitLines } from '../core/model/anchors/anchorText';
import { captureContext } from '../core/model/anchors/captureContext';
import { isSafeRelativePath } from '../core/model/paths';
import { gitCommitOfFile } from '../node/gitAnchorHistory';
import { readWorkspaceFile } from '../node/nodeAnchorSources';

/** The commit and context to add to a snippet's raw input; none when its file cannot be read. */
export async function snippetPlace(journalDir: string, raw: Readonly<Record<string, unknown>>): Promise<Record<string, string>> {
  const { file, lines } = raw;
  if (typeof file !== 'string' || typeof lines !== 'string' || !isSafeRelativePath(file)) return {};
  const span = parseLineSpan(lines);
  const workspace = path.dirname(journalDir);
  const text = span ? await readWorkspaceFile(workspace, file) : undefined;
  if (!span || text === undefined) return {};
  const context = raw.contextBefore === undefined && raw.contextAfter === undefined ? captureContext(splitLines(text), span) : {};
  const commit = raw.commit === undefined ? await gitCommitOfFile(workspace, file) : undefined;
  return { ...context, ...(commit ? { commit } : {}) };
}
