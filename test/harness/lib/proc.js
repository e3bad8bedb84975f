// Child processes of the harness: each in its own process group, all stopped (with their
// children) when the harness ends, including on failure and Ctrl-C.
'use strict';
const { spawn } = require('child_process');
const net = require('net');

const groups = new Set();

function killGroup(child, signal = 'SIGTERM') {
  if (!child || child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/** Starts a command in a new process group; `stop()` ends the whole group. */
function spawnGroup(command, args, options = {}) {
  const child = spawn(command, args, { ...options, detached: true, stdio: options.stdio ?? ['ignore', 'pipe', 'pipe'] });
  groups.add(child);
  child.on('exit', () => groups.delete(child));
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const force = setTimeout(() => killGroup(child, 'SIGKILL'), 3000);
      child.once('exit', () => {
        clearTimeout(force);
        // Grandchildren may outlive their parent in the group: make sure none stays.
        killGroup(child, 'SIGKILL');
        resolve();
      });
      killGroup(child, 'SIGTERM');
    });
  return { child, stop };
}

function stopAllNow() {
  for (const child of groups) {
    killGroup(child, 'SIGKILL');
  }
  groups.clear();
}

let installed = false;
function stopAllOnExit() {
  if (installed) return;
  installed = true;
  process.on('exit', stopAllNow);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      stopAllNow();
      process.exit(130);
    });
  }
}

/** A free TCP port on loopback. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Runs a command to completion, inheriting output; rejects on a non-zero exit. */
function run(command, args, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: 'inherit', ...options });
    child.on('error', reject);
    child.on('exit', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? code})`))));
  });
}

async function waitFor(what, probe, timeoutMs, intervalMs = 200) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

module.exports = { spawnGroup, stopAllNow, stopAllOnExit, freePort, run, waitFor, killGroup };
