/**
 * The one path every surface takes to change a journal: the raw input is checked against the
 * operation's fields, the pure transition is applied to the bug as it is on disk under the
 * file's lock, and the file is written once. A large snippet's text goes to its attachment file
 * first, so the bug file only ever names an attachment that exists.
 */
import type { Bug, BugId, SnippetId } from '../model/types';
import { applyEdit, OPERATIONS, validateInput, type EditOperationName, type OperationContext, type SnippetInput } from '../model/operations';
import type { EditedBug, JournalStore, LoadedBug } from './journalStore';

/** Creates a bug (operation newBug) in a new file. */
export async function performCreate(store: JournalStore, raw: Readonly<Record<string, unknown>>, context: OperationContext): Promise<LoadedBug> {
  const input = validateInput('newBug', raw);
  return store.create(OPERATIONS.newBug.create(input, context));
}

/** Applies an edit operation to bug `id`: one lock, one write. */
export async function performEdit(
  store: JournalStore,
  name: EditOperationName,
  id: BugId,
  raw: Readonly<Record<string, unknown>>,
  context: OperationContext,
): Promise<EditedBug> {
  const checked: unknown = validateInput(name, raw);
  const input = name === 'attachSnippet' ? await moveLargeTextToAttachment(store, id, checked as SnippetInput, context) : checked;
  return store.update(id, (bug: Bug) => applyEdit(name, bug, input as never, context));
}

async function moveLargeTextToAttachment(store: JournalStore, id: BugId, input: SnippetInput, context: OperationContext): Promise<SnippetInput> {
  if (input.text === undefined || !store.needsAttachment(input.text)) return input;
  // The attachment is named after the snippet, so its id is chosen before the edit; should it
  // be taken meanwhile, the edit refuses the duplicate and the attachment is left unreferenced.
  const snippetId = (input.snippetId ?? context.ids.snippetId(new Set())) as SnippetId;
  const { text, ...rest } = input;
  return { ...rest, snippetId, path: await store.writeAttachment(id, snippetId, text) };
}
