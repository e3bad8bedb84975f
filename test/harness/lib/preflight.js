// The preflight of `npm test`, `npm run demo` and `npm run bench`: before anything is built, check in
// well under two seconds (file and PATH look-ups only, no process started) that this machine has what
// the run needs, and either install the missing Debian packages (as root, where apt-get exists, unless
// NOTTE_NO_INSTALL is set) or stop at once with the one command that fixes it.
//
// `planPreflight` decides from facts it is handed (so the unit layer can test every case without
// touching the machine); `machineFacts` reads those facts from this machine; `runPreflight` acts.
'use strict';
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const DEFAULT_CHROMIUM = '/usr/bin/chromium';

/**
 * What a run can need, each with the Debian package that provides it and the words for other systems.
 * `for` lists the commands that need it; `buildsVSCode` marks what only the one-time install of
 * code-server's VS Code needs (its native modules compile against these headers).
 */
const REQUIREMENTS = [
  { id: 'chromium', package: 'chromium', words: 'Chromium (or set CHROMIUM_PATH to a Chromium or Chrome binary)', for: ['test', 'bench'], check: { kind: 'chromium' } },
  { id: 'python3', package: 'python3', words: 'Python 3 (`python3` on the PATH)', for: ['test', 'demo', 'bench'], check: { kind: 'command', name: 'python3' } },
  { id: 'curl', package: 'curl', words: 'curl', for: ['test', 'bench'], check: { kind: 'command', name: 'curl' } },
  {
    id: 'debugpy',
    package: 'python3-debugpy',
    words: "debugpy for the system Python (Debug Function Locally's tests)",
    for: ['test'],
    check: { kind: 'file', path: '/usr/lib/python3/dist-packages/debugpy/__init__.py' },
  },
  { id: 'c++', package: 'build-essential', words: 'a C/C++ compiler and make', for: ['test', 'demo', 'bench'], buildsVSCode: true, check: { kind: 'command', name: 'g++' } },
  { id: 'make', package: 'build-essential', words: 'a C/C++ compiler and make', for: ['test', 'demo', 'bench'], buildsVSCode: true, check: { kind: 'command', name: 'make' } },
  { id: 'pkg-config', package: 'pkg-config', words: 'pkg-config', for: ['test', 'demo', 'bench'], buildsVSCode: true, check: { kind: 'command', name: 'pkg-config' } },
  {
    id: 'kerberos headers',
    package: 'libkrb5-dev',
    words: 'the Kerberos (GSSAPI) development headers',
    for: ['test', 'demo', 'bench'],
    buildsVSCode: true,
    check: { kind: 'file', path: '/usr/include/gssapi/gssapi.h' },
  },
  {
    id: 'libsecret headers',
    package: 'libsecret-1-dev',
    words: 'the libsecret development headers',
    for: ['test', 'demo', 'bench'],
    buildsVSCode: true,
    check: { kind: 'file', path: '/usr/include/libsecret-1/libsecret/secret.h' },
  },
  {
    id: 'X11 headers',
    package: 'libx11-dev',
    words: 'the X11 development headers',
    for: ['test', 'demo', 'bench'],
    buildsVSCode: true,
    check: { kind: 'file', path: '/usr/include/X11/Xlib.h' },
  },
  {
    id: 'xkbfile headers',
    package: 'libxkbfile-dev',
    words: 'the xkbfile development headers',
    for: ['test', 'demo', 'bench'],
    buildsVSCode: true,
    check: { kind: 'file', path: '/usr/include/X11/extensions/XKBfile.h' },
  },
];

/**
 * Decides what to do. Facts: { env, isRoot, hasApt, hasSudo, vscodeReady, exists(path), onPath(name) }.
 * Answers { ok: true } | { ok: false, action: 'install', packages, reasons } | { ok: false, action: 'stop', lines }.
 * @param {'test'|'demo'|'bench'} purpose
 */
function planPreflight(purpose, facts) {
  const env = facts.env ?? {};
  const missing = [];
  let badChromiumPath;
  for (const need of REQUIREMENTS) {
    if (!need.for.includes(purpose)) continue;
    // Once VS Code is installed in the cache, its build headers are no longer needed.
    if (need.buildsVSCode && facts.vscodeReady) continue;
    const { check } = need;
    if (check.kind === 'chromium') {
      if (env.CHROMIUM_PATH) {
        if (!facts.exists(env.CHROMIUM_PATH)) badChromiumPath = env.CHROMIUM_PATH;
      } else if (!facts.exists(DEFAULT_CHROMIUM)) missing.push(need);
    } else if (check.kind === 'command' ? !facts.onPath(check.name) : !facts.exists(check.path)) {
      missing.push(need);
    }
  }
  if (!missing.length && !badChromiumPath) return { ok: true };

  const packages = [...new Set(missing.map((need) => need.package))];
  const reasons = missing.map((need) => `${need.id} (${need.package})`);
  const installAllowed = facts.isRoot && facts.hasApt && !env.NOTTE_NO_INSTALL;
  // A CHROMIUM_PATH that names nothing is the user's own setting: installing a package cannot fix it.
  if (installAllowed && !badChromiumPath) return { ok: false, action: 'install', packages, reasons };

  const lines = [];
  if (badChromiumPath) {
    lines.push(`CHROMIUM_PATH is set to ${badChromiumPath}, which does not exist. Point CHROMIUM_PATH at a Chromium binary, or unset it to use ${DEFAULT_CHROMIUM}.`);
  }
  if (missing.length) lines.push(`Missing for \`npm ${purpose === 'test' ? 'test' : `run ${purpose}`}\`: ${reasons.join(', ')}.`);
  const fixPackages = badChromiumPath && !packages.includes('chromium') ? ['chromium', ...packages] : packages;
  const sudo = facts.isRoot ? '' : 'sudo ';
  lines.push(`Fix on Debian or Ubuntu: ${sudo}apt-get install -y ${fixPackages.join(' ')}`);
  const words = [...new Set([...(badChromiumPath ? [REQUIREMENTS[0].words] : []), ...missing.map((need) => need.words)])];
  lines.push(`On other systems, install: ${words.join('; ')}.`);
  if (!facts.isRoot && !facts.hasSudo && facts.hasApt) lines.push('(This user is not root and has no sudo: ask an administrator to run the command above.)');
  if (facts.isRoot && facts.hasApt && env.NOTTE_NO_INSTALL && missing.length) lines.push('(NOTTE_NO_INSTALL is set, so nothing was installed.)');
  return { ok: false, action: 'stop', lines };
}

function onPath(name, envPath = process.env.PATH || '') {
  return envPath.split(path.delimiter).some((dir) => {
    if (!dir) return false;
    try {
      fs.accessSync(path.join(dir, name), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function machineFacts(env = process.env) {
  const { vscodeReady } = require('./vscode');
  return {
    env,
    isRoot: typeof process.getuid === 'function' && process.getuid() === 0,
    hasApt: onPath('apt-get', env.PATH),
    hasSudo: onPath('sudo', env.PATH),
    vscodeReady: vscodeReady(),
    exists: (file) => fs.existsSync(file),
    onPath: (name) => onPath(name, env.PATH),
  };
}

/** The commands an install plan runs: one package-list update, then one install of every package. */
function installCommands(plan) {
  return [
    ['apt-get', 'update', '-qq'],
    ['apt-get', 'install', '-y', '-qq', ...plan.packages],
  ];
}

/**
 * Checks, installs or stops. Answers true when the run may go on; on false it has printed why.
 * @param {'test'|'demo'|'bench'} purpose
 */
function runPreflight(purpose, { log = console.log, facts = machineFacts(), runCommand = spawnSync } = {}) {
  let plan = planPreflight(purpose, facts);
  if (plan.ok) return true;
  if (plan.action === 'install') {
    log(`Preflight: installing ${plan.packages.join(' ')} with apt-get, because this machine lacks ${plan.reasons.join(', ')}.`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    for (const [command, ...args] of installCommands(plan)) {
      const result = runCommand(command, args, { stdio: ['ignore', 'ignore', 'inherit'], env });
      if (result.status !== 0) {
        log(`Preflight: ${command} ${args.join(' ')} failed (exit ${result.status ?? result.error?.message}).`);
        break;
      }
    }
    plan = planPreflight(purpose, { ...facts, env: { ...facts.env, NOTTE_NO_INSTALL: '1' } });
    if (plan.ok) {
      log('Preflight: installed; going on.');
      return true;
    }
  }
  for (const line of plan.lines) log(`Preflight: ${line}`);
  return false;
}

module.exports = { planPreflight, runPreflight, installCommands, machineFacts, REQUIREMENTS, DEFAULT_CHROMIUM };
