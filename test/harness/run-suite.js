// Runs test/suite inside the extension host of a real VS Code: VS Code's server with the smoke-test
// driver on, and the workbench opened in headless Chromium with the extension-development payload
// (the route of shared/vscode-testing.md). The suite's index writes its counts to a file we read back.
// Anything that keeps VS Code from running the suite is an error here, which run-all counts as a failure.
'use strict';
const fs = require('fs');
const path = require('path');
const { startLocalServer, ROOT } = require('./lib/localServer');
const { ensureVSCode, installVsix, startVSCodeServer, launchBrowser } = require('./lib/vscode');
const { run, tempDir, removeTempDir } = require('./lib/proc');

const SUITE_DEADLINE_MS = Number(process.env.NOTTE_SUITE_TIMEOUT_MS || 10 * 60 * 1000);
const STARTUP_DEADLINE_MS = 120_000;

/**
 * An extensions folder holding test/suite/fixtures/python-extension, a stand-in for the Python
 * extension's interpreter API (same id; the real one cannot be downloaded on these machines). It is
 * installed, not loaded for development: VS Code's web workbench takes one development path.
 */
async function withPythonStandIn(scratch) {
  const source = path.join(ROOT, 'test', 'suite', 'fixtures', 'python-extension');
  const vsix = path.join(scratch, 'python-stand-in.vsix');
  await run('npx', ['vsce', 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix], {
    cwd: source,
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const extensionsDir = path.join(scratch, 'extensions');
  await installVsix(vsix, extensionsDir);
  return extensionsDir;
}

/**
 * @param {{ log?: (line: string) => void, grep?: string, settings?: object }} options
 * @returns {Promise<{ passed: number, failed: number, failures: { title: string, error: string }[] }>}
 */
async function runSuite({ log = console.log, grep = process.env.NOTTE_TEST_GREP, settings } = {}) {
  const index = path.join(ROOT, 'out', 'test', 'suite', 'index.js');
  if (!fs.existsSync(index)) throw new Error(`${index} is missing: run "npx tsc -p tsconfig.test.json" first`);
  await ensureVSCode(log);
  const local = await startLocalServer();
  const scratch = tempDir('notte-suite-');
  const resultsFile = path.join(scratch, 'results.json');
  const workspace = path.join(scratch, 'workspace');
  fs.mkdirSync(workspace);
  const extensionsDir = await withPythonStandIn(scratch);
  let vscode;
  let browser;
  try {
    vscode = await startVSCodeServer({
      smokeDriver: true,
      logPrefix: '[suite vscode]',
      extensionsDir,
      settings,
      env: {
        // What the extension reads: the local server, and no key (tests set one when they want it).
        NOTTE_API_URL: local.url,
        NOTTE_API_KEY: '',
        // What the tests read, to check state through real HTTP.
        NOTTE_TEST_SERVER_URL: local.url,
        NOTTE_TEST_SERVER_KEY: local.key,
        NOTTE_TEST_FUNCTIONS_DIR: local.functionsDir,
        NOTTE_TEST_WORKSPACE: workspace,
        NOTTE_SUITE_RESULTS: resultsFile,
        NOTTE_TEST_GREP: grep ?? '',
      },
    });
    browser = await launchBrowser();
    const page = await browser.newPage();
    let exitCode;
    let crashed;
    let lastActivity = Date.now();
    page.on('crash', () => (crashed = 'the workbench page crashed'));
    await page.exposeFunction('codeAutomationLog', (type, args) => {
      lastActivity = Date.now();
      const text = Array.isArray(args) ? args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' ') : String(args ?? '');
      // The extension host's whole console arrives here; the suite's own lines carry a marker.
      for (const line of text.split('\n')) {
        if (line.startsWith('[suite] ')) log(line.slice(8));
        else if (process.env.NOTTE_TEST_VERBOSE && line.trim()) log(`[host] ${line}`);
      }
    });
    await page.exposeFunction('codeAutomationExit', (code) => {
      exitCode = Number(code);
    });
    const remote = (p) => `vscode-remote://127.0.0.1:${vscode.port}${p}`;
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', remote(ROOT)],
      ['extensionTestsPath', remote(path.join(ROOT, 'out', 'test', 'suite', 'index'))],
    ]);
    await page.goto(`${vscode.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(payload)}`);
    try {
      await page.locator('.monaco-workbench').waitFor({ timeout: STARTUP_DEADLINE_MS });
    } catch {
      throw new Error(`VS Code's workbench did not appear within ${STARTUP_DEADLINE_MS / 1000} s.\n${vscode.output().slice(-3000)}`);
    }
    const deadline = Date.now() + SUITE_DEADLINE_MS;
    while (exitCode === undefined) {
      if (crashed) throw new Error(crashed);
      if (vscode.exited()) throw new Error(`VS Code's server exited while the suite ran.\n${vscode.output().slice(-3000)}`);
      if (Date.now() > deadline)
        throw new Error(`the in-editor suite did not finish within ${SUITE_DEADLINE_MS / 1000} s (last output ${Math.round((Date.now() - lastActivity) / 1000)} s ago)`);
      await new Promise((r) => setTimeout(r, 250));
    }
    if (!fs.existsSync(resultsFile)) {
      throw new Error(`the in-editor suite ended (exit ${exitCode}) without results: the extension host or the suite could not start.\n${vscode.output().slice(-3000)}`);
    }
    const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    if (exitCode !== 0 && results.failed === 0) {
      // run() rejected for a reason that is not a test's (a suite file that failed to load…).
      results.failed = 1;
      results.failures.push({ title: 'the in-editor suite', error: `exited with code ${exitCode} and no failed test` });
    }
    if (results.passed + results.failed === 0) throw new Error('the in-editor suite ran no test');
    return results;
  } finally {
    await browser?.close().catch(() => undefined);
    await vscode?.stop();
    await local.stop();
    removeTempDir(scratch);
  }
}

module.exports = { runSuite };

if (require.main === module) {
  require('./lib/proc').stopAllOnExit();
  runSuite()
    .then((r) => {
      for (const failure of r.failures) console.log(`  ✘ ${failure.title}\n${failure.error}`);
      console.log(`${r.passed} passed, ${r.failed} failed`);
      process.exitCode = r.failed ? 1 : 0;
    })
    .catch((error) => {
      console.error(`VS Code could not run the suite: ${error.message}`);
      console.log('0 passed, 1 failed');
      process.exitCode = 1;
    });
}
