import { customAlphabet } from 'nanoid';
import type { BugId, HypothesisId, SnippetId } from '../model/types';
import type { IdSource } from '../model/ids';

/** Letters and digits only: ids then never start with `-`, which would read as a CLI flag. */
const ALPHANUMERIC = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const LOWER_ALPHANUMERIC = '0123456789abcdefghijklmnopqrstuvwxyz';

const bugIdPart = customAlphabet(ALPHANUMERIC, 10);
const childIdPart = customAlphabet(LOWER_ALPHANUMERIC, 4);
/** The random part of an addition's file name: 36^6, so two people's names of one second never meet. */
export const randomAdditionSuffix = customAlphabet(LOWER_ALPHANUMERIC, 6);

/** Ids from nanoid's secure random source: 10 characters (about 59 bits) per bug. */
export const randomIds: IdSource = {
  bugId: () => bugIdPart() as BugId,
  hypothesisId: (taken) => uniqueChildId('h', taken) as HypothesisId,
  snippetId: (taken) => uniqueChildId('s', taken) as SnippetId,
};

function uniqueChildId(prefix: string, taken: ReadonlySet<string>): string {
  // 36^4 ids per prefix: a collision inside one bug is rare, and retried.
  for (;;) {
    const id = `${prefix}-${childIdPart()}`;
    if (!taken.has(id)) return id;
  }
}
