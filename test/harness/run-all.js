// `npm test`: builds, then runs the three layers (unit on Node, the suite inside a real VS Code,
// end-to-end through the browser) and ends with one line "N passed, N failed" over all of them.
// A layer that cannot start (no VS Code, no browser) counts as a failure, never as a skip.
'use strict';
const path = require('path');
const { run, stopAllOnExit } = require('./lib/proc');
const { ROOT } = require('./lib/localServer');
const { runMochaLayer } = require('./run-unit');
const { runSuite } = require('./run-suite');

const LAYERS = (process.env.NOTTE_TEST_LAYERS || 'unit,suite,e2e').split(',').map((s) => s.trim()).filter(Boolean);

async function build() {
  const npx = (args) => run('npx', args, { cwd: ROOT });
  await run(process.execPath, ['esbuild.js', '--production'], { cwd: ROOT });
  await npx(['tsc', '-p', 'tsconfig.test.json']);
  if (LAYERS.includes('e2e')) await npx(['vsce', 'package', '--no-dependencies', '--out', 'notte-functions.vsix']);
}

async function layer(name, body) {
  const started = Date.now();
  console.log(`\n━━ ${name} ━━`);
  try {
    const result = await body();
    for (const failure of result.failures ?? []) console.log(`  ✘ ${failure.title}\n${failure.error.split('\n').slice(0, 8).map((l) => `      ${l}`).join('\n')}`);
    return { name, passed: result.passed, failed: result.failed, seconds: (Date.now() - started) / 1000 };
  } catch (error) {
    console.log(`  ✘ ${name} could not run: ${error.message}`);
    return { name, passed: 0, failed: 1, seconds: (Date.now() - started) / 1000, error: error.message };
  }
}

async function main() {
  stopAllOnExit();
  const results = [];
  try {
    await build();
  } catch (error) {
    console.log(`Build failed: ${error.message}`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  if (LAYERS.includes('unit')) results.push(await layer('unit (mocha on Node)', () => runMochaLayer(path.join(ROOT, 'out', 'test', 'unit'))));
  if (LAYERS.includes('suite')) results.push(await layer('suite (mocha in VS Code\'s extension host)', () => runSuite()));
  if (LAYERS.includes('e2e')) results.push(await layer('e2e (Playwright driving VS Code in Chromium)', () => runMochaLayer(path.join(ROOT, 'out', 'test', 'e2e'), { timeout: 240_000 })));
  console.log('\n━━ Summary ━━');
  for (const r of results) console.log(`  ${r.name}: ${r.passed} passed, ${r.failed} failed (${r.seconds.toFixed(0)} s)${r.error ? ` — ${r.error.split('\n')[0]}` : ''}`);
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || results.length === 0 ? 1 : 0;
}

main().catch((error) => {
  console.error(error);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
