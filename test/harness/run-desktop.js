// The same in-editor suite in a desktop VS Code, for contributors whose machine can download one
// (@vscode/test-electron fetches it). CI here uses run-suite.js instead: these machines reach only
// the npm registry, so no desktop build can be had.
'use strict';
const path = require('path');
const { runTests } = require('@vscode/test-electron');
const { startLocalServer, ROOT } = require('./lib/localServer');
const { stopAllOnExit } = require('./lib/proc');

async function main() {
  stopAllOnExit();
  const server = await startLocalServer();
  try {
    await runTests({
      // With the suite's stand-in for the Python extension's interpreter API (see run-suite.js).
      extensionDevelopmentPath: [ROOT, path.join(ROOT, 'test', 'suite', 'fixtures', 'python-extension')],
      extensionTestsPath: path.join(ROOT, 'out', 'test', 'suite', 'index'),
      extensionTestsEnv: {
        NOTTE_API_URL: server.url,
        NOTTE_API_KEY: '',
        NOTTE_TEST_SERVER_URL: server.url,
        NOTTE_TEST_SERVER_KEY: server.key,
        NOTTE_TEST_FUNCTIONS_DIR: server.functionsDir,
        NOTTE_TEST_GREP: process.env.NOTTE_TEST_GREP ?? '',
      },
      launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
    });
  } finally {
    await server.stop();
  }
}

main().catch((error) => {
  console.error(error.message);
  process.exit(1);
});
