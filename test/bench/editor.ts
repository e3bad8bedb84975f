// Runs a script in the extension host of a fresh code-server VS Code, the way the test harness runs
// the in-editor suite (its exported helpers; see test/harness).
import type { BenchContext } from './types';

export interface EditorRun {
  extensionTestsPath: string;
  env: Record<string, string>;
  timeoutMs?: number;
}

export async function runInEditor(ctx: BenchContext, run: EditorRun): Promise<void> {
  void ctx;
  void run;
  throw new Error('the test harness (test/harness) does not export a way to run a script in the editor yet');
}
