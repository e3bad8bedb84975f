// The browser panel's rows, extension-host side (NOTTE_BENCH_MODE=recorder): opens the panel on a new
// session (Record a New Function…, as the palette runs it) and closes it again (which stops the session
// it started), each when the bench asks; the bench (recorder.ts) times what the panel's webview frame
// shows. The two sides meet through files named after NOTTE_BENCH_HANDSHAKE: the bench writes
// `<handshake>.cmd.<n>.json` ({op: open | close | done}), this script answers `<handshake>.ans.<n>.json`.
import * as fs from 'fs';
import * as vscode from 'vscode';
import { closeAll, EXTENSION_ID, waitForFile } from './hostHandshake';

export interface RecorderAnswer {
  /** Date.now() just before the command. */
  startedAt: number;
  /** Date.now() when it returned. */
  answeredAt: number;
  sessionId?: string;
}

export async function recorderBench(out: Record<string, unknown>): Promise<void> {
  const handshake = process.env.NOTTE_BENCH_HANDSHAKE!;
  await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
  await vscode.workspace.getConfiguration('notte').update('apiUrl', process.env.NOTTE_BENCH_SERVER_URL, vscode.ConfigurationTarget.Global);
  await vscode.commands.executeCommand('notte.setApiKey', process.env.NOTTE_BENCH_SERVER_KEY);
  const answers: RecorderAnswer[] = [];
  for (let n = 0; ; n++) {
    const { op } = JSON.parse(await waitForFile(`${handshake}.cmd.${n}.json`, 600_000)) as { op: 'open' | 'close' | 'done' };
    if (op === 'done') break;
    const startedAt = Date.now();
    let sessionId: string | undefined;
    if (op === 'open') sessionId = await vscode.commands.executeCommand<string | undefined>('notte.recordNewFunction');
    else await closeAll();
    const answer: RecorderAnswer = { startedAt, answeredAt: Date.now(), sessionId };
    answers.push(answer);
    fs.writeFileSync(`${handshake}.ans.${n}.json`, JSON.stringify(answer));
  }
  await closeAll();
  out.answers = answers;
}
