/**
 * Reads the `vscode.l10n.t(…)` calls and the user-facing string literals out of the TypeScript
 * sources with the TypeScript parser (comments, regular expressions and nested templates are
 * no trouble for it), for the localization test.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

/** One `l10n.t('message', …args)` call. */
export interface L10nCall {
  readonly file: string;
  readonly line: number;
  /** The message (the bundle key), or undefined when the first argument is not a plain string literal. */
  readonly message: string | undefined;
  /** Arguments after the message. */
  readonly argCount: number;
}

/** A string literal in a place the user sees, that is not run through l10n.t. */
export interface Finding {
  readonly file: string;
  readonly line: number;
  readonly text: string;
  readonly why: string;
}

/** `{0}`, `{1}` … in a message, sorted, without repeats. */
export function placeholders(message: string): number[] {
  return [...new Set([...message.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1])))].sort((a, b) => a - b);
}

/** `$(bug)`, `$(clock)` … in a message, in order. */
export function codicons(message: string): string[] {
  return [...message.matchAll(/\$\([a-z0-9~-]+\)/g)].map((m) => m[0]);
}

/** Every .ts file under `dir`. */
export function typeScriptFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(full);
    return entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/**
 * The files whose user-facing texts must be localized: every .ts file of the VS Code layer
 * (src/host, at any depth) and src/extension.ts, without any list to keep up to date.
 */
export function hostSourceFiles(root: string): string[] {
  const extension = path.join(root, 'src', 'extension.ts');
  return [...typeScriptFiles(path.join(root, 'src', 'host')), ...(fs.existsSync(extension) ? [extension] : [])].sort();
}

/** Parses `file`, or `contents` under its name when given (a sample that exists only in memory). */
function parse(file: string, contents?: string): ts.SourceFile {
  return ts.createSourceFile(file, contents ?? fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
}

function lineOf(source: ts.SourceFile, node: ts.Node): number {
  return source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
}

/** `vscode.l10n.t` or `l10n.t`. */
function isL10nT(expression: ts.Expression): boolean {
  return (
    ts.isPropertyAccessExpression(expression) &&
    expression.name.text === 't' &&
    ((ts.isIdentifier(expression.expression) && expression.expression.text === 'l10n') ||
      (ts.isPropertyAccessExpression(expression.expression) && expression.expression.name.text === 'l10n'))
  );
}

function walk(node: ts.Node, visit: (node: ts.Node) => void): void {
  visit(node);
  node.forEachChild((child) => walk(child, visit));
}

/** Every l10n.t call of the file (or of `contents`, under the file's name). */
export function l10nCalls(file: string, contents?: string): L10nCall[] {
  const source = parse(file, contents);
  const calls: L10nCall[] = [];
  walk(source, (node) => {
    if (!ts.isCallExpression(node) || !isL10nT(node.expression)) return;
    const [first, ...rest] = node.arguments;
    calls.push({ file, line: lineOf(source, node), message: first && ts.isStringLiteral(first) ? first.text : undefined, argCount: rest.length });
  });
  return calls;
}

/** The static text of a literal (a template's text between its `${…}` parts, joined by a space). */
function staticText(node: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral | ts.TemplateExpression): string {
  if (!ts.isTemplateExpression(node)) return node.text;
  return [node.head.text, ...node.templateSpans.map((span) => span.literal.text)].join(' ');
}

/** Reads as English words: two words, or a capitalised word (codicons and `${…}` aside). */
export function looksLikeProse(text: string): boolean {
  const words = text.replace(/\$\([a-z0-9~-]+\)/g, ' ');
  return /[A-Za-z]{2,}/.test(words) && (/[A-Za-z]{2,}[,.:;!?'"]*\s+['"(]?[A-Za-z]/.test(words) || /^[^A-Za-z]*[A-Z][a-z]/.test(words));
}

/** Parentheses, `a ? b : c` and `a ?? b` / `a || b` do not change where a value goes. */
function isPassThrough(parent: ts.Node, child: ts.Node): boolean {
  if (ts.isParenthesizedExpression(parent) || ts.isAsExpression(parent)) return true;
  if (ts.isConditionalExpression(parent)) return parent.whenTrue === child || parent.whenFalse === child;
  if (ts.isBinaryExpression(parent))
    return parent.right === child && [ts.SyntaxKind.QuestionQuestionToken, ts.SyntaxKind.BarBarToken].includes(parent.operatorToken.kind);
  // A literal inside `${…}` of a template ends up in the template's text.
  if (ts.isTemplateSpan(parent)) return parent.expression === child;
  if (ts.isTemplateExpression(parent)) return true;
  return false;
}

/** Where a value ends up: the nearest node above it that is not a pass-through. */
function destination(node: ts.Node): { parent: ts.Node; child: ts.Node } {
  let child = node;
  let parent = node.parent;
  while (parent && isPassThrough(parent, child)) {
    child = parent;
    parent = parent.parent;
  }
  return { parent, child };
}

function calleeName(call: ts.CallExpression | ts.NewExpression): string {
  const callee = call.expression;
  if (ts.isIdentifier(callee)) return callee.text;
  if (ts.isPropertyAccessExpression(callee)) return callee.name.text;
  return '';
}

function receiverName(call: ts.CallExpression): string {
  const callee = call.expression;
  return ts.isPropertyAccessExpression(callee) && ts.isIdentifier(callee.expression) ? callee.expression.text : '';
}

function propertyName(name: ts.PropertyName): string {
  return ts.isIdentifier(name) || ts.isStringLiteral(name) ? name.text : '';
}

/** Functions whose first argument the user reads. */
const SHOWN_ARGUMENT = new Set([
  'showInformationMessage',
  'showWarningMessage',
  'showErrorMessage',
  'setStatusBarMessage',
  'TreeItem',
  'appendText',
  'appendMarkdown',
]);
/** Comparisons: a literal compared with a value (`error.code === 'FileNotFound'`, `case 'x':`) is never shown. */
const COMPARISON = new Set([
  ts.SyntaxKind.EqualsEqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsEqualsToken,
  ts.SyntaxKind.EqualsEqualsToken,
  ts.SyntaxKind.ExclamationEqualsToken,
]);
/** Properties the user reads: input boxes, quick picks, tree items, status bar items, pickBug's options. */
const SHOWN_PROPERTY = new Set([
  'title',
  'prompt',
  'placeHolder',
  'placeholder',
  'label',
  'description',
  'detail',
  'tooltip',
  'text',
  'name',
  'message',
  'noneMessage',
  'validationMessage',
]);
/** Product names, not translated (URLs are not either). */
const NAMES = new Set(['Bug Levels']);

/**
 * String literals that reach the user without l10n.t. Two checks: (1) a literal (or a template
 * with words in it) given straight to a notification, status bar message, tree item or as a
 * prompt/title/placeHolder/label/description/tooltip/…; (2) any other literal that reads as
 * English prose. Exempt: l10n.t's message, thrown Error texts (programming errors), output
 * channel lines, `id:` values (stable ids), literals a value is compared with (error codes),
 * product names, and lines marked `// l10n-ignore: why` (journal content, which stays English).
 * Reads `file`, or `contents` under the file's name when given.
 */
export function untranslatedLiterals(file: string, contents?: string): Finding[] {
  const source = parse(file, contents);
  const lines = source.text.split('\n');
  const findings: Finding[] = [];
  walk(source, (node) => {
    if (!ts.isStringLiteral(node) && !ts.isNoSubstitutionTemplateLiteral(node) && !ts.isTemplateExpression(node)) return;
    const text = staticText(node);
    const line = lineOf(source, node);
    if (NAMES.has(text) || /^https?:\/\/\S+$/.test(text) || /\/\/ l10n-ignore\b/.test(lines[line - 1] ?? '')) return;
    if (ts.isImportDeclaration(node.parent) || ts.isExportDeclaration(node.parent) || ts.isLiteralTypeNode(node.parent)) return;
    const { parent, child } = destination(node);
    if (ts.isCallExpression(parent) && isL10nT(parent.expression) && parent.arguments[0] === child) return;
    let exempt = false;
    for (let up: ts.Node | undefined = node.parent; up && !exempt; up = up.parent) {
      if (ts.isNewExpression(up) && calleeName(up) === 'Error') exempt = true;
      if (ts.isCallExpression(up) && receiverName(up) === 'output') exempt = true;
    }
    if (exempt) return;
    if (ts.isPropertyAssignment(parent) && propertyName(parent.name) === 'id') return;
    if (ts.isBinaryExpression(parent) && COMPARISON.has(parent.operatorToken.kind)) return;
    if (ts.isCaseClause(parent) && parent.expression === child) return;

    let shown: string | undefined;
    if ((ts.isCallExpression(parent) || ts.isNewExpression(parent)) && parent.arguments?.[0] === child && SHOWN_ARGUMENT.has(calleeName(parent)))
      shown = `${calleeName(parent)}(…)`;
    if (ts.isPropertyAssignment(parent) && parent.initializer === child && SHOWN_PROPERTY.has(propertyName(parent.name)))
      shown = `${propertyName(parent.name)}: …`;
    if (
      ts.isBinaryExpression(parent) &&
      parent.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
      parent.right === child &&
      ts.isPropertyAccessExpression(parent.left) &&
      SHOWN_PROPERTY.has(parent.left.name.text)
    )
      shown = `.${parent.left.name.text} = …`;
    if (shown && /[A-Za-z]{2,}/.test(text.replace(/\$\([a-z0-9~-]+\)/g, ''))) {
      findings.push({ file, line, text, why: `a literal given to ${shown}` });
    } else if (looksLikeProse(text)) {
      findings.push({ file, line, text, why: 'English prose outside l10n.t' });
    }
  });
  return findings;
}
