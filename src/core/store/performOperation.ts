/**
 * The one path every surface takes to change a journal: the raw input is checked against the
 * operation's fields, the pure transition is applied to the bug as it is on disk under the
 * file's lock, and recorded as one new addition file beside the bug's header (additions.ts). A large snippet's text goes to its attachment file
 * under the same lock, just before the bug file (JournalStore.update), so the bug file only ever
 * names an attachment that exists, and an attachment whose edit did not land is removed.
 */
import type { BugId, SnippetId } from '../model/types';
import { OPERATIONS, validateInput, type EditOperationName, type OperationContext, type SnippetInput } from '../model/operations';
import { attachmentPath } from '../model/paths';
import type { EditedBug, JournalStore, LoadedBug, PendingAttachment } from './journalStore';

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
  const moved = name === 'attachSnippet' ? largeTextToAttachment(store, id, checked as SnippetInput, context) : undefined;
  const input = moved?.input ?? checked;
  // One new addition file beside the bug's header (issue 17): concurrent edits never touch the same lines.
  return store.append(id, name, input as never, context, moved?.attachment);
}

/** A snippet too large for the bug file: its input naming the attachment, and the attachment to write. */
function largeTextToAttachment(
  store: JournalStore,
  id: BugId,
  input: SnippetInput,
  context: OperationContext,
): { input: SnippetInput; attachment: PendingAttachment } | undefined {
  if (input.text === undefined || !store.needsAttachment(input.text)) return undefined;
  // The attachment is named after the snippet, so its id is chosen before the edit; should it be
  // taken meanwhile, the edit refuses the duplicate before the attachment is written.
  const snippetId = (input.snippetId ?? context.ids.snippetId(new Set())) as SnippetId;
  const { text, ...rest } = input;
  return { input: { ...rest, snippetId, path: attachmentPath(id, snippetId) }, attachment: { snippetId, text } };
}
