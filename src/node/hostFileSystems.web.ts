/**
 * hostFileSystems.ts for the web build (esbuild.js swaps it in): a web worker extension host has
 * no node:fs, so the journal and its index always go through workspace.fs there. Typed after the
 * real module, so the two never drift.
 */
import type * as real from './hostFileSystems';

export const localJournalFileSystem: typeof real.localJournalFileSystem = () => undefined;
export const localIndexStorage: typeof real.localIndexStorage = () => undefined;
