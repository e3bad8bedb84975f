// Runs start a version manager's shim (a `python3` in a `shims` folder, as pyenv's) by the
// interpreter it stands for once that is known, and any other interpreter exactly as given.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { locate } from '../../../src/server/interpreterPath';
import { FIXTURE_FUNCTIONS_DIR, startTestServer, tempDir, TestServer } from '../helpers/localServer';
import { call } from './util';

/**
 * A script named python3 in `folder` that notes each start (its first two arguments, on one line) in
 * a file beside it, then runs the real interpreter.
 */
function countingInterpreter(folder: string): { file: string; starts: () => string[] } {
  const real = execFileSync('python3', ['-c', 'import sys; sys.stdout.write(sys.executable)'], { encoding: 'utf8' });
  fs.mkdirSync(folder, { recursive: true });
  const file = path.join(folder, 'python3');
  const counter = path.join(folder, 'starts');
  fs.writeFileSync(file, `#!/bin/sh\nprintf '%s %s\\n' "$1" "$(printf '%s' "$2" | head -c 40 | tr '\\n' ' ')" >> '${counter}'\nexec '${real}' "$@"\n`, { mode: 0o755 });
  return { file, starts: () => (fs.existsSync(counter) ? fs.readFileSync(counter, 'utf8').split('\n').filter(Boolean) : []) };
}

/** Starts of a run's harness (`python3 -u …`), as against the server's questions (`-c …`). */
const runStarts = (starts: string[]) => starts.filter((line) => line.startsWith('-u ')).length;

async function runOnce(server: TestServer, value: string): Promise<void> {
  const answer = await call(server, 'POST', '/functions/slow/runs/start', { variables: { seconds: 0, value }, stream: false });
  assert.strictEqual(answer.status, 200, answer.text);
  assert.strictEqual(answer.json.status, 'closed', answer.text);
  assert.strictEqual(answer.json.result, value, 'a string result is the string itself');
}

describe('local server: the interpreter a run starts', function () {
  this.timeout(60_000);
  if (process.platform === 'win32') return;
  let server: TestServer | undefined;
  afterEach(async () => server?.close());

  // The server also starts the interpreter to read the functions' signatures, so what is counted is
  // what each run adds.
  it('starts a shim once per folder, then the interpreter it stands for', async () => {
    const shim = countingInterpreter(path.join(tempDir('notte-shims-'), 'shims'));
    server = await startTestServer({ functionsDir: FIXTURE_FUNCTIONS_DIR, python: shim.file });
    const added: number[] = [];
    for (let run = 1; run <= 8 && !(added.length >= 2 && added.slice(-2).every((n) => n === 0)); run++) {
      const before = runStarts(shim.starts());
      await runOnce(server, `run ${run}`);
      added.push(runStarts(shim.starts()) - before);
    }
    // Runs that start before the answer is in start the shim; after it, none does.
    assert.deepStrictEqual(added.slice(-2), [0, 0], `runs that started the shim: ${added.join(', ')}`);
    const asked = shim.starts().filter((line) => line.includes('sys.stdout.write(sys.exec'));
    assert.strictEqual(asked.length, 1, `the shim was asked what it stands for once: ${JSON.stringify(shim.starts())}`);
  });

  it('starts any other interpreter, a wrapper script included, as given on every run', async () => {
    const wrapper = countingInterpreter(path.join(tempDir('notte-wrapper-'), 'bin'));
    server = await startTestServer({ functionsDir: FIXTURE_FUNCTIONS_DIR, python: wrapper.file });
    const added: number[] = [];
    for (let run = 1; run <= 4; run++) {
      const before = runStarts(wrapper.starts());
      await runOnce(server, `run ${run}`);
      added.push(runStarts(wrapper.starts()) - before);
    }
    assert.deepStrictEqual(added, [1, 1, 1, 1]);
    assert.ok(!wrapper.starts().some((line) => line.includes('sys.stdout.write(sys.exec')), 'a wrapper is never asked what it stands for');
  });

  it('finds a bare name on PATH as the shell does', () => {
    const folder = path.join(tempDir('notte-path-'), 'shims');
    const shim = countingInterpreter(folder);
    assert.strictEqual(locate('python3', ['/nonexistent', folder].join(path.delimiter)), shim.file);
    assert.strictEqual(locate('no-such-python', folder), undefined);
    assert.strictEqual(locate('/some/where/python3', ''), '/some/where/python3');
  });
});
