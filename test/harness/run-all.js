// `npm test`: builds, then runs the three layers (unit on Node, the suite inside a real VS Code,
// end-to-end through the browser) and ends with one line "N passed, N failed" over all of them.
// A layer that cannot start (no VS Code, no browser, no tests) counts as a failure, never as a skip.
//
//   npm test                                   every layer
//   NOTTE_TEST_LAYERS=unit,suite npm test      some layers   (or: npm test -- --layers unit,suite)
//   NOTTE_TEST_GREP='API key' npm test         mocha --grep in every layer (or: npm test -- --grep 'API key')
//   NOTTE_TEST_NO_BUILD=1 npm test             skip the build (after one)
//   NOTTE_TEST_NO_LINT=1 npm test              skip ESLint (which otherwise runs first; an error fails the run)
//   NOTTE_TEST_VERBOSE=1 npm test              VS Code's server and extension-host output too
'use strict';
const fs = require('fs');
const path = require('path');
const { run, stopAllOnExit } = require('./lib/proc');
const { ROOT } = require('./lib/localServer');
const { runMochaLayer } = require('./run-unit');
const { runSuite } = require('./run-suite');
const { runPreflight } = require('./lib/preflight');
const { ensureVSCode } = require('./lib/vscode');

const ALL_LAYERS = ['unit', 'suite', 'e2e'];

function parseArgs(argv) {
  const options = { layers: process.env.NOTTE_TEST_LAYERS || ALL_LAYERS.join(','), grep: process.env.NOTTE_TEST_GREP || '' };
  for (let i = 0; i < argv.length; i++) {
    const [name, inline] = argv[i].split(/=(.*)/s);
    const value = () => (inline !== undefined ? inline : argv[++i]);
    if (name === '--grep' || name === '-g') options.grep = value();
    else if (name === '--layers' || name === '--layer') options.layers = value();
    else throw new Error(`Unknown option ${argv[i]} (known: --grep PATTERN, --layers unit,suite,e2e)`);
  }
  options.layers = options.layers
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = options.layers.filter((l) => !ALL_LAYERS.includes(l));
  if (unknown.length) throw new Error(`Unknown layer(s) ${unknown.join(', ')} (known: ${ALL_LAYERS.join(', ')})`);
  return options;
}

async function build() {
  const started = Date.now();
  const npx = (args) => run('npx', args, { cwd: ROOT });
  await run(process.execPath, ['esbuild.js', '--production'], { cwd: ROOT });
  // The whole tree type-checks, the bench included (esbuild builds it without checking types), so a
  // bench that no longer compiles fails here rather than on the day someone runs it.
  await npx(['tsc', '-p', 'tsconfig.json', '--noEmit']);
  // Nothing stale: a test file that was moved or removed must not run again from its old place in out/.
  fs.rmSync(path.join(ROOT, 'out'), { recursive: true, force: true });
  await npx(['tsc', '-p', 'tsconfig.test.json']);
  await npx(['vsce', 'package', '--no-dependencies', '--out', 'notte-functions.vsix']);
  console.log(`Built in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}

/** ESLint (eslint.config.js) and Prettier's check (.prettierrc); any problem fails the run before a layer starts. */
async function lint() {
  const started = Date.now();
  await run('npx', ['eslint', '--max-warnings', '0', '.'], { cwd: ROOT });
  await run('npx', ['prettier', '--check', '--log-level', 'warn', '.'], { cwd: ROOT });
  console.log(`Lint and format clean in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}

async function layer(name, body) {
  const started = Date.now();
  console.log(`\n━━ ${name} ━━`);
  try {
    const result = await body();
    if (result.passed + result.failed === 0) throw new Error('no test ran (none compiled, or --grep matched none)');
    for (const failure of result.failures ?? [])
      console.log(
        `  ✘ ${failure.title}\n${failure.error
          .split('\n')
          .slice(0, 8)
          .map((l) => `      ${l}`)
          .join('\n')}`,
      );
    return { name, passed: result.passed, failed: result.failed, seconds: (Date.now() - started) / 1000 };
  } catch (error) {
    console.log(`  ✘ ${name} could not run: ${error.message}`);
    return { name, passed: 0, failed: 1, seconds: (Date.now() - started) / 1000, error: error.message };
  }
}

async function main() {
  stopAllOnExit();
  const started = Date.now();
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    console.log(error.message);
    console.log('0 passed, 1 failed');
    process.exit(2);
  }
  // Before anything is built: what this machine lacks is installed or named within seconds.
  if (!runPreflight('test')) {
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
  // The suite's index and the e2e helpers read the pattern from the environment too.
  if (options.grep) process.env.NOTTE_TEST_GREP = options.grep;
  if (!process.env.NOTTE_TEST_NO_LINT) {
    try {
      await lint();
    } catch (error) {
      console.log(`Lint failed (npm run lint shows the problems; npm run format fixes the formatting): ${error.message}`);
      console.log('0 passed, 1 failed');
      process.exit(1);
    }
  }
  if (!process.env.NOTTE_TEST_NO_BUILD) {
    try {
      await build();
    } catch (error) {
      console.log(`Build failed: ${error.message}`);
      console.log('0 passed, 1 failed');
      process.exit(1);
    }
  }
  // VS Code is installed once for every layer and file that needs it; a failed install ends the run here.
  if (options.layers.some((l) => l !== 'unit')) {
    try {
      await ensureVSCode();
    } catch (error) {
      console.log(`VS Code could not be installed: ${error.message}`);
      console.log('0 passed, 1 failed');
      process.exit(1);
    }
  }
  const results = [];
  const mochaLayer = (dir, extra) => () => runMochaLayer(path.join(ROOT, 'out', 'test', dir), { grep: options.grep, ...extra });
  if (options.layers.includes('unit')) results.push(await layer('unit (mocha on Node)', mochaLayer('unit')));
  if (options.layers.includes('suite')) results.push(await layer("suite (mocha in VS Code's extension host)", () => runSuite({ grep: options.grep })));
  if (options.layers.includes('e2e')) results.push(await layer('e2e (Playwright driving VS Code in Chromium)', mochaLayer('e2e', { timeout: 240_000 })));
  console.log('\n━━ Summary ━━');
  for (const r of results) console.log(`  ${r.name}: ${r.passed} passed, ${r.failed} failed (${r.seconds.toFixed(0)} s)${r.error ? ` — ${r.error.split('\n')[0]}` : ''}`);
  console.log(`  total time ${((Date.now() - started) / 1000).toFixed(0)} s; screenshots in ${path.join(ROOT, 'test-results', 'screenshots')}`);
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
