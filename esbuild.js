// Bundles the extension and the local Functions server's command-line entry.
// `node esbuild.js` builds for development, `--production` minifies, `--watch` rebuilds on change.
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const entries = [
  { in: 'src/extension.ts', out: 'extension' },
  { in: 'src/server/main.ts', out: 'local-server' },
  // undici in a file of its own, required on the first API request (see src/api/transport.ts), so
  // activation does not parse it.
  { in: 'undici', out: 'undici' },
  // The function page's extension side, required when a page first opens (see src/commands/functionPage.ts).
  { in: 'src/page/index.ts', out: 'page' },
];

// The function page's own script, for the webview (a browser): media/page/build/page.js.
const webviewOptions = {
  entryPoints: { page: 'src/page/webview/main.ts' },
  bundle: true,
  format: 'iife',
  platform: 'browser',
  target: 'es2022',
  outdir: 'media/page/build',
  minify: production,
  sourcemap: !production,
  sourcesContent: false,
  logLevel: 'warning',
};

function copyExamples() {
  // The demo and "Start Local Functions Server" use these when no folder is given.
  const from = path.join(__dirname, 'src', 'server', 'examples');
  const to = path.join(__dirname, 'dist', 'examples');
  if (!fs.existsSync(from)) return;
  fs.rmSync(to, { recursive: true, force: true });
  fs.mkdirSync(to, { recursive: true });
  for (const name of fs.readdirSync(from)) {
    if (name.endsWith('.py')) fs.copyFileSync(path.join(from, name), path.join(to, name));
  }
}

async function main() {
  const options = {
    entryPoints: entries,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outdir: 'dist',
    external: ['vscode'],
    minify: production,
    sourcemap: true,
    sourcesContent: false,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
  };
  copyExamples();
  if (watch) {
    const context = await esbuild.context(options);
    await context.watch();
    await (await esbuild.context(webviewOptions)).watch();
    console.log('[watch] build started');
  } else {
    await Promise.all([esbuild.build(options), esbuild.build(webviewOptions)]);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
