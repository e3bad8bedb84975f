// Helpers of the notte-test tests: run the built command as a child process, copy the fixture
// workspace, read a JUnit report with a real XML parser (Python's, which the local server needs anyway).
import { execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { REPO_ROOT, tempDir } from '../helpers/localServer';

export const CLI = path.join(REPO_ROOT, 'dist', 'notte-test.js');
export const CONTRACTS_WORKSPACE = path.join(REPO_ROOT, 'test', 'unit', 'contracts', 'fixtures', 'workspace');

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
  lines: string[];
}

/** `node dist/notte-test.js ...args` with NOTTE_API_URL and NOTTE_API_KEY unset unless given. */
export function runCli(args: string[], env: Record<string, string> = {}, cwd = REPO_ROOT): Promise<CliRun> {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: build it first (node esbuild.js).`);
  const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, NOTTE_API_URL: '', NOTTE_API_KEY: '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr, lines: stdout.split('\n').filter(Boolean) })));
}

/** A copy of the fixture workspace (function files and .notte/) in a temporary folder. */
export function copyWorkspace(): string {
  const dir = tempDir('notte-test-workspace-');
  fs.cpSync(CONTRACTS_WORKSPACE, dir, { recursive: true });
  return dir;
}

export interface JunitCase {
  suite: string;
  classname: string;
  name: string;
  failure?: { message: string; type: string; text: string };
  out?: string;
}

/** The report parsed by Python's xml.etree: its totals and its testcases in order. */
export function readJunit(file: string): { tests: number; failures: number; cases: JunitCase[] } {
  const script = [
    'import json, sys, xml.etree.ElementTree as ET',
    'root = ET.parse(sys.argv[1]).getroot()',
    'cases = []',
    'for suite in root.findall("testsuite"):',
    '    for case in suite.findall("testcase"):',
    '        f = case.find("failure"); o = case.find("system-out")',
    '        cases.append({"suite": suite.get("name"), "classname": case.get("classname"), "name": case.get("name"),',
    '                      **({"failure": {"message": f.get("message"), "type": f.get("type"), "text": f.text}} if f is not None else {}),',
    '                      **({"out": o.text} if o is not None else {})})',
    'print(json.dumps({"tests": int(root.get("tests")), "failures": int(root.get("failures")), "cases": cases}))',
  ].join('\n');
  return JSON.parse(execFileSync('python3', ['-c', script, file], { encoding: 'utf8' }));
}

/** A loopback port nothing listens on (bound, then closed). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
