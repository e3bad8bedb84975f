// Runs test/suite inside the extension host of a real VS Code: VS Code's server with the smoke-test
// driver on, and the workbench opened in headless Chromium with the extension-development payload.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { startLocalServer, ROOT } = require('./lib/localServer');
const { ensureVSCode, startVSCodeServer, launchBrowser } = require('./lib/vscode');

const SUITE_DEADLINE_MS = Number(process.env.NOTTE_SUITE_TIMEOUT_MS || 15 * 60 * 1000);

/** @returns {Promise<{ passed: number, failed: number, failures: { title: string, error: string }[] }>} */
async function runSuite({ log = console.log } = {}) {
  await ensureVSCode(log);
  const local = await startLocalServer();
  const resultsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'notte-suite-results-')), 'results.json');
  const workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'notte-suite-workspace-'));
  let vscode;
  let browser;
  try {
    vscode = await startVSCodeServer({
      smokeDriver: true,
      logPrefix: '[suite vscode]',
      env: {
        NOTTE_API_URL: local.url,
        NOTTE_API_KEY: '',
        NOTTE_TEST_SERVER_URL: local.url,
        NOTTE_TEST_SERVER_KEY: local.key,
        NOTTE_SUITE_RESULTS: resultsFile,
        NOTTE_TEST_GREP: process.env.NOTTE_TEST_GREP ?? '',
      },
    });
    browser = await launchBrowser();
    const page = await browser.newPage();
    let exitCode;
    await page.exposeFunction('codeAutomationLog', (type, args) => {
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
    const deadline = Date.now() + SUITE_DEADLINE_MS;
    while (exitCode === undefined && Date.now() < deadline) await new Promise((r) => setTimeout(r, 250));
    if (exitCode === undefined) throw new Error(`the in-editor suite did not finish within ${SUITE_DEADLINE_MS / 1000} s`);
    if (!fs.existsSync(resultsFile)) {
      throw new Error(`the in-editor suite ended (exit ${exitCode}) without results: the extension host or the suite could not start.\n${vscode.output().slice(-3000)}`);
    }
    const results = JSON.parse(fs.readFileSync(resultsFile, 'utf8'));
    return results;
  } finally {
    await browser?.close().catch(() => undefined);
    await vscode?.stop();
    await local.stop();
    fs.rmSync(workspace, { recursive: true, force: true });
  }
}

module.exports = { runSuite };

if (require.main === module) {
  require('./lib/proc').stopAllOnExit();
  runSuite()
    .then((r) => {
      console.log(`${r.passed} passed, ${r.failed} failed`);
      process.exit(r.failed ? 1 : 0);
    })
    .catch((error) => {
      console.error(`VS Code could not run the suite: ${error.message}`);
      console.log('0 passed, 1 failed');
      process.exit(1);
    });
}
