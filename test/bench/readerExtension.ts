// The in-editor "floor" build (issue 27): an extension that only reads a run's stream with the API
// client and counts its lines, nothing shown. Run in the same VS Code windows as ours (vscode.ts), it is
// what any extension that streams a run pays the editor; ours is measured against it. Bundled by
// test/harness/bench.js, packaged and installed beside ours by readerExtensionDir below.
import * as vscode from 'vscode';
import { NotteClient } from '../../src/api';

export function activate(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('notteBenchReader.run', async (baseUrl: string, key: string, functionId: string, variables: Record<string, unknown>) => {
      const client = new NotteClient({ baseUrl, apiKey: async () => key, origin: 'bench', userAgent: 'notte-functions-bench', sdkVersion: '0.0.0', requestTimeoutMs: 300_000 });
      let lines = 0;
      try {
        const result = await client.startRun(functionId, variables, { stream: true, runTimeoutMs: 300_000, handlers: { onLog: () => void lines++ } });
        return { status: result.status, lines };
      } finally {
        await client.close();
      }
    }),
  );
}

export function deactivate(): void {}
