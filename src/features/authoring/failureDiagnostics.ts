import vscode = require('vscode');

/**
 * One Problems entry per function file for its last failed run, at the line that raised; the next
 * run of that file replaces it, a success clears it.
 */
export class FailureDiagnostics implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('notte');

  report(file: vscode.Uri, line: number, message: string): void {
    const zeroBased = Math.max(0, line - 1);
    const range = new vscode.Range(zeroBased, 0, zeroBased, Number.MAX_SAFE_INTEGER);
    const diagnostic = new vscode.Diagnostic(range, message, vscode.DiagnosticSeverity.Error);
    diagnostic.source = 'Notte';
    this.collection.set(file, [diagnostic]);
  }

  clear(file: vscode.Uri): void {
    this.collection.delete(file);
  }

  dispose(): void {
    this.collection.dispose();
  }
}
