// Builds the extension and the local Functions server's command-line entry.
// `node esbuild.js` builds for development, `--production` minifies, `--watch` rebuilds on change.
//
// The extension is a few files, one per part of src/, so that activating it reads one small file
// whatever the number of features, and a feature's code is read when it is first used:
// - dist/extension.js is src/extension.ts with what it imports statically (ACTIVATION_MODULES
//   below: the command table, the pipeline, the lazy stand-ins, the contribution ids). The build
//   fails if anything else gets there: import a feature with `import()` instead, or, if it really
//   must run at activation, add it to the list (the bench's activation ratio shows the cost).
// - dist/core.js holds src/core, src/shared, src/api and src/python (the window's services, read with
//   the window on the first command, view or lens); dist/app.js the app's lazily loaded modules;
//   dist/features/<name>.js each feature of src/features. Each such chunk exports its modules by
//   their path (`require('./core.js').m['core/windowContext']`), each evaluated on first use, and an
//   import of a module of another chunk becomes that lookup: every module exists once, so
//   `instanceof` and module state hold across chunks. (esbuild's own code splitting does this for ESM
//   output only; VS Code loads extensions as CommonJS.) The .vsix then holds a dozen JavaScript
//   files instead of one per module (vsce asks for a bundle past 100).
// - the local server stays one bundle (dist/local-server.js, run as its own process), and the big
//   packages (undici, Ajv, ws, mediabunny, turndown) have a file each beside the bundles (dist/undici.js…),
//   read on first use by src/api/packageBesideBundle.ts.
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
  // jsonc-parser's `main` is a UMD build whose requires esbuild cannot follow (the bundle would ask for
  // './impl/format' at run time); its ES module build bundles.
  alias: { 'jsonc-parser': './node_modules/jsonc-parser/lib/esm/main.js' },
  minify: production,
  sourcemap: true,
  sourcesContent: false,
  logLevel: 'warning',
  define: { 'process.env.NODE_ENV': production ? '"production"' : '"development"' },
  // `import()` of our other files becomes a plain require() in a promise: the extension host loads
  // CommonJS through its own require (which provides 'vscode'), not Node's ESM loader.
  supported: { 'dynamic-import': false },
};

// The modules dist/extension.js is made of. Stateless on purpose: a chunk that imports one of them
// (the contribution ids) gets its own copy, which is harmless for constants.
const ACTIVATION_MODULES = [
  'src/extension.ts',
  'src/shared/contributions.ts',
  'src/app/commandTable.ts',
  'src/app/commandPipeline.ts',
  'src/app/lazyProviders.ts',
  'src/app/agentToolRegistry.ts',
  'src/app/windowLoader.ts',
  'src/app/providers.ts',
];

/** The chunk a module of src/ is in: 'extension', 'core', 'app', or 'features/<name>'. */
function chunkOf(input) {
  if (ACTIVATION_MODULES.includes(input)) return 'extension';
  const [, top, name] = input.split('/');
  if (top === 'features') return `features/${name}`;
  if (top === 'app') return 'app';
  return 'core';
}

/** src/a/b.ts → 'a/b': a module's name in its chunk's table. */
function moduleKey(input) {
  return input.replace(/^src\//, '').replace(/\.ts$/, '');
}

function relativeInput(absolute) {
  return path.relative(__dirname, absolute).split(path.sep).join('/');
}

/**
 * In a chunk: an import of a module of another chunk becomes a lookup in that chunk's table (the
 * constants of ACTIVATION_MODULES are copied instead: stateless, harmless twice); the rest is bundled.
 */
function chunkLinks(chunk) {
  return {
    name: 'chunk-links',
    setup(build) {
      build.onResolve({ filter: /^\.\.?\// }, (args) => {
        if (args.kind === 'entry-point' || !args.importer.startsWith(src + path.sep)) return undefined;
        let resolved = path.resolve(args.resolveDir, args.path);
        if (!resolved.endsWith('.ts')) resolved = fs.existsSync(`${resolved}.ts`) ? `${resolved}.ts` : path.join(resolved, 'index.ts');
        const input = relativeInput(resolved);
        const target = chunkOf(input);
        if (target === chunk || (target === 'extension' && input !== 'src/extension.ts')) return undefined;
        return { path: input, namespace: 'chunk-link', pluginData: { target } };
      });
      build.onLoad({ filter: /.*/, namespace: 'chunk-link' }, (args) => {
        const from = path.dirname(path.join('dist', `${chunk}.js`));
        let file = path
          .relative(from, path.join('dist', `${args.pluginData.target}.js`))
          .split(path.sep)
          .join('/');
        if (!file.startsWith('.')) file = `./${file}`;
        return { contents: `module.exports = require(${JSON.stringify(`__chunk__${file}`)}).m[${JSON.stringify(moduleKey(args.path))}];`, loader: 'js' };
      });
      build.onResolve({ filter: /^__chunk__/ }, (args) => ({ path: args.path.slice('__chunk__'.length), external: true }));
    },
  };
}

/** A chunk's entry: its modules by name, each evaluated on first use. */
function chunkEntry(chunk, inputs) {
  const lines = inputs.map(
    (input) => `Object.defineProperty(m, ${JSON.stringify(moduleKey(input))}, { enumerable: true, get: () => require(${JSON.stringify(path.join(__dirname, input))}) });`,
  );
  return { contents: `const m = {};\n${lines.join('\n')}\nexports.m = m;\n`, resolveDir: __dirname, sourcefile: `${chunk}-modules.js`, loader: 'js' };
}

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
  // Every module the extension can reach, in the chunk of its part of src/.
  const chunks = new Map();
  for (const input of await extensionModules()) {
    const chunk = chunkOf(input);
    if (chunk !== 'extension') chunks.set(chunk, [...(chunks.get(chunk) ?? []), input]);
  }
  const builds = [
    { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', metafile: true, plugins: [chunkLinks('extension')] },
    ...[...chunks].map(([chunk, inputs]) => ({ ...common, stdin: chunkEntry(chunk, inputs), outfile: `dist/${chunk}.js`, plugins: [chunkLinks(chunk)] })),
    {
      ...common,
      entryPoints: [
        { in: 'src/server/main.ts', out: 'local-server' },
        // notte-test, the CI command (npm bin): saved sets as tests; one bundle, like the server.
        { in: 'src/cli/notteTest.ts', out: 'notte-test' },
        // undici read on the first API request only (src/api/transport.ts), so activation does not parse it.
        { in: 'undici', out: 'undici' },
        // Ajv likewise, on the first JSON Schema validation (src/shared/jsonSchema.ts).
        { in: 'ajv', out: 'ajv' },
        // ws likewise, on the first live-frames socket of a session (src/api/sessionFrames.ts: the recorder's panel).
        { in: 'ws', out: 'ws' },
        // The sessions' muxer and HTML-to-Markdown likewise (src/server/browser/packages.ts): the first
        // session's start waits for none of them.
        { in: 'mediabunny', out: 'mediabunny' },
        { in: 'turndown', out: 'turndown' },
        { in: '@joplin/turndown-plugin-gfm', out: 'turndown-plugin-gfm' },
        { in: 'src/server/browser/runtime.ts', out: 'local-server-browser' },
      ],
      outdir: 'dist',
      external: [...common.external, 'playwright-core', 'bufferutil', 'utf-8-validate'],
      plugins: [browserRuntimeStaysFile],
    },
    // The function page's own script, for the webview (a browser): media/page/build/page.js.
    {
      entryPoints: { page: 'src/features/page/app/main.ts' },
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
    // The browser panel's own script (src/features/recorder/app): media/recorder/build/recorder.js.
    {
      entryPoints: { recorder: 'src/features/recorder/app/main.ts' },
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'es2022',
      outdir: 'media/recorder/build',
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
