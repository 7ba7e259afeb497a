/**
 * bugParser.ts for the web build (esbuild.js swaps it in): a web worker extension host has no
 * worker_threads, so loads parse in-thread. Typed after the real module, so the two never drift.
 */
import type * as real from './bugParser';

export const createNodeBugParser: typeof real.createNodeBugParser = () => undefined;
export const nodeBugParser: typeof real.nodeBugParser = () => undefined;
