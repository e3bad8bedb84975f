// What the bench's extension-host scripts (pageHost.ts, recorderHost.ts, testingHost.ts) share: our
// extension's id, and the files through which they meet the bench driving the workbench (the bench
// writes `<handshake>.<what>`, the script waits for it).
import * as fs from 'fs';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'notte-community.notte-functions';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The file's text once the bench has written it. */
export async function waitForFile(file: string, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!fs.existsSync(file)) {
    if (Date.now() > deadline) throw new Error(`the bench did not write ${file} within ${timeoutMs / 1000} s`);
    await sleep(10);
  }
  return fs.readFileSync(file, 'utf8');
}

/** Closes every editor and waits until no tab is left (a closed webview's frame goes with it). */
export async function closeAll(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  const deadline = Date.now() + 10_000;
  while (vscode.window.tabGroups.all.some((g) => g.tabs.length > 0) && Date.now() < deadline) await sleep(20);
}
