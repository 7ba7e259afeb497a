/**
 * The retro: what each bug cost, at which level, which assumptions were wrong, and whether the
 * work went breadth-first. Pure: journals and options in, data (JSON) or markdown out; the host
 * or the CLI decides where it goes.
 */
export { renderRetro, retroMarkdown } from './retro/markdown';
export { retroData } from './retro/data';
export { fenced, inline } from './retro/escape';
export { relativeRoot } from './retro/links';
export type { RetroInput, RetroJournal, RetroOptions } from './retro/options';
export type { RetroBug, RetroData, RetroSnippet, RetroWrongAssumption } from './retro/types';
export { RETRO_SCHEMA } from './retro/types';
