// Builds the extension and the local Functions server's command-line entry.
// `node esbuild.js` builds for development, `--production` minifies, `--watch` rebuilds on change.
//
// The extension is NOT one bundle, so that activating it reads one small file whatever the number
// of features:
// - dist/extension.js is src/extension.ts with what it imports statically (ACTIVATION_MODULES
//   below: the command table, the names, the pipeline, the lazy stand-ins). The build fails if
//   anything else gets there: import a feature with `import()` instead, or, if it really must run
//   at activation, add it to the list (the bench's activation ratio shows the cost).
// - every other module the extension can reach is a file of its own: dist/ mirrors src/
//   (src/a/b.ts → dist/a/b.js), an import of another of our modules stays a require() of that file,
//   and only what a module imports from node_modules is bundled into it. A feature's code is read
//   when its `import()` first runs (src/commands/index.ts, the loaders in src/extension.ts), and
//   every module exists once, so `instanceof` and module state hold across features. (esbuild's
//   code splitting would do this for ESM output only; VS Code loads extensions as CommonJS.)
// - the local server stays one bundle (dist/local-server.js, run as its own process), and undici
//   has a file of its own beside the module that loads it (dist/api/undici.js, src/api/transport.ts).
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const src = path.join(__dirname, 'src');

const common = {
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['vscode'],
  minify: production,
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
  // `import()` of our other files becomes a plain require() in a promise: the extension host loads
  // CommonJS through its own require (which provides 'vscode'), not Node's ESM loader.
  supported: { 'dynamic-import': false },
};

// The modules dist/extension.js is made of. Stateless on purpose: the feature files may import
// names.ts or config.ts too and then get their own copy, which is harmless for constants.
const ACTIVATION_MODULES = ['src/extension.ts', 'src/names.ts', 'src/commands/index.ts', 'src/pipeline.ts', 'src/lazyProviders.ts', 'src/config.ts', 'src/tools/index.ts'];

function outputPath(absolute) {
  return './' + path.relative(src, absolute).split(path.sep).join('/').replace(/\.ts$/, '');
}

/** In the entry: `import()` of a feature stays a require() of its file (path from dist/, where extension.js is). */
const featuresStayFiles = {
  name: 'features-stay-files',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.kind !== 'dynamic-import') return undefined;
      return { path: outputPath(path.resolve(args.resolveDir, args.path)), external: true };
    });
  },
};

/** In the feature files: imports between our own modules stay imports (of the file beside); node_modules are bundled. */
const ownModulesStayFiles = {
  name: 'own-modules-stay-files',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => {
      if (args.kind === 'entry-point' || !args.importer.startsWith(src + path.sep)) return undefined;
      return { path: args.path, external: true };
    });
  },
};

/** Every module of src/ the extension can load, static and dynamic imports followed. */
async function extensionModules() {
  const result = await esbuild.build({ ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/unused.js', write: false, metafile: true, logLevel: 'silent' });
  return Object.keys(result.metafile.inputs).filter((input) => input.startsWith('src/') && input.endsWith('.ts'));
}

/** Fails the build when activation would load more than ACTIVATION_MODULES. */
function checkActivationModules(result) {
  const extra = Object.keys(result.metafile.inputs).filter((input) => input.startsWith('src/') && !ACTIVATION_MODULES.includes(input));
  if (extra.length) {
    throw new Error(
      `dist/extension.js would load ${extra.join(', ')} at activation: import ${extra.length === 1 ? 'it' : 'them'} with import() where first used, or add to ACTIVATION_MODULES in esbuild.js`,
    );
  }
}

function copyExamples() {
  // The demo and "Start Local Functions Server" use these when no folder is given.
  const from = path.join(src, 'server', 'examples');
  const to = path.join(__dirname, 'dist', 'examples');
  if (!fs.existsSync(from)) return;
  fs.rmSync(to, { recursive: true, force: true });
  fs.mkdirSync(to, { recursive: true });
  for (const name of fs.readdirSync(from)) {
    if (name.endsWith('.py')) fs.copyFileSync(path.join(from, name), path.join(to, name));
  }
}

// The local server's browser sessions (issue 24) load playwright-core, which esbuild cannot bundle (it
// reads its own package.json and files by path): it stays a require() and the files it needs at run
// time are copied to dist/node_modules/playwright-core, where node dist/local-server.js finds it (the
// .vsix is packaged with --no-dependencies). The sessions' own code is dist/local-server-browser.js,
// read on the first session only, so the server starts as fast as without it.
const PLAYWRIGHT_FILES = [
  'package.json',
  'browsers.json',
  'index.js',
  'LICENSE',
  'NOTICE',
  'ThirdPartyNotices.txt',
  'lib/bootstrap.js',
  'lib/coreBundle.js',
  'lib/utilsBundle.js',
  'lib/serverRegistry.js',
];

function copyPlaywrightCore() {
  const from = path.dirname(require.resolve('playwright-core/package.json'));
  const to = path.join(__dirname, 'dist', 'node_modules', 'playwright-core');
  for (const file of PLAYWRIGHT_FILES) {
    fs.mkdirSync(path.dirname(path.join(to, file)), { recursive: true });
    fs.copyFileSync(path.join(from, file), path.join(to, file));
  }
}

/** In the server bundle: `import('./runtime')` of src/server/browser stays a require() of dist/local-server-browser.js. */
const browserRuntimeStaysFile = {
  name: 'browser-runtime-stays-file',
  setup(build) {
    build.onResolve({ filter: /^\.\/runtime$/ }, (args) =>
      args.kind === 'dynamic-import' && args.resolveDir === path.join(src, 'server', 'browser') ? { path: './local-server-browser.js', external: true } : undefined,
    );
  },
};

async function main() {
  // Nothing stale: a module that was removed from src/ must not linger in dist/ (or the .vsix).
  if (!watch) fs.rmSync(path.join(__dirname, 'dist'), { recursive: true, force: true });
  // Everything but what only the entry uses (ACTIVATION_MODULES the features also import stay files too).
  const features = (await extensionModules()).filter(
    (input) => !['src/extension.ts', 'src/pipeline.ts', 'src/lazyProviders.ts', 'src/commands/index.ts', 'src/tools/index.ts'].includes(input),
  );
  const builds = [
    { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', metafile: true, plugins: [featuresStayFiles] },
    { ...common, entryPoints: features, outbase: 'src', outdir: 'dist', plugins: [ownModulesStayFiles] },
    {
      ...common,
      entryPoints: [
        { in: 'src/server/main.ts', out: 'local-server' },
        // undici read on the first API request only (src/api/transport.ts), so activation does not parse it.
        { in: 'undici', out: 'api/undici' },
        { in: 'src/server/browser/runtime.ts', out: 'local-server-browser' },
      ],
      outdir: 'dist',
      external: [...common.external, 'playwright-core', 'bufferutil', 'utf-8-validate'],
      plugins: [browserRuntimeStaysFile],
    },
    // The function page's own script, for the webview (a browser): media/page/build/page.js.
    {
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
    },
  ];
  copyExamples();
  copyPlaywrightCore();
  if (watch) {
    for (const options of builds) await (await esbuild.context(options)).watch();
    // (watch mode does not re-check ACTIVATION_MODULES; the next full build does)
    console.log('[watch] build started');
  } else {
    const [entry] = await Promise.all(builds.map((options) => esbuild.build(options)));
    checkActivationModules(entry);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
