// `npm run demo`: the extension in a real VS Code (opened in your browser on 127.0.0.1) against the
// local Functions server with the example functions. Ctrl-C stops everything.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { run, stopAllOnExit, portOr, tempDir } = require('./lib/proc');
const { startLocalServer, ROOT } = require('./lib/localServer');
const { ensureVSCode, installVsix, startVSCodeServer } = require('./lib/vscode');
const { runPreflight } = require('./lib/preflight');

// Fixed ports when they are free (so a bookmarked address keeps working), else any free one.
const SERVER_PORT = Number(process.env.NOTTE_DEMO_SERVER_PORT || 8765);
const VSCODE_PORT = Number(process.env.NOTTE_DEMO_PORT || 8080);
// A fresh key every start unless NOTTE_DEMO_KEY names one (the server makes it, as for any local
// server): the server runs uploaded Python code, so a well-known key on a fixed port would let
// anything on this machine (or a page the browser visits) run code as this user.
const DEMO_KEY = process.env.NOTTE_DEMO_KEY || undefined;

async function main() {
  stopAllOnExit();
  if (!runPreflight('demo')) process.exit(1);
  console.log('Building the extension…');
  await run(process.execPath, ['esbuild.js', '--production'], { cwd: ROOT });
  await run('npx', ['vsce', 'package', '--no-dependencies', '--out', 'notte-functions.vsix'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  await ensureVSCode();
  const extensionsDir = tempDir('notte-demo-extensions-');
  await installVsix(path.join(ROOT, 'notte-functions.vsix'), extensionsDir);

  // Runs made in the demo are kept across demos in the system temp folder.
  const server = await startLocalServer({ port: await portOr(SERVER_PORT), key: DEMO_KEY, dataDir: path.join(os.tmpdir(), 'notte-demo-data') });
  const workspace = path.join(os.tmpdir(), 'notte-demo-workspace');
  fs.mkdirSync(workspace, { recursive: true });
  for (const name of fs.readdirSync(path.join(ROOT, 'dist', 'examples'))) {
    fs.copyFileSync(path.join(ROOT, 'dist', 'examples', name), path.join(workspace, name));
  }
  fs.writeFileSync(path.join(workspace, 'batch.json'), JSON.stringify([{ name: 'Ada' }, { name: 'Grace', count: 3 }, { name: 'Linus', enabled: true }], null, 2) + '\n');
  const vscode = await startVSCodeServer({
    port: await portOr(VSCODE_PORT),
    extensionsDir,
    env: { NOTTE_API_URL: server.url, NOTTE_API_KEY: server.key },
  });
  console.log('');
  console.log(`Local Functions server: ${server.url} (key: ${server.key}, functions: ${server.functionsDir})`);
  console.log(`VS Code with Notte Functions: ${vscode.url}/?folder=${encodeURIComponent(workspace)}`);
  console.log('Open the address above in a browser, then the Notte view in the activity bar. Ctrl-C stops the demo.');
  await new Promise(() => undefined);
}

main().catch((error) => {
  console.error(`The demo could not start: ${error.message}`);
  process.exit(1);
});
