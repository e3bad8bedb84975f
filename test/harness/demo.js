// `npm run demo`: the extension in a real VS Code (opened in your browser on 127.0.0.1) against the
// local Functions server with the example functions. Ctrl-C stops everything.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { run, stopAllOnExit, portOr } = require('./lib/proc');
const { startLocalServer, ROOT } = require('./lib/localServer');
const { ensureVSCode, installVsix, startVSCodeServer } = require('./lib/vscode');
const { runPreflight } = require('./lib/preflight');
const { createHash } = require('crypto');
const { spawnSync } = require('child_process');

// Fixed ports when they are free (so a bookmarked address keeps working), else any free one.
const SERVER_PORT = Number(process.env.NOTTE_DEMO_SERVER_PORT || 8765);
const VSCODE_PORT = Number(process.env.NOTTE_DEMO_PORT || 8080);
// What a demo keeps between its starts (the installed extension, the server's functions and runs, the
// workspace) is this clone's own, in the system temp folder: named after this user, the clone's path and
// its .git folder (a new clone at the same path starts fresh), so two clones or two people never share it.
const CLONE = `${ROOT}\0${fs.existsSync(path.join(ROOT, '.git')) ? fs.statSync(path.join(ROOT, '.git')).ino : ''}`;
const STATE_PREFIX = path.join(os.tmpdir(), `notte-demo-${os.userInfo().uid}-${createHash('sha256').update(CLONE).digest('hex').slice(0, 8)}`);
const stateDir = (name) => `${STATE_PREFIX}-${name}`;

// A fresh key every start unless NOTTE_DEMO_KEY names one (the server makes it, as for any local
// server): the server runs uploaded Python code, so a well-known key on a fixed port would let
// anything on this machine (or a page the browser visits) run code as this user.
const DEMO_KEY = process.env.NOTTE_DEMO_KEY || undefined;

/**
 * The extension packaged and installed into the demo's extensions folder, kept between demos: when
 * nothing it is made of changed since the last demo (the same stamp), the packaging and the install
 * (most of a warm start) are skipped.
 */
async function installedExtension() {
  const extensionsDir = stateDir('extensions');
  const stampFile = path.join(extensionsDir, '.notte-demo-stamp');
  const stamp = packagedStamp();
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) return extensionsDir;
  await run('npx', ['vsce', 'package', '--no-dependencies', '--out', 'notte-functions.vsix'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  fs.rmSync(extensionsDir, { recursive: true, force: true });
  await installVsix(path.join(ROOT, 'notte-functions.vsix'), extensionsDir);
  fs.writeFileSync(stampFile, stamp);
  return extensionsDir;
}

/** A hash of everything the package can hold (.vscodeignore picks from these): its manifest, dist/, media/ and the docs. */
function packagedStamp() {
  const hash = createHash('sha256');
  const add = (file) => {
    hash.update(`${path.relative(ROOT, file)}\0`);
    hash.update(fs.readFileSync(file));
  };
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else add(full);
    }
  };
  for (const file of ['package.json', '.vscodeignore', 'README.md', 'CHANGELOG.md', 'LICENSE']) if (fs.existsSync(path.join(ROOT, file))) add(path.join(ROOT, file));
  walk(path.join(ROOT, 'dist'));
  walk(path.join(ROOT, 'media'));
  return hash.digest('hex');
}

/** The demo server's functions: the bundled examples (brought up to date at each start) and whatever was deployed to it. */
function demoFunctionsDir() {
  const dir = stateDir('functions');
  fs.mkdirSync(dir, { recursive: true });
  for (const name of fs.readdirSync(path.join(ROOT, 'dist', 'examples'))) fs.copyFileSync(path.join(ROOT, 'dist', 'examples', name), path.join(dir, name));
  return dir;
}

/**
 * The demo's folder: the examples as files of its own, each linked to the server's function of the same
 * name (so the lenses, Deploy and the Testing view show which code runs where). What a person changed
 * there in an earlier demo is kept: files and links are written only where there are none.
 */
function demoWorkspace(serverUrl) {
  const workspace = stateDir('workspace');
  if (fs.existsSync(workspace)) console.log(`Reusing the workspace of an earlier demo, with what was changed there (delete ${workspace} for a fresh one).`);
  fs.mkdirSync(path.join(workspace, '.notte'), { recursive: true });
  const examples = fs.readdirSync(path.join(ROOT, 'dist', 'examples')).filter((name) => name.endsWith('.py'));
  const writeOnce = (file, text) => fs.existsSync(file) || fs.writeFileSync(file, text);
  for (const name of examples) writeOnce(path.join(workspace, name), fs.readFileSync(path.join(ROOT, 'dist', 'examples', name)));
  linkExamples(path.join(workspace, '.notte', 'functions.json'), examples, serverUrl);
  writeOnce(path.join(workspace, 'batch.json'), JSON.stringify([{ name: 'Ada' }, { name: 'Grace', count: 3 }, { name: 'Linus', enabled: true }], null, 2) + '\n');
  return workspace;
}

/**
 * Links each example file to its function on this demo's server (a file keeps one link per server: a demo
 * on another port adds its own); other links, and a hand-broken file, are left as they are.
 */
function linkExamples(file, examples, serverUrl) {
  let content = { functions: {} };
  if (fs.existsSync(file)) {
    try {
      content = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      return;
    }
    if (!content || typeof content !== 'object' || !content.functions || typeof content.functions !== 'object') return;
  }
  let added = false;
  for (const name of examples) {
    const links = [content.functions[name] ?? []].flat();
    if (links.some((link) => link && link.apiUrl === serverUrl)) continue;
    const stem = name.replace(/\.py$/, '');
    links.push({ functionId: stem, apiUrl: serverUrl, name: stem });
    content.functions[name] = links.length === 1 ? links[0] : links;
    added = true;
  }
  if (added) fs.writeFileSync(file, JSON.stringify(content, null, 2) + '\n');
}

/**
 * The examples that open a browser, and every recorded function, import notte_sdk: without it in the
 * Python the server runs, they fail with ModuleNotFoundError. Said before anything starts (the demo
 * cannot install it: PyPI may be out of reach, and the Python is the person's).
 */
function sdkNote() {
  const python = 'python3'; // the server's own default
  const check = spawnSync(python, ['-c', 'import notte_sdk'], { stdio: 'ignore', timeout: 30_000 });
  if (check.status === 0) return undefined;
  return (
    `Note: notte-sdk is not installed for ${python}. The functions that do not open a browser run as they are; the ones that do ` +
    `(browser_shop_order, New Function's template, and the functions you record) fail with ModuleNotFoundError until "${python} -m pip install notte-sdk".`
  );
}

async function main() {
  stopAllOnExit();
  if (!runPreflight('demo')) process.exit(1);
  // Said first, and again beside the address (a newcomer's first run failed on it, the first note
  // scrolled away by the set-up's minutes of output).
  const withoutSdk = sdkNote();
  if (withoutSdk) console.log(withoutSdk);
  console.log('Building the extension…');
  await run(process.execPath, ['esbuild.js', '--production'], { cwd: ROOT });
  await ensureVSCode();
  const extensionsDir = await installedExtension();

  // Runs, and functions deployed in the demo, are kept across demos in the system temp folder:
  // never under dist/, which every build empties and which goes into the .vsix.
  const server = await startLocalServer({
    port: await portOr(SERVER_PORT),
    key: DEMO_KEY,
    functionsDir: demoFunctionsDir(),
    dataDir: stateDir('data'),
    onExit: (how, stderr) =>
      console.error(
        `\nThe demo's local Functions server stopped (${how})${stderr ? `: ${stderr.split('\n').pop()}` : ''}. ` +
          'Stop the demo (Ctrl-C) and start it again to have it back with its runs; in VS Code, "Notte: Start Local Functions Server" starts ' +
          "the extension's own server instead (the workspace's functions, its own run history).",
      ),
  });
  const workspace = demoWorkspace(server.url);
  const vscode = await startVSCodeServer({
    port: await portOr(VSCODE_PORT),
    extensionsDir,
    env: { NOTTE_API_URL: server.url, NOTTE_API_KEY: server.key },
  });
  console.log('');
  console.log(`Local Functions server: ${server.url} (key: ${server.key}, functions: ${server.functionsDir})`);
  console.log(`VS Code with Notte Functions: ${vscode.url}/?folder=${encodeURIComponent(workspace)}`);
  console.log('Open the address above in a browser, then the Notte view in the activity bar. Ctrl-C stops the demo.');
  if (withoutSdk) console.log(`\n${withoutSdk}`);
  await new Promise(() => undefined);
}

main().catch((error) => {
  console.error(`The demo could not start: ${error.message}`);
  process.exit(1);
});
