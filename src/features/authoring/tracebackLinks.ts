import vscode = require('vscode');
import { RUN_SCHEME } from '../../shared/contributions';
import type { RunFailures } from './runFailures';

/**
 * Makes `File "…", line N` in the Output channel and in run documents a link to the author's file at
 * that line, whatever path the run's copy of the file had.
 */
export class TracebackLinkProvider implements vscode.DocumentLinkProvider {
  constructor(private readonly failures: RunFailures) {}

  static selector(): vscode.DocumentSelector {
    return [{ scheme: 'output' }, { scheme: RUN_SCHEME }];
  }

  provideDocumentLinks(document: vscode.TextDocument): vscode.DocumentLink[] {
    const text = document.getText();
    if (!text.includes('File "')) return [];
    const functionId = document.uri.scheme === RUN_SCHEME ? functionOfRunDocument(document.uri) : undefined;
    return this.failures.frameLinks(text, functionId).map(({ frame, target }) => {
      const range = new vscode.Range(frame.textLine, frame.start, frame.textLine, frame.end);
      const link = new vscode.DocumentLink(range, target.with({ fragment: `L${frame.line}` }));
      link.tooltip = `Open ${vscode.workspace.asRelativePath(target)}, line ${frame.line}`;
      return link;
    });
  }
}

function functionOfRunDocument(uri: vscode.Uri): string | undefined {
  const match = /^\/([^/]+)\//.exec(uri.path);
  return match ? decodeURIComponent(match[1]) : undefined;
}
