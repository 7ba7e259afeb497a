/**
 * Schema migrations. A bug file names its format version (`schema: bug-levels/vN`). A file of an
 * older version is upgraded in memory, one version at a time, before it is validated, so the rest
 * of the code only ever sees the current model. The file itself is upgraded on its next edit
 * (the whole file is then rewritten from the upgraded document, comments kept). A newer version
 * than the code knows is not migrated: validate.ts loads it read-only.
 *
 * Version 1 is the first version, so the table is empty today; the plumbing and its test exist so
 * that the next version only has to add one step.
 */
import { isMap, isScalar, type Document } from 'yaml';

/** The version this code reads and writes. */
export const CURRENT_SCHEMA_VERSION = 1;
const SCHEMA_PATTERN = /^bug-levels\/v(\d{1,6})$/;

/** One step: upgrades a document of version `from` (its key in the table) to `from + 1`. */
export interface Migration {
  /** What the step changes, in a few words (shown in the upgrade note). */
  readonly summary: string;
  /**
   * Changes the document in place; the `schema` value is set by migrateToCurrent. New keys are
   * made with `document.createPair` (validation reads keys as YAML scalars, not strings).
   */
  apply(document: Document): void;
}

/** Migration steps keyed by the version they upgrade from. */
export type MigrationTable = ReadonlyMap<number, Migration>;

/** The real table: empty while v1 is the only version. */
export const MIGRATIONS: MigrationTable = new Map();

export type MigrationOutcome =
  /** Already the current version, or no recognisable `schema` (validation reports that). */
  | { readonly kind: 'unchanged' }
  /** Newer than this code: left alone, loaded read-only. */
  | { readonly kind: 'newer'; readonly version: number }
  | { readonly kind: 'migrated'; readonly from: number; readonly summaries: readonly string[] }
  /** Older, but a step is missing from the table. */
  | { readonly kind: 'no-path'; readonly from: number; readonly missing: number };

/** The version a document declares in `schema`, if it declares one in our format. */
export function schemaVersionOf(document: Document): number | undefined {
  const root = document.contents;
  if (!isMap(root)) return undefined;
  const schema = root.get('schema', true);
  if (!isScalar(schema) || typeof schema.value !== 'string') return undefined;
  const match = SCHEMA_PATTERN.exec(schema.value);
  return match ? Number(match[1]) : undefined;
}

/** Upgrades `document` in place to `current`, one table step at a time. */
export function migrateToCurrent(document: Document, table: MigrationTable = MIGRATIONS, current = CURRENT_SCHEMA_VERSION): MigrationOutcome {
  const version = schemaVersionOf(document);
  if (version === undefined || version === current) return { kind: 'unchanged' };
  if (version > current) return { kind: 'newer', version };
  const steps: Migration[] = [];
  for (let from = version; from < current; from++) {
    const step = table.get(from);
    if (!step) return { kind: 'no-path', from: version, missing: from };
    steps.push(step);
  }
  for (const step of steps) step.apply(document);
  const root = document.contents;
  const schema = isMap(root) ? root.get('schema', true) : undefined;
  // The same node keeps its place (and its position for problems) with the new value.
  if (isScalar(schema)) schema.value = `bug-levels/v${current}`;
  return { kind: 'migrated', from: version, summaries: steps.map((step) => step.summary) };
}
