// Starts the project's local Functions server (dist/local-server.js) for a test layer or the demo.
'use strict';
const fs = require('fs');
const path = require('path');
const { spawnGroup, tempDir, removeTempDir } = require('./proc');

const ROOT = path.resolve(__dirname, '..', '..', '..');

/**
 * @param {{ functionsDir?: string, key?: string, port?: number, args?: string[], dataDir?: string, onExit?: (how: string, stderr: string) => void }} options
 * @returns {Promise<{ url: string, key: string, port: number, functionsDir: string, dataDir: string, stop(): Promise<void> }>}
 */
async function startLocalServer(options = {}) {
  const script = path.join(ROOT, 'dist', 'local-server.js');
  if (!fs.existsSync(script)) throw new Error(`${script} is missing: run "npm run build" first`);
  // By default a copy of the built examples: tests upload and delete functions, which must not land in
  // dist/examples (the demo's and the packaged extension's folder).
  const ownFunctionsDir = options.functionsDir === undefined;
  const functionsDir = options.functionsDir ?? copyOfExamples();
  const ownDataDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? tempDir('notte-local-data-');
  // A key goes in the environment, never on the command line (every user of the machine reads that
  // in ps); the server does not echo it. Without a key the server makes one (src/shared/localServerKey.ts)
  // and says it in its JSON line.
  const keyEnv = options.key === undefined ? {} : { NOTTE_LOCAL_SERVER_KEY: options.key };
  const args = [script, '--functions', functionsDir, '--data', dataDir, '--host', '127.0.0.1', '--port', String(options.port ?? 0), '--json', ...(options.args ?? [])];
  const { child, stop: stopGroup } = spawnGroup(process.execPath, args, { env: { ...process.env, NOTTE_API_KEY: '', ...keyEnv } });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-4000)));
  const removeOwnDirs = () => {
    if (ownDataDir) removeTempDir(dataDir);
    if (ownFunctionsDir) removeTempDir(functionsDir);
  };
  const stopOnError = async (error) => {
    await stopGroup();
    removeOwnDirs();
    throw error;
  };
  const info = await new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => reject(new Error(`The local Functions server did not start in 15 s: ${stderr}`)), 15000);
    child.on('exit', (code) => reject(new Error(`The local Functions server exited (${code}): ${stderr}`)));
    child.stdout.on('data', (chunk) => {
      stdout += chunk;
      const newline = stdout.indexOf('\n');
      if (newline >= 0) {
        clearTimeout(timer);
        try {
          resolve(JSON.parse(stdout.slice(0, newline)));
        } catch (error) {
          reject(new Error(`The local Functions server printed ${stdout.slice(0, newline)}`));
        }
      }
    });
  }).catch(stopOnError);
  child.stdout.resume();
  let stopping = false;
  // A server that ends by itself (killed, crashed) is told to whoever asked (the demo says so in its terminal).
  child.on('exit', (code, signal) => stopping || options.onExit?.(signal ? `ended by ${signal}` : `exit code ${code}`, stderr.trim()));
  const stop = async () => {
    stopping = true;
    await stopGroup();
    removeOwnDirs();
  };
  return { url: info.url, key: options.key ?? info.key, port: info.port, functionsDir, dataDir, stop };
}

function copyOfExamples() {
  const from = path.join(ROOT, 'dist', 'examples');
  const to = tempDir('notte-local-functions-');
  for (const name of fs.readdirSync(from)) if (name.endsWith('.py')) fs.copyFileSync(path.join(from, name), path.join(to, name));
  return to;
}

module.exports = { startLocalServer, ROOT };
