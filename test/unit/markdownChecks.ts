/**
 * Checks of rendered markdown through a real parser (markdown-it, CommonMark with GFM tables),
 * rather than string matching: what a reader would see, token by token.
 */
import MarkdownIt from 'markdown-it';

type Token = MarkdownIt.Token;

// HTML enabled on purpose: if any journal text could turn into HTML, this parser would show it
// as html_inline / html_block tokens. (With html: false it never emits them, so it could not tell.)
const withHtml = new MarkdownIt({ html: true });
const withoutHtml = new MarkdownIt({ html: false });

/** Block tokens of the markdown, HTML allowed. */
export function tokens(markdown: string): Token[] {
  return withHtml.parse(markdown, {});
}

/** The markdown as HTML, the way a renderer with HTML switched off shows it. */
export function renderSafe(markdown: string): string {
  return withoutHtml.render(markdown);
}

/** Every token, children included. */
export function allTokens(markdown: string): Token[] {
  return tokens(markdown).flatMap((token) => [token, ...(token.children ?? [])]);
}

/** The HTML tokens anywhere in the markdown (journal text must produce none). */
export function htmlTokens(markdown: string): Token[] {
  return allTokens(markdown).filter((token) => token.type === 'html_inline' || token.type === 'html_block');
}

/** The fenced code blocks: their info string and exact content. */
export function fences(markdown: string): Array<{ info: string; content: string }> {
  return tokens(markdown)
    .filter((token) => token.type === 'fence')
    .map((token) => ({ info: token.info, content: token.content }));
}

/** A table cell or heading as a reader sees it: the kinds of its inline tokens and their text. */
export interface InlineText {
  readonly types: string[];
  readonly text: string;
}

/** Each table as rows of cells, as the GFM table rule splits them. */
export function tables(markdown: string): InlineText[][][] {
  const out: InlineText[][][] = [];
  let table: InlineText[][] | undefined;
  let row: InlineText[] | undefined;
  for (const token of tokens(markdown)) {
    if (token.type === 'table_open') table = [];
    else if (token.type === 'table_close' && table) {
      out.push(table);
      table = undefined;
    } else if (token.type === 'tr_open') row = [];
    else if (token.type === 'tr_close' && row) {
      table?.push(row);
      row = undefined;
    } else if (token.type === 'inline' && row) row.push(inlineText(token));
  }
  return out;
}

/** The headings of one level, as a reader sees them. */
export function headings(markdown: string, level: number): InlineText[] {
  const list = tokens(markdown);
  const out: InlineText[] = [];
  list.forEach((token, index) => {
    const inline = list[index + 1];
    if (token.type === 'heading_open' && token.tag === `h${level}` && inline) out.push(inlineText(inline));
  });
  return out;
}

function inlineText(token: Token): InlineText {
  const children = token.children ?? [];
  return { types: [...new Set(children.map((child) => child.type))], text: children.map((child) => child.content).join('') };
}

/** The links in the markdown: their destinations and text. */
export function links(markdown: string): Array<{ href: string; text: string }> {
  const out: Array<{ href: string; text: string }> = [];
  for (const token of tokens(markdown)) {
    const children = token.children ?? [];
    children.forEach((child, index) => {
      if (child.type !== 'link_open') return;
      let text = '';
      for (let i = index + 1; i < children.length && children[i]?.type !== 'link_close'; i++) text += children[i]?.content ?? '';
      out.push({ href: String(child.attrGet('href') ?? ''), text });
    });
  }
  return out;
}
