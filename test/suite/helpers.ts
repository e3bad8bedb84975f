// Shared by the in-editor tests: the extension's API, the local server the harness started, and
// real HTTP to check what the server recorded (never a mock).
import * as assert from 'assert';
import * as fs from 'fs';
import * as nodeHttp from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import type { NotteExtensionApi } from '../../src/extension';
import type { TestDoor } from '../../src/app/testDoor';
import type { FunctionRun, NotteFunction, Page } from '../../src/api/types';
import { startLocalServerProcess } from '../../src/features/localServer/localServerProcess';

export const EXTENSION_ID = 'notte-community.notte-functions';

/** What the tests read of the extension: its test door, which VS Code gives only while it runs the extension's tests. */
export async function extensionApi(): Promise<TestDoor> {
  const extension = vscode.extensions.getExtension<NotteExtensionApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  const api = await extension.activate();
  await api.ready;
  assert.ok(api.testing, 'the extension offers its test door only in ExtensionMode.Test');
  return api.testing();
}

export function extensionPath(): string {
  return vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath;
}

export interface TestServer {
  url: string;
  key: string;
  stop(): Promise<void>;
}

/** The server the harness started for this suite (its URL and key come through the environment). */
export function harnessServer(): { url: string; key: string } {
  const url = process.env.NOTTE_TEST_SERVER_URL;
  const key = process.env.NOTTE_TEST_SERVER_KEY;
  assert.ok(url && key, 'NOTTE_TEST_SERVER_URL and NOTTE_TEST_SERVER_KEY must be set by the harness');
  return { url, key };
}

/** A local server of our own with the options a test needs (faults, a decryption key…). */
/** test/fixtures/functions: functions made for the tests (browser_heartbeat opens a real browser session). */
export function fixtureFunctions(): string {
  return path.join(extensionPath(), 'test', 'fixtures', 'functions');
}

export async function startServer(args: string[] = [], functionsDir?: string): Promise<TestServer> {
  const server = await startLocalServerProcess({
    script: path.join(extensionPath(), 'dist', 'local-server.js'),
    functionsDir: functionsDir ?? process.env.NOTTE_TEST_FUNCTIONS_DIR ?? path.join(extensionPath(), 'dist', 'examples'),
    dataDir: fs.mkdtempSync(path.join(os.tmpdir(), 'notte-suite-data-')),
    key: `suite-key-${Math.random().toString(36).slice(2)}`,
    extraArgs: args,
  });
  return { url: server.url, key: server.key, stop: server.stop };
}

/**
 * A server of our own for a describe: started (serving `functionsDir()`, else the examples) and used
 * before its first test, stopped after its last, then the harness's server is used again.
 */
export function ownServerForSuite(args: string[], use?: (server: TestServer) => void, functionsDir?: () => string): void {
  let own: TestServer | undefined;
  before(async () => {
    own = await startServer(args, functionsDir?.());
    use?.(own);
    await useServer(own);
  });
  after(async () => {
    await own?.stop();
    await useServer(harnessServer());
  });
}

export async function http<T>(server: { url: string; key: string }, method: string, route: string, body?: unknown): Promise<T> {
  const response = await fetch(server.url + route, {
    method,
    headers: { Authorization: `Bearer ${server.key}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  assert.ok(response.ok, `${method} ${route} answered ${response.status}: ${text}`);
  return JSON.parse(text) as T;
}

export async function listFunctions(server: { url: string; key: string }): Promise<NotteFunction[]> {
  return (await http<Page<NotteFunction>>(server, 'GET', '/functions/?page_size=100')).items;
}

export async function listRuns(server: { url: string; key: string }, functionId: string): Promise<FunctionRun[]> {
  return (await http<Page<FunctionRun>>(server, 'GET', `/functions/${functionId}/runs/?only_active=false&page_size=100`)).items;
}

export async function functionIdByFile(server: { url: string; key: string }, stem: string): Promise<string> {
  const fns = await listFunctions(server);
  const fn = fns.find((f) => f.function_id.includes(stem) || f.name === stem || (f.name ?? '').toLowerCase().replace(/[\s-]+/g, '_') === stem);
  assert.ok(fn, `no function for ${stem} among ${fns.map((f) => `${f.function_id}/${f.name}`).join(', ')}`);
  return fn.function_id;
}

/** The labels of the Functions view's top rows, as the view draws them. */
export async function rootLabels(): Promise<string[]> {
  const api = await extensionApi();
  return (await api.treeChildren()).map((node) => String(api.treeItem(node).label));
}

/** Points the extension at a server: the URL in settings, the key in secret storage. */
export async function useServer(server: { url: string; key: string }): Promise<void> {
  await vscode.workspace.getConfiguration('notte').update('apiUrl', server.url, vscode.ConfigurationTarget.Global);
  await vscode.commands.executeCommand('notte.setApiKey', server.key);
}

// The tests' one waitFor (unit, suite and harness alike).
export { waitFor } from '../harness/lib/waitFor';

export interface ForwardingProxy {
  url: string;
  key: string;
  close(): Promise<void>;
}

export interface RecordingProxy extends ForwardingProxy {
  /** "METHOD /path" of every request passed on so far, in order. */
  requests: string[];
}

/**
 * A plain forwarding HTTP proxy in front of a server. `intercept` sees each request first and may
 * answer it itself (then it returns true). Bodies, streams included, pass through untouched.
 */
export async function forwardingProxy(
  server: { url: string; key: string },
  intercept?: (req: nodeHttp.IncomingMessage, res: nodeHttp.ServerResponse) => boolean,
): Promise<ForwardingProxy> {
  const target = new URL(server.url);
  const proxy = nodeHttp.createServer((req, res) => {
    if (intercept?.(req, res)) return;
    // Host names the server, as a forwarding proxy does: the local server answers only its own address.
    const upstream = nodeHttp.request({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: { ...req.headers, host: target.host } }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`,
    key: server.key,
    close: () =>
      new Promise<void>((resolve) => {
        proxy.closeAllConnections();
        proxy.close(() => resolve());
      }),
  };
}

/** A forwarding proxy that records what the extension asked for, so a test can check which requests were (not) made. */
export async function recordingProxy(server: { url: string; key: string }): Promise<RecordingProxy> {
  const requests: string[] = [];
  const proxy = await forwardingProxy(server, (req) => {
    requests.push(`${req.method} ${(req.url ?? '').split('?')[0]}`);
    return false;
  });
  return { ...proxy, requests };
}
