#!/usr/bin/env node
// notte-test, the CI command (bundled by esbuild.js to dist/notte-test.js, the npm bin `notte-test`):
// runs a workspace's saved sets as tests with their health contracts, on NOTTE_API_URL or on a local
// Functions server it starts in this process, and tells them as lines, a JUnit report and its exit
// status. It shares the checker and the runner with the extension (src/contracts). See src/cli/README.md.
import fs = require('fs');
import os = require('os');
import path = require('path');
import { NotteClient } from '../api/client';
import { LAST_PASSING_FILE, LastPassingFile } from '../contracts/lastPassing';
import { runSets } from '../contracts/setRunner';
import { testsMatching } from '../contracts/setTests';
import { generateLocalKey } from '../shared/localServerKey';
import { LocalServer, startLocalServer } from '../server/server';
import { junitXml } from './junit';
import { inOrder, outcomeLine } from './report';
import { DEFAULT_API_URL, HELP, parseTestArgs, TestArgs, UsageError } from './testArgs';
import { setsFiles, workspaceTests } from './workspaceTests';

/** Where the tests run: the API and its key, and what to close after. */
interface Target {
  url: string;
  key: string;
  /** The folder of function files, when the target is a local server of this process. */
  localFolder?: string;
  close(): Promise<void>;
}

/** Runs notte-test; answers the exit status (0 all passed, 1 one failed, 2 bad usage). */
async function notteTest(argv: readonly string[], env: NodeJS.ProcessEnv, write: (line: string) => void, warn: (line: string) => void): Promise<number> {
  let args: TestArgs;
  let target: Target;
  try {
    args = parseTestArgs(argv);
    if (args.help) {
      write(HELP.trimEnd());
      return 0;
    }
    setsFiles(args.workspace);
    if (args.junit) checkWritable(args.junit);
    target = args.localServer !== undefined ? await localTarget(args.localServer) : cloudTarget(env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    warn(`notte-test: ${error.message}\nRun notte-test --help for the options.`);
    return 2;
  }
  const client = new NotteClient({ baseUrl: target.url, apiKey: () => target.key, origin: 'notte-test', userAgent: 'notte-test' });
  const stop = new AbortController();
  const onSignal = stopOnSignal(stop, warn);
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const started = performance.now();
    const all = await workspaceTests(args.workspace, client, target);
    const tests = args.grep ? testsMatching(all, args.grep) : all;
    if (tests.length === 0) {
      // A misspelt pattern is a mistake, said so; the report is still written for a step that uploads it.
      if (args.junit) writeReport(args.junit, junitXml([], performance.now() - started), warn);
      warn(`notte-test: no set matches --grep ${JSON.stringify(args.grepText)} (of ${all.length} in ${args.workspace}).`);
      // The last line a CI step reads is the count, as after any run.
      write('0 passed, 0 failed');
      return 2;
    }
    const lastPassing = new LastPassingFile(path.join(args.workspace, LAST_PASSING_FILE));
    const outcomes = await runSets(client, tests, {
      concurrency: args.concurrency,
      signal: stop.signal,
      maskedValue: (name) => env[`NOTTE_VAR_${name}`],
      maskedHint: (names) => `set ${names.map((n) => `NOTTE_VAR_${n}`).join(', ')} in the environment`,
      lastPassing,
      onOutcome: inOrder(tests, (outcome) => write(outcomeLine(outcome))),
    });
    keepLastPassing(lastPassing, warn);
    const failed = outcomes.filter((o) => !o.verdict.passed).length;
    write(`${outcomes.length - failed} passed, ${failed} failed`);
    if (args.junit && !writeReport(args.junit, junitXml(outcomes, performance.now() - started), warn)) return 1;
    return failed ? 1 : 0;
  } finally {
    await client.close();
    await target.close();
    // Only now: a second Ctrl+C while the server closes (up to seconds) must still end the browsers.
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/**
 * The first Ctrl+C stops the runs and closes the server; a second one quits at once, through
 * process.exit so the browsers' exit hooks still end them (Node's own default on a signal runs none).
 */
function stopOnSignal(stop: AbortController, warn: (line: string) => void): () => void {
  return () => {
    if (stop.signal.aborted) process.exit(130);
    warn('notte-test: stopping the runs (Ctrl+C again to quit at once).');
    stop.abort();
  };
}

function keepLastPassing(lastPassing: LastPassingFile, warn: (line: string) => void): void {
  try {
    lastPassing.save();
  } catch (error) {
    // A cache (a read-only checkout, a file in its place): the verdicts stand without it.
    warn(`notte-test: the last passing results could not be kept in ${lastPassing.file} (${(error as Error).message}); the verdicts are not affected.`);
  }
}

/** Before any run: a report that cannot be written is said at once, not after the runs (a CI step's whole time). */
function checkWritable(file: string): void {
  // Opened to append, so an earlier report stays until this one replaces it; one made by the check goes
  // again (an empty file, left by a later usage error, is what a CI step's JUnit reader chokes on).
  const existed = fs.existsSync(file);
  const failure = writeInFolder(file, () => {
    fs.closeSync(fs.openSync(file, 'a'));
    if (!existed) fs.rmSync(file);
  });
  if (failure) throw new UsageError(`--junit: ${file} cannot be written (${failure}).`);
}

/** Writes the report; says why not when it cannot (a disk filled since the check) and answers false. */
function writeReport(file: string, xml: string, warn: (line: string) => void): boolean {
  const failure = writeInFolder(file, () => fs.writeFileSync(file, xml));
  if (failure) warn(`notte-test: the JUnit report could not be written to ${file} (${failure}).`);
  return !failure;
}

/** Makes the file's folder and writes; why it could not ("EACCES"), or undefined. */
function writeInFolder(file: string, write: () => void): string | undefined {
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    write();
    return undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
  }
}

function cloudTarget(env: NodeJS.ProcessEnv): Target {
  const key = env.NOTTE_API_KEY?.trim();
  if (!key) throw new UsageError('NOTTE_API_KEY is not set: give the key of the API to run on, or use --local-server.');
  const url = env.NOTTE_API_URL?.trim() || DEFAULT_API_URL;
  try {
    new URL(url);
  } catch {
    throw new UsageError(`NOTTE_API_URL is not a URL: ${JSON.stringify(url)}.`);
  }
  return { url, key, close: async () => undefined };
}

/**
 * The environment as given; NOTTE_VAR_* then leave this process's own, which the local server's
 * Python inherits: a set's masked values are for notte-test to give to the set's run, as variables.
 */
function withoutSetValues(): NodeJS.ProcessEnv {
  const given = { ...process.env };
  for (const name of Object.keys(process.env)) if (name.startsWith('NOTTE_VAR_')) delete process.env[name];
  return given;
}

/** A local Functions server in this process, on a free loopback port, its data in a temporary folder. */
async function localTarget(folder: string): Promise<Target> {
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) throw new UsageError(`--local-server: the functions folder ${folder} is not a folder.`);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'notte-test-'));
  // Also when a second Ctrl+C quits at once (process.exit runs 'exit' listeners, not close()).
  const removeData = () => fs.rmSync(dataDir, { recursive: true, force: true });
  process.once('exit', removeData);
  let server: LocalServer;
  try {
    server = await startLocalServer({ functionsDir: folder, dataDir, key: generateLocalKey(), port: 0, host: '127.0.0.1', schedules: false });
  } catch (error) {
    removeData();
    process.off('exit', removeData);
    throw new UsageError(`--local-server could not start: ${(error as Error).message}`);
  }
  return {
    url: server.url,
    key: server.key,
    localFolder: path.resolve(folder),
    close: async () => {
      await server.close();
      removeData();
      process.off('exit', removeData);
    },
  };
}

notteTest(
  process.argv.slice(2),
  withoutSetValues(),
  (line) => process.stdout.write(`${line}\n`),
  (line) => process.stderr.write(`${line}\n`),
).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    // Not a contract's failure but ours: said plainly, with the stack for a bug report.
    process.stderr.write(`notte-test: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exitCode = 1;
  },
);
