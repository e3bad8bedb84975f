import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const preflight = require(path.join(ROOT, 'test', 'harness', 'lib', 'preflight.js'));
// eslint-disable-next-line @typescript-eslint/no-require-imports
const vscodeLib = require(path.join(ROOT, 'test', 'harness', 'lib', 'vscode.js'));

interface Facts {
  env: Record<string, string>;
  isRoot: boolean;
  hasApt: boolean;
  hasSudo: boolean;
  vscodeReady: boolean;
  exists(file: string): boolean;
  onPath(name: string): boolean;
}

/** A machine that has everything, but for the files and commands named in `lacking`. */
function machine(lacking: string[] = [], overrides: Partial<Facts> = {}): Facts {
  return {
    env: {},
    isRoot: true,
    hasApt: true,
    hasSudo: false,
    vscodeReady: false,
    exists: (file) => !lacking.includes(file),
    onPath: (name) => !lacking.includes(name),
    ...overrides,
  };
}

describe('preflight', () => {
  it('lets the run go on when the machine has everything', () => {
    assert.deepStrictEqual(preflight.planPreflight('test', machine()), { ok: true });
    const log: string[] = [];
    assert.strictEqual(preflight.runPreflight('test', { facts: machine(), log: (l: string) => log.push(l), runCommand: () => assert.fail('nothing to install') }), true);
    assert.deepStrictEqual(log, []);
  });

  it('as root with apt-get, installs what is missing (and says which and why) with one update and one install', () => {
    const facts = machine(['/usr/bin/chromium', '/usr/include/gssapi/gssapi.h', 'curl']);
    const plan = preflight.planPreflight('test', facts);
    assert.strictEqual(plan.action, 'install');
    assert.deepStrictEqual(plan.packages, ['chromium', 'curl', 'libkrb5-dev']);
    assert.deepStrictEqual(preflight.installCommands(plan), [
      ['apt-get', 'update', '-qq'],
      ['apt-get', 'install', '-y', '-qq', 'chromium', 'curl', 'libkrb5-dev'],
    ]);
    // Run it with a recorder in place of apt-get: the "installed" files then exist.
    const ran: string[] = [];
    const lacking = ['/usr/bin/chromium', '/usr/include/gssapi/gssapi.h', 'curl'];
    const live = machine([], { exists: (f) => !lacking.includes(f), onPath: (n) => !lacking.includes(n) });
    const log: string[] = [];
    const ok = preflight.runPreflight('test', {
      facts: live,
      log: (l: string) => log.push(l),
      runCommand: (command: string, args: string[]) => {
        ran.push([command, ...args].join(' '));
        if (args[0] === 'install') lacking.length = 0;
        return { status: 0 };
      },
    });
    assert.strictEqual(ok, true);
    assert.deepStrictEqual(ran, ['apt-get update -qq', 'apt-get install -y -qq chromium curl libkrb5-dev']);
    assert.match(log[0], /installing chromium curl libkrb5-dev with apt-get, because this machine lacks chromium \(chromium\), curl \(curl\), kerberos headers \(libkrb5-dev\)/);
  });

  it('stops with the fixing command when installing is refused, not root, or apt-get fails', () => {
    const lacking = ['/usr/bin/chromium', '/usr/include/X11/Xlib.h'];
    for (const [why, facts, sudo] of [
      ['NOTTE_NO_INSTALL', machine(lacking, { env: { NOTTE_NO_INSTALL: '1' } }), ''],
      ['not root', machine(lacking, { isRoot: false, hasSudo: true }), 'sudo '],
      ['no apt-get', machine(lacking, { hasApt: false }), ''],
    ] as const) {
      const plan = preflight.planPreflight('test', facts);
      assert.strictEqual(plan.action, 'stop', why);
      const text = plan.lines.join('\n');
      assert.ok(text.includes(`${sudo}apt-get install -y chromium libx11-dev`), `${why}: ${text}`);
      assert.match(text, /On other systems, install: Chromium .*X11 development headers/, why);
    }
    // apt-get itself failing: the run stops and says so, instead of going on without the packages.
    const log: string[] = [];
    const ok = preflight.runPreflight('test', { facts: machine(lacking), log: (l: string) => log.push(l), runCommand: () => ({ status: 100 }) });
    assert.strictEqual(ok, false);
    assert.match(log.join('\n'), /apt-get update -qq failed \(exit 100\)[\s\S]*apt-get install -y chromium libx11-dev/);
  });

  it('names a CHROMIUM_PATH that does not exist, and never tries to install for it', () => {
    const facts = machine(['/nonexistent/chromium'], { env: { CHROMIUM_PATH: '/nonexistent/chromium' } });
    const plan = preflight.planPreflight('test', facts);
    assert.strictEqual(plan.action, 'stop');
    assert.match(plan.lines[0], /CHROMIUM_PATH is set to \/nonexistent\/chromium, which does not exist/);
    assert.match(plan.lines.join('\n'), /apt-get install -y chromium/);
    // A CHROMIUM_PATH that exists is used, whether /usr/bin/chromium is there or not.
    assert.deepStrictEqual(preflight.planPreflight('test', machine(['/usr/bin/chromium'], { env: { CHROMIUM_PATH: '/opt/chrome' } })), { ok: true });
  });

  it('asks for the build headers only until VS Code is installed, and for Chromium only where a browser is driven', () => {
    const headers = machine(['/usr/include/libsecret-1/libsecret/secret.h', '/usr/bin/chromium'], { env: { NOTTE_NO_INSTALL: '1' } });
    assert.strictEqual(preflight.planPreflight('test', headers).action, 'stop');
    assert.strictEqual(preflight.planPreflight('test', { ...headers, vscodeReady: true }).action, 'stop', 'chromium is still missing');
    assert.deepStrictEqual(preflight.planPreflight('demo', { ...headers, vscodeReady: true }), { ok: true });
    assert.match(preflight.planPreflight('demo', headers).lines.join('\n'), /apt-get install -y libsecret-1-dev$/m);
  });

  it('npm test with NOTTE_NO_INSTALL and a bad CHROMIUM_PATH stops within seconds, before building, with the command', function () {
    this.timeout(20000);
    const started = Date.now();
    const result = spawnSync(
      process.execPath, // Should the preflight ever pass here, the grep keeps the run from starting this test again.
      [path.join(ROOT, 'test', 'harness', 'run-all.js'), '--layers', 'unit', '--grep', 'no test is named like this'],
      {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, NOTTE_NO_INSTALL: '1', CHROMIUM_PATH: '/nonexistent/chromium', NOTTE_TEST_NO_BUILD: '' },
        timeout: 15000,
      },
    );
    assert.notStrictEqual(result.status, 0);
    assert.ok(Date.now() - started < 10000, `took ${Date.now() - started} ms`);
    assert.match(result.stdout, /CHROMIUM_PATH is set to \/nonexistent\/chromium/);
    assert.match(result.stdout, /apt-get install -y chromium/);
    assert.doesNotMatch(result.stdout, /Built in/);
    assert.match(result.stdout.trim().split('\n').pop() ?? '', /^0 passed, 1 failed$/);
  });

  it('turns a failed native build of code-server into one line naming the module and the package', () => {
    const output = [
      'npm error code 1',
      'npm error path /work/.vscode-test/code-server/node_modules/kerberos',
      'npm error command failed',
      'npm error ../src/kerberos.h:6:10: fatal error: gssapi/gssapi.h: No such file or directory',
      'npm error gyp ERR! build error',
    ].join('\n');
    assert.strictEqual(
      vscodeLib.diagnoseInstall(output),
      'native module kerberos did not compile: gssapi/gssapi.h is missing (Debian package libkrb5-dev: apt-get install -y libkrb5-dev)',
    );
    assert.strictEqual(vscodeLib.diagnoseInstall('npm error network request failed, reason: getaddrinfo ENOTFOUND registry.npmjs.org'), 'the npm registry could not be reached');
  });
});
