#!/usr/bin/env node
// `npm run bench`: builds the extension (production bundle, as shipped), bundles the bench code of
// test/bench with esbuild into .bench-tmp/, runs it, and leaves the table in test/bench/results.md.
// Options are passed through: `npm run bench -- --reps 3 --only activation,editor,page,streaming,tree,memory,server --no-write`.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.resolve(__dirname, '..', '..');
const out = path.join(root, '.bench-tmp', 'bench');

function step(what, command, args) {
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`bench: ${what} failed (exit ${result.status})`);
    process.exit(result.status || 1);
  }
  console.error(`bench: ${what} (${Date.now() - started} ms)`);
}

async function bundleBench() {
  const esbuild = require('esbuild');
  fs.rmSync(out, { recursive: true, force: true });
  fs.mkdirSync(out, { recursive: true });
  await esbuild.build({
    entryPoints: {
      main: path.join(root, 'test', 'bench', 'main.ts'),
      replayServer: path.join(root, 'test', 'bench', 'replayServer.ts'),
      memoryProbe: path.join(root, 'test', 'bench', 'memoryProbe.ts'),
      apiReader: path.join(root, 'test', 'bench', 'apiReader.ts'),
      extensionHost: path.join(root, 'test', 'bench', 'extensionHost.ts'),
      readerExtension: path.join(root, 'test', 'bench', 'readerExtension.ts'),
    },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outdir: out,
    external: ['vscode', 'playwright-core', 'esbuild'],
    sourcemap: 'inline',
    logLevel: 'warning',
  });
  // The extension-host harness: the extension's modules on Node, a stand-in in place of `vscode`.
  await esbuild.build({
    entryPoints: { hostHarness: path.join(root, 'test', 'bench', 'hostHarness.ts') },
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outdir: out,
    alias: { vscode: path.join(root, 'test', 'bench', 'vscodeStandIn.ts') },
    sourcemap: 'inline',
    logLevel: 'warning',
  });
}

async function main() {
  if (!require('./lib/preflight').runPreflight('bench')) process.exit(1);
  if (!process.argv.includes('--no-build')) step('production build', process.execPath, ['esbuild.js', '--production']);
  await bundleBench();
  const args = process.argv.slice(2).filter((a) => a !== '--no-build');
  const result = spawnSync(process.execPath, ['--expose-gc', path.join(out, 'main.js'), ...args], { cwd: root, stdio: 'inherit' });
  process.exit(result.status ?? 1);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
