/**
 * AnchorSources (core/model/anchors/anchorEntries.ts) for a workspace on this machine's disk:
 * files through node:fs, history through git (gitAnchorHistory.ts). The CLI uses them.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { AnchorSources } from '../core/model/anchors/anchorEntries';
import type { Snippet } from '../core/model/types';
import { gitAnchorHistory } from './gitAnchorHistory';

/** A file read for resolution at most: a larger one counts as missing (its snippets are outdated). */
export const MAX_ANCHOR_FILE_BYTES = 16 * 1024 * 1024;

export function nodeAnchorSources(workspace: string, snippetText: (snippet: Snippet) => Promise<string | undefined>): AnchorSources {
  return {
    readText: (file) => readWorkspaceFile(workspace, file),
    history: (file, commit) => gitAnchorHistory(workspace, file, commit),
    snippetText,
  };
}

/** A workspace file as text; undefined when it is missing, not a file, or too large. */
export async function readWorkspaceFile(workspace: string, file: string): Promise<string | undefined> {
  const full = path.join(workspace, ...file.split('/'));
  try {
    const stat = await fs.stat(full);
    if (!stat.isFile() || stat.size > MAX_ANCHOR_FILE_BYTES) return undefined;
    return await fs.readFile(full, 'utf8');
  } catch {
    return undefined;
  }
}
