// Command-line entry of the local Functions server (bundled by esbuild.js to dist/local-server.js).
import { CliError, CliOptions, HELP, isLoopback, parseArgs } from './cli';
import { LOCAL_SERVER_KEY_ENV } from '../shared/localServerKey';
import { LocalServer, startLocalServer } from './server';

/** A line on stderr; a stderr that is gone (the parent went away) must not become an error of its own. */
function log(line: string): void {
  try {
    process.stderr.write(`${line}\n`);
  } catch {
    // Nowhere to say it.
  }
}

/**
 * Whatever escapes a request's or a timer's own handling is logged and the server keeps serving: one
 * bad input must not end every run and every client's connection. A closed stdout or stderr means the
 * process that started the server is gone: the server stops as on SIGTERM.
 */
function guardProcess(stop: (why: string) => void): void {
  process.on('uncaughtException', (error) => log(`Unexpected error (the server goes on): ${error?.stack ?? error}`));
  process.on('unhandledRejection', (reason) => log(`Unexpected error in a promise (the server goes on): ${(reason as Error)?.stack ?? reason}`));
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') stop(`${stream === process.stdout ? 'stdout' : 'stderr'} closed`);
    });
  }
}

/** How to stop the server, once it is up. */
let stopServer: ((why: string) => void) | undefined;

/** The options of the command line; exits 2 with a readable message when they are wrong. */
function readOptions(): CliOptions {
  try {
    return parseArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
}

/**
 * The start lines. A key the caller gave is never echoed (the output may be logged, or read by someone
 * else): the caller knows it. A key the server made is printed, or no one could use the server.
 */
function printStart(server: LocalServer, options: CliOptions): void {
  if (options.json) {
    const key = server.keyGenerated ? { key: server.key } : {};
    process.stdout.write(`${JSON.stringify({ url: server.url, ...key, port: server.port, functionsDir: server.functionsDir, dataDir: server.dataDir })}\n`);
    return;
  }
  const shownKey = server.keyGenerated ? server.key : `the one given (${options.keyFrom ?? 'NOTTE_API_KEY'})`;
  process.stdout.write(
    `Notte Functions local server listening on ${server.url}\n` +
      `  API key:   ${shownKey}\n` +
      `  functions: ${server.functionsDir}\n` +
      `  data:      ${server.dataDir}\n` +
      `Try: curl -H "Authorization: Bearer ${server.keyGenerated ? server.key : '$KEY'}" ${server.url}/functions/\n`,
  );
}

async function main(): Promise<void> {
  guardProcess((why) => stopServer?.(why));
  const options = readOptions();
  // Read once: the Python functions the server starts (and anything they start) must not inherit it.
  delete process.env[LOCAL_SERVER_KEY_ENV];
  if (options.help) {
    process.stdout.write(HELP);
    return;
  }
  let server: LocalServer;
  try {
    server = await startLocalServer({ ...options, log: options.verbose || options.json ? log : undefined });
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    log(e.code === 'EADDRINUSE' ? `Port ${options.port} is in use: pick another with --port (0 picks a free one).` : `Could not start: ${e.message}`);
    process.exit(1);
  }
  if (!isLoopback(server.host)) {
    log(`Warning: listening on ${server.host}, reachable from other machines. Anyone with the key can run your functions.`);
    log('Requests must address it as 127.0.0.1, localhost, [::1] or that address: add the name other machines use with --allowed-host NAME.');
  }
  printStart(server, options);

  let stopping = false;
  stopServer = (why: string) => {
    if (stopping) return;
    stopping = true;
    log(`${why}: stopping runs and closing.`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    void server.close().then(() => process.exit(0));
  };
  for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(signal, () => stopServer?.(signal));
  if (options.stopWithStdin) {
    // The starter holds the pipe's other end: its end, however it came (a crash, SIGKILL), closes it.
    process.stdin.on('end', () => stopServer?.('stdin closed'));
    process.stdin.on('error', () => stopServer?.('stdin closed'));
    process.stdin.resume();
  }
}

void main();
