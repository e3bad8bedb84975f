// The function page's rows, extension-host side (NOTTE_BENCH_MODE=page): opens the page of lines.py
// and a trivial webview panel of the bench's, cold (the first of each in this window) and warm (again
// after closing it), each from a command issued here (for the page: with its row of the Notte view, as a click); the bench (page.ts) reads when each was painted
// from inside its webview frame. Then opens the page once more for the streaming rows, which the bench
// drives from the page itself. The two sides meet through files named after NOTTE_BENCH_HANDSHAKE.
import * as fs from 'fs';
import * as vscode from 'vscode';
import { closeAll, EXTENSION_ID, sleep, waitForFile } from './hostHandshake';
import { BENCH_FUNCTION, OpenRequest, OpenResult, TRIVIAL_ID } from './pageShared';

function openTrivial(): vscode.WebviewPanel {
  // Scripts enabled like the page's (the bench's probe runs in the frame; the panel has no script of its own).
  const panel = vscode.window.createWebviewPanel('notteBench.trivial', 'Bench: trivial panel', vscode.ViewColumn.Active, { enableScripts: true });
  panel.webview.html = `<!DOCTYPE html><html lang="en"><head><meta charset="UTF-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><body><h1 id="${TRIVIAL_ID}">A trivial panel</h1></body></html>`;
  return panel;
}

export async function pageBench(out: Record<string, unknown>): Promise<void> {
  const phases: [string, number][] = [['host script started', Date.now()]];
  out.phases = phases;
  const handshake = process.env.NOTTE_BENCH_HANDSHAKE!;
  const rep = Number(process.env.NOTTE_BENCH_REP ?? 0);
  const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
  await extension.activate();
  await vscode.workspace.getConfiguration('notte').update('apiUrl', process.env.NOTTE_BENCH_SERVER_URL, vscode.ConfigurationTarget.Global);
  await vscode.commands.executeCommand('notte.setApiKey', process.env.NOTTE_BENCH_SERVER_KEY);
  // One run through the extension first, so the window's WindowContext, the API client and its HTTP stack are
  // loaded (as after a user's first command): the cold open then pays for the page's own code.
  const warm = await vscode.commands.executeCommand<{ status?: string }>('notte.runFunction', BENCH_FUNCTION, { count: 10 });
  if (warm?.status !== 'closed') throw new Error(`the warm-up run ended ${JSON.stringify(warm)}`);
  await closeAll();
  // The page is opened as a click on the function's row in the Notte view does: with the row's node,
  // whose description (variables included) the view listed; the page then draws its form from its HTML.
  const api = await (extension.exports as { testing(): Promise<{ treeChildren(): Promise<{ fn?: { function_id?: string } }[]> }> }).testing();
  const row = (await api.treeChildren()).find((node) => node.fn?.function_id === BENCH_FUNCTION);
  if (!row) throw new Error(`the Notte view does not list ${BENCH_FUNCTION}`);
  phases.push(['warm-up run done', Date.now()]);

  let n = 0;
  const results: OpenResult[] = [];
  const open = async (kind: OpenRequest['kind'], phase: OpenRequest['phase']): Promise<OpenResult> => {
    const id = n++;
    fs.writeFileSync(`${handshake}.open.${id}.json`, JSON.stringify({ n: id, kind, phase }));
    const request: OpenRequest = { n: id, kind, phase, startedAt: Date.now() };
    if (kind === 'trivial') openTrivial();
    else if (!(await vscode.commands.executeCommand<boolean>('notte.openFunctionPage', row))) throw new Error('notte.openFunctionPage answered false');
    const answeredAt = Date.now();
    const answer = JSON.parse(await waitForFile(`${handshake}.painted.${request.n}.json`, 60_000)) as Omit<OpenResult, keyof OpenRequest | 'answeredAt'>;
    const result: OpenResult = { ...request, answeredAt, ...answer };
    results.push(result);
    return result;
  };

  // An uncounted panel first: whichever webview came first would pay for the workbench's webview
  // machinery (its service worker, the host frame's code), which neither side owns.
  await open('trivial', 'warm-up');
  await closeAll();
  // The workbench is still busy for a while after start-up (in trials the first open after the
  // warm-up, page or trivial alike, took seconds more than the next ones); let it settle first.
  await sleep(3000);
  const order: OpenRequest['kind'][] = rep % 2 === 0 ? ['page', 'trivial'] : ['trivial', 'page'];
  for (const phase of ['cold', 'warm'] as const)
    for (const kind of order) {
      await open(kind, phase);
      await closeAll();
    }
  phases.push(['opens done', Date.now()]);
  await open('page', 'stream');
  fs.writeFileSync(`${handshake}.stream`, '1');
  await waitForFile(`${handshake}.stream.done`, 600_000);
  phases.push(['streaming done', Date.now()]);
  await closeAll();
  out.opens = results;
}
