import vscode = require('vscode');
import { describeError } from '../../core/ui/errorText';
import { FunctionRun, functionLabel, isTerminalStatus } from '../../api/types';
import { WindowContext } from '../../core/windowContext';
import { RUN_SCHEME } from '../../shared/contributions';
import { Disposables } from '../../shared/disposables';
import { redactSecrets } from '../../api/redact';
import { renderRunDocument } from './runDocumentText';

const LIVE_REFRESH_MS = 1000;

/** The tab shows the last segment: `title` ("progress_report 18:31:10") when given, else the run id. */
export function runDocumentUri(functionId: string, runId: string, title?: string): vscode.Uri {
  const ids = `/${encodeURIComponent(functionId)}/${encodeURIComponent(runId)}`;
  const name = title?.replace(/[/\\]/g, '-');
  return vscode.Uri.from({ scheme: RUN_SCHEME, path: name ? `${ids}/${name}.log` : `${ids}.log` });
}

function parseUri(uri: vscode.Uri): { functionId: string; runId: string } | undefined {
  const match = /^\/([^/]+)\/([^/]+?)(?:\.log|\/[^/]+\.log)$/.exec(uri.path);
  return match ? { functionId: decodeURIComponent(match[1]), runId: decodeURIComponent(match[2]) } : undefined;
}

/**
 * Read-only documents of runs (status, variables, result, logs). While a shown run is
 * active, its document is fetched again every second until the run ends.
 */
export class RunDocumentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly disposables = new Disposables();
  private readonly changed = this.disposables.add(new vscode.EventEmitter<vscode.Uri>());
  readonly onDidChange = this.changed.event;
  private readonly live = new Map<string, NodeJS.Timeout>();

  constructor(private readonly ctx: WindowContext) {
    this.disposables.add(
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc.uri.scheme === RUN_SCHEME) this.stopLive(doc.uri);
      }),
    );
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    const ids = parseUri(uri);
    if (!ids) return 'This is not a Notte run address.';
    let run: FunctionRun;
    try {
      run = await this.ctx.connection.client().getRun(ids.functionId, ids.runId);
    } catch (error) {
      this.stopLive(uri);
      return `Could not load run ${ids.runId} of ${ids.functionId}: ${describeError(error)}\n`;
    }
    const name = functionLabel(this.ctx.functions.loadedFunctions().find((f) => f.function_id === ids.functionId) ?? { function_id: ids.functionId });
    if (isTerminalStatus(run.status)) this.stopLive(uri);
    else this.keepLive(uri);
    return redactSecrets(renderRunDocument(run, name), [await this.ctx.connection.apiKey()]);
  }

  private keepLive(uri: vscode.Uri): void {
    const key = uri.toString();
    if (this.live.has(key)) return;
    this.live.set(
      key,
      setTimeout(() => {
        this.live.delete(key);
        this.changed.fire(uri);
      }, LIVE_REFRESH_MS),
    );
  }

  private stopLive(uri: vscode.Uri): void {
    const key = uri.toString();
    const timer = this.live.get(key);
    if (timer) clearTimeout(timer);
    this.live.delete(key);
  }

  dispose(): void {
    for (const timer of this.live.values()) clearTimeout(timer);
    this.live.clear();
    this.disposables.dispose();
  }
}
