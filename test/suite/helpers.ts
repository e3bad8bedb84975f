// Shared by the in-editor tests: the extension's API, the local server the harness started, and
// real HTTP to check what the server recorded (never a mock).
import * as assert from 'assert';
import { spawn } from 'child_process';
import * as path from 'path';
import * as vscode from 'vscode';
import type { NotteExtensionApi } from '../../src/extension';
import type { FunctionRun, NotteFunction, Page } from '../../src/api/types';

export const EXTENSION_ID = 'notte-community.notte-functions';

export async function extensionApi(): Promise<NotteExtensionApi> {
  const extension = vscode.extensions.getExtension<NotteExtensionApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed`);
  const api = await extension.activate();
  await api.ready;
  return api;
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
export function startServer(args: string[] = [], functionsDir?: string): Promise<TestServer> {
  const script = path.join(extensionPath(), 'dist', 'local-server.js');
  const dir = functionsDir ?? path.join(extensionPath(), 'dist', 'examples');
  const data = path.join(require('os').tmpdir(), `notte-suite-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`);
  const key = `suite-key-${Math.random().toString(36).slice(2)}`;
  const child = spawn(process.execPath, [script, '--functions', dir, '--data', data, '--port', '0', '--key', key, '--json', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`local server did not start: ${err}`)), 15000);
    child.stderr!.on('data', (chunk) => (err += chunk));
    child.stdout!.on('data', (chunk) => {
      out += chunk;
      const newline = out.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      const info = JSON.parse(out.slice(0, newline));
      resolve({
        url: info.url,
        key,
        stop: () =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            try {
              process.kill(-child.pid!, 'SIGTERM');
            } catch {
              done();
            }
          }),
      });
    });
    child.on('exit', (code) => reject(new Error(`local server exited with ${code}: ${err}`)));
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

/** Points the extension at a server: the URL in settings, the key in secret storage. */
export async function useServer(server: { url: string; key: string }): Promise<void> {
  await vscode.workspace.getConfiguration('notte').update('apiUrl', server.url, vscode.ConfigurationTarget.Global);
  await vscode.commands.executeCommand('notte.setApiKey', server.key);
}

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 15000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value as T;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? `: ${last}` : ''}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
