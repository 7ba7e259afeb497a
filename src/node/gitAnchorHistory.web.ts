/**
 * gitAnchorHistory.ts for the web build (esbuild.js swaps it in): a browser has no child
 * processes, so there is no git history; anchors are found by their lines and by search.
 */
import type * as real from './gitAnchorHistory';

export const GIT_HISTORY_AVAILABLE: typeof real.GIT_HISTORY_AVAILABLE = false;
export const gitAnchorHistory: typeof real.gitAnchorHistory = async () => undefined;
export const gitFileAtCommit: typeof real.gitFileAtCommit = async () => undefined;
export const gitCommitOfFile: typeof real.gitCommitOfFile = async () => undefined;
