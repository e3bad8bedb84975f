// A function's code run on this machine from its text (Run Locally downloads it; Run File Locally
// reads the editor): written to a private temporary folder for the run, removed afterwards
// whatever happened. No vscode import.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { LocalRunOptions, PythonRunOutcome, runPythonFunction } from './pythonRun';

export async function runFunctionCode(code: string, options: Omit<LocalRunOptions, 'file'>): Promise<PythonRunOutcome> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notte-local-run-'));
  const file = path.join(dir, 'notte_function.py');
  try {
    fs.writeFileSync(file, code);
    return await runPythonFunction({ ...options, file });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
