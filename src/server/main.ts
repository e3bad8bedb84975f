// Command-line entry of the local Functions server (bundled by esbuild.js to dist/local-server.js).
import { CliError, HELP, isLoopback, parseArgs } from './cli';
import { LOCAL_SERVER_KEY_ENV } from './localKey';
import { LocalServer, startLocalServer } from './server';

async function main(): Promise<void> {
  let options;
  try {
    options = parseArgs(process.argv.slice(2));
  } catch (error) {
    if (error instanceof CliError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  // Read once: the Python functions the server starts (and anything they start) must not inherit it.
  delete process.env[LOCAL_SERVER_KEY_ENV];
  if (options.help) {
    process.stdout.write(HELP);
    return;
  }
  const log = (line: string) => process.stderr.write(`${line}\n`);
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
  // A key the caller gave is never echoed (its output may be logged, or read by someone else): the
  // caller knows it. A key the server made is printed, or no one could use the server.
  if (options.json) {
    const key = server.keyGenerated ? { key: server.key } : {};
    process.stdout.write(`${JSON.stringify({ url: server.url, ...key, port: server.port, functionsDir: server.functionsDir, dataDir: server.dataDir })}\n`);
  } else {
    const shownKey = server.keyGenerated ? server.key : `the one given (${options.keyFrom ?? 'NOTTE_API_KEY'})`;
    process.stdout.write(
      `Notte Functions local server listening on ${server.url}\n` +
        `  API key:   ${shownKey}\n` +
        `  functions: ${server.functionsDir}\n` +
        `  data:      ${server.dataDir}\n` +
        `Try: curl -H "Authorization: Bearer ${server.keyGenerated ? server.key : '$KEY'}" ${server.url}/functions/\n`,
    );
  }

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping runs and closing.`);
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    void server.close().then(() => process.exit(0));
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGHUP', () => stop('SIGHUP'));
}

void main();
