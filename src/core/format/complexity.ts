/**
 * Bounds the YAML parser's work as it goes. The parser spends 2 to 15 µs on each lexical token (a
 * key, a value, a `-`, `:` or `,`, a space, a comment, a line break), the most when the token is
 * an error, so a 1 MiB file of tiny tokens (`a,a,a,...`, `[,,,,]`, 400,000 lines of `:`, of
 * comments or blank) costs it seconds, and deep flow nesting (`[[[[...`) ends in a stack overflow.
 *
 * The budget is counted on the parser's own input, not on an approximation of it: yaml's Lexer
 * cuts the text into tokens, each token is counted as it is handed to yaml's Parser, and the
 * nesting is read from the Parser's own stack of open collections. So nothing in the text (a
 * stray quote, an odd indentation, a tab) can make the count disagree with the parser's work; the
 * parse stops at the first token past a limit, having spent at most the budget's worth of time.
 * Errors are built without stack traces (most of their cost), since only their message and
 * position are ever used.
 */
import { Composer, Lexer, Parser, YAMLParseError, type Document, type DocumentOptions, type LineCounter, type ParseOptions, type SchemaOptions } from 'yaml';

/**
 * Most lexical tokens a bug file may have. The parser needs 0.1 to 0.5 s for this many (the most
 * when each is an error) on a 2-core machine. A real bug with 1,000 sessions, 200 hypotheses and
 * 500 timeline events has about 53,000. An edit that would pass the limit is refused (the file
 * stays as it was), so a file we write always loads again.
 */
export const MAX_TOKENS = 100_000;
/** Most YAML nodes a parsed bug file may hold (validate.ts checks it after parsing too). */
export const MAX_NODES = 50_000;
/** Deepest nesting of collections (`[`/`{`, indented blocks, `- ` items) a bug file may have; v1 needs 4. */
export const MAX_DEPTH = 32;

export interface ComplexityIssue {
  /** Offset in the text where the limit was passed. */
  readonly offset: number;
  readonly message: string;
}

export interface BudgetOptions {
  readonly maxTokens?: number;
  readonly maxDepth?: number;
}

type YamlOptions = ParseOptions & DocumentOptions & SchemaOptions;

/** Thrown from inside the token stream to stop the parser where a limit is passed. */
class OverBudget extends Error {
  constructor(readonly issue: ComplexityIssue) {
    super(issue.message);
  }
}

/**
 * yaml's parseDocument (one document; a second one is an error, as there), within the budget:
 * the document, or the first limit the text passes.
 */
export function parseDocumentWithinBudget(
  text: string,
  options: YamlOptions & { readonly lineCounter?: LineCounter },
  budget: BudgetOptions = {},
): { readonly document: Document } | { readonly tooComplex: ComplexityIssue } {
  const parser = new Parser(options.lineCounter?.addNewLine);
  const composer = new Composer(options);
  // As Parser.parse does: the first line starts at 0.
  options.lineCounter?.addNewLine(0);
  const errorClass = Error as { stackTraceLimit?: number };
  const traces = errorClass.stackTraceLimit;
  errorClass.stackTraceLimit = 0;
  try {
    let document: Document | undefined;
    for (const next of composer.compose(budgeted(parser, text, budget), true, text.length)) {
      if (!document) document = next as Document;
      else {
        document.errors.push(
          new YAMLParseError(
            next.range.slice(0, 2) as [number, number],
            'MULTIPLE_DOCS',
            'Source contains multiple documents; please use YAML.parseAllDocuments()',
          ),
        );
        break;
      }
    }
    // compose(…, forceDoc: true) always yields a document at the latest at its end.
    return { document: document as Document };
  } catch (error) {
    if (error instanceof OverBudget) return { tooComplex: error.issue };
    throw error;
  } finally {
    errorClass.stackTraceLimit = traces;
  }
}

/** The first limit the text passes, or undefined when it is within bounds (the parse, without building the document). */
export function scanComplexity(text: string, maxTokens = MAX_TOKENS, maxDepth = MAX_DEPTH): ComplexityIssue | undefined {
  try {
    for (const token of budgeted(new Parser(), text, { maxTokens, maxDepth })) void token;
    return undefined;
  } catch (error) {
    if (error instanceof OverBudget) return error.issue;
    throw error;
  }
}

/** What Parser.parse(text) yields, counting each lexical token as the parser takes it. */
function* budgeted(parser: Parser, text: string, budget: BudgetOptions): Generator<ReturnType<Parser['end']> extends Generator<infer T> ? T : never> {
  const maxTokens = budget.maxTokens ?? MAX_TOKENS;
  const maxDepth = budget.maxDepth ?? MAX_DEPTH;
  let tokens = 0;
  for (const lexeme of new Lexer().lex(text)) {
    if (++tokens > maxTokens) throw new OverBudget({ offset: parser.offset, message: tooMany(maxTokens) });
    yield* parser.next(lexeme);
    // The stack holds the document, then each open collection, then the node being read.
    if (parser.stack.length > maxDepth + 1 && nesting(parser) > maxDepth) throw new OverBudget({ offset: parser.offset, message: tooDeep(maxDepth) });
  }
  yield* parser.end();
}

/** Collections open on the parser's stack. */
function nesting(parser: Parser): number {
  let depth = 0;
  for (const token of parser.stack) if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') depth++;
  return depth;
}

function tooMany(maxTokens: number): string {
  return `The file has more than ${maxTokens} YAML tokens (keys, values, punctuation, spaces, comments, lines); a bug file is far smaller. Move large data into attachments.`;
}

function tooDeep(maxDepth: number): string {
  return `The file nests deeper than ${maxDepth} levels; a bug file never does.`;
}
