// The Testing view's discovery, extension-host side (NOTTE_BENCH_MODE=testing): one side per VS Code
// launch (NOTTE_BENCH_SIDE). "ours": the workspace holds the bench's sets files, the extension is
// active (workspaceContains, as for a user) and has listed nothing yet; "empty": no sets file, and the
// bench's empty-controller extension is active instead. Either way the script then opens the Testing
// view and notes when; the bench (testingView.ts) watches the workbench's DOM for the items. The two
// sides meet through files named after NOTTE_BENCH_HANDSHAKE.
import * as fs from 'fs';
import * as vscode from 'vscode';
import { EXTENSION_ID, sleep, waitForFile } from './hostHandshake';
import { EMPTY_CONTROLLER_EXTENSION_ID, EMPTY_CONTROLLER_RESOLVES, TESTING_FUNCTIONS, TESTING_SETS } from './testingShared';

interface ItemView {
  children: unknown[];
}

export async function testingBench(out: Record<string, unknown>): Promise<void> {
  const handshake = process.env.NOTTE_BENCH_HANDSHAKE!;
  const side = process.env.NOTTE_BENCH_SIDE;
  const ours = vscode.extensions.getExtension(EXTENSION_ID)!;
  out.oursActiveAtStart = ours.isActive;
  let items: (() => ItemView[]) | undefined;
  if (side === 'ours') {
    // Active already (the workspace contains sets files); activate() answers its exports.
    const api = await ((await ours.activate()) as { testing(): Promise<{ testItems(): ItemView[] }> }).testing();
    items = () => api.testItems();
    out.itemsBeforeView = items().length;
  } else {
    const empty = vscode.extensions.getExtension(EMPTY_CONTROLLER_EXTENSION_ID);
    if (!empty) throw new Error(`${EMPTY_CONTROLLER_EXTENSION_ID} is not installed`);
    await empty.activate();
  }
  // Let the workbench settle after start-up, then wait until the bench watches the page.
  await sleep(3000);
  fs.writeFileSync(`${handshake}.ready`, '1');
  await waitForFile(`${handshake}.armed`, 60_000);
  out.openedAt = Date.now();
  await vscode.commands.executeCommand('workbench.view.testing.focus');
  out.focusReturnedAt = Date.now();
  if (side !== 'ours') {
    // When the empty controller was asked for its items and answered (it notes both).
    const deadline = Date.now() + 60_000;
    let resolves: { calledAt: number; returnedAt: number }[] = [];
    while (resolves.length === 0 && Date.now() < deadline) {
      resolves = (await vscode.commands.executeCommand<{ calledAt: number; returnedAt: number }[]>(EMPTY_CONTROLLER_RESOLVES)) ?? [];
      if (resolves.length === 0) await sleep(5);
    }
    out.resolves = resolves;
    fs.writeFileSync(`${handshake}.resolved`, JSON.stringify(resolves));
  }
  await waitForFile(`${handshake}.shown`, 120_000);
  if (items) {
    const listed = items();
    out.itemsListed = listed.length;
    out.setsListed = listed.reduce((n, item) => n + item.children.length, 0);
    if (listed.length !== TESTING_FUNCTIONS || out.setsListed !== TESTING_FUNCTIONS * TESTING_SETS)
      throw new Error(`the controller lists ${listed.length} functions and ${String(out.setsListed)} sets`);
  }
}
