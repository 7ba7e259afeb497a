import * as vscode from 'vscode';
import type { Journals } from './journals';

/** Bad bug files in the Problems panel, at their line and column, so a click goes to the fault. */
export function showProblemsAsDiagnostics(journals: Journals): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('bug-levels');
  const update = (): void => {
    collection.clear();
    const byUri = new Map<string, { uri: vscode.Uri; diagnostics: vscode.Diagnostic[] }>();
    for (const journal of journals.all) {
      for (const problem of journal.problems) {
        const uri = journal.uriOfProblem(problem);
        const position = new vscode.Position(Math.max(0, problem.line - 1), Math.max(0, problem.column - 1));
        const diagnostic = new vscode.Diagnostic(
          new vscode.Range(position, position.translate(0, 1)),
          problem.message,
          problem.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning,
        );
        diagnostic.source = 'Bug Levels';
        diagnostic.code = problem.yamlCode ?? problem.code;
        const entry = byUri.get(uri.toString()) ?? { uri, diagnostics: [] };
        entry.diagnostics.push(diagnostic);
        byUri.set(uri.toString(), entry);
      }
    }
    for (const { uri, diagnostics } of byUri.values()) collection.set(uri, diagnostics);
  };
  const listener = journals.onDidChange(update);
  update();
  return vscode.Disposable.from(listener, collection);
}
