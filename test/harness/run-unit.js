// Runs the Node-side unit tests (out/test/unit/**/*.test.js) with mocha and counts them.
'use strict';
const fs = require('fs');
const path = require('path');
const Mocha = require('mocha');
const { ROOT } = require('./lib/localServer');

function findTests(dir) {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return findTests(full);
    return entry.name.endsWith('.test.js') ? [full] : [];
  });
}

/** Runs mocha over a folder of compiled tests; answers the counts and the failures. */
function runMochaLayer(folder, { timeout = 30000, log = console.log } = {}) {
  const mocha = new Mocha({ ui: 'bdd', timeout, reporter: 'spec', grep: process.env.NOTTE_TEST_GREP || undefined });
  const files = findTests(folder).sort();
  for (const file of files) mocha.addFile(file);
  return new Promise((resolve) => {
    let passed = 0;
    const failures = [];
    const runner = mocha.run(() => resolve({ passed, failed: failures.length, failures, files: files.length }));
    runner.on('pass', () => passed++);
    runner.on('fail', (test, error) => failures.push({ title: test.fullTitle(), error: String(error?.stack ?? error) }));
    void log;
  });
}

module.exports = { runMochaLayer };

if (require.main === module) {
  runMochaLayer(path.join(ROOT, 'out', 'test', 'unit')).then((r) => {
    console.log(`${r.passed} passed, ${r.failed} failed`);
    process.exit(r.failed ? 1 : 0);
  });
}
