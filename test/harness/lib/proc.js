// Child processes of the harness: each in its own process group, all stopped (with their
// children) when the harness ends, including on failure and Ctrl-C.
'use strict';
const { waitFor } = require('./waitFor');
const { spawn } = require('child_process');
const fs = require('fs');
const net = require('net');
const os = require('os');
const path = require('path');

const groups = new Set();
const tempDirs = new Set();

// Every process this harness starts inherits this mark, also those started by what it starts (the
// servers a suite test spawns from inside the extension host, in process groups of their own). At the
// end, whatever still carries the mark is ended: nothing of a run outlives it, Ctrl-C included.
const RUN_MARK = `${process.pid}.${Date.now()}`;
// Always a mark of our own: a harness started by another harness must never sweep its parent.
process.env.NOTTE_HARNESS_RUN = RUN_MARK;
const MARK_ENTRY = Buffer.from(`NOTTE_HARNESS_RUN=${RUN_MARK}\0`);

/** Kills (SIGKILL) every other process that carries this run's mark; Linux only (reads /proc). */
function killMarked() {
  let pids = [];
  try {
    pids = fs
      .readdirSync('/proc')
      .filter((name) => /^\d+$/.test(name))
      .map(Number);
  } catch {
    return 0;
  }
  let killed = 0;
  for (const pid of pids) {
    if (pid === process.pid) continue;
    try {
      const environ = fs.readFileSync(`/proc/${pid}/environ`);
      if (environ.includes(MARK_ENTRY)) {
        process.kill(pid, 'SIGKILL');
        killed++;
      }
    } catch {
      // gone, or not ours to read
    }
  }
  return killed;
}

/** A throwaway folder under the system temp dir, removed when the harness ends (or earlier by `removeTempDir`). */
function tempDir(prefix) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  tempDirs.add(dir);
  return dir;
}

function removeTempDir(dir) {
  tempDirs.delete(dir);
  fs.rmSync(dir, { recursive: true, force: true });
}

function removeAllTempDirs() {
  for (const dir of tempDirs) {
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // a process of the group may still hold it; the OS cleans /tmp eventually
    }
  }
  tempDirs.clear();
}

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
  killMarked();
}

let installed = false;
function stopAllOnExit() {
  if (installed) return;
  installed = true;
  process.on('exit', () => {
    stopAllNow();
    removeAllTempDirs();
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      console.log(`\n${signal}: stopping every server this run started…`);
      stopAllNow();
      removeAllTempDirs();
      process.exit(signal === 'SIGINT' ? 130 : 143);
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

/** `preferred` when it is free on loopback, else any free port. */
function portOr(preferred) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => freePort().then(resolve, () => resolve(0)));
    server.listen(preferred, '127.0.0.1', () => server.close(() => resolve(preferred)));
  });
}

module.exports = { killMarked, spawnGroup, stopAllNow, stopAllOnExit, freePort, portOr, run, waitFor, killGroup, tempDir, removeTempDir };
