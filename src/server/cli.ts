// Command-line options of `node dist/local-server.js`.
import { parseHost } from './doors';
import { DEFAULT_MAX_SESSIONS } from './browser/browserSessions';
import { LOCAL_SERVER_KEY_ENV } from '../shared/localServerKey';
import { DEFAULT_MAX_CONCURRENT, DEFAULT_RUN_TIMEOUT_SECONDS, LocalServerOptions } from './server';

export const DEFAULT_CLI_PORT = 8765;

export const HELP = `Notte Functions local server: the Notte Functions API on this machine, running the
Python functions of a folder (each .py file with a run(...) function) with python3.

Usage: node dist/local-server.js [options]

  --functions DIR       folder of the function files (default: the bundled examples)
  --port N              port (default ${DEFAULT_CLI_PORT}; 0 picks a free one)
  --host ADDRESS        address to bind (default 127.0.0.1, loopback only)
  --allowed-host NAME   also answer requests addressed to NAME (or NAME:PORT; repeat it, or
                        separate names with commas). By default only requests whose Host is
                        127.0.0.1, localhost, [::1] or the --host address, with the port, are
                        answered; others get 403, so a web page cannot reach the server through
                        a name of its own (DNS rebinding). Use it for a tunnel's or a
                        container's name; a NAME without port is answered on any port.
  --key KEY             API key clients must send as "Authorization: Bearer KEY" or
                        "x-notte-api-key: KEY". A command line shows in \`ps\` to every user of
                        the machine: set $${LOCAL_SERVER_KEY_ENV} instead (the safe way; the
                        server removes it from its environment, so functions do not see it).
                        Default: $${LOCAL_SERVER_KEY_ENV}, else $NOTTE_API_KEY, else a random key
  --data DIR            where runs, versions and schedules are kept
                        (default: ~/.notte-functions-local/<folder>-<hash>)
  --max-concurrent N    active runs allowed at once; more answer 429 (default ${DEFAULT_MAX_CONCURRENT})
  --run-timeout S       a run taking longer is stopped (default ${DEFAULT_RUN_TIMEOUT_SECONDS} seconds)
  --python PATH         Python interpreter (default python3)
  --decryption-key KEY  answer the code url of GET /functions/{id} encrypted for this key
  --no-schedules        do not start runs for schedules
  --browser PATH        Chromium, Chrome or Edge for browser sessions (default: $CHROMIUM_PATH,
                        else one found at the usual places). It starts with the first session
                        and stops after an idle minute; sessions share it, a context each.
  --max-sessions N      browser sessions open at once; more answer 429 (default ${DEFAULT_MAX_SESSIONS})
  --allow-file-urls     let sessions open file:, chrome: and view-source: addresses (refused by
                        default: a function could read this machine's files through them)
  --faults              test only: enable POST/DELETE /__faults (injected errors, delays, cut streams)
  --json                print one JSON line {url, port, functionsDir, dataDir} on stdout, with
                        "key" too when the server made the key (never one it was given)
  --verbose             log run starts and ends on stderr
  --stop-with-stdin     stop when stdin closes: a program that starts the server and keeps its stdin
                        open takes it down with it, even when killed (no orphan holding the port)
  -h, --help            show this help

Example:
  export KEY=my-secret-key
  ${LOCAL_SERVER_KEY_ENV}=$KEY node dist/local-server.js --functions ./my-functions --port 8765
  curl -H "Authorization: Bearer $KEY" http://127.0.0.1:8765/functions/
`;

export interface CliOptions extends LocalServerOptions {
  help: boolean;
  json: boolean;
  verbose: boolean;
  /** Stop when stdin closes (the program that started the server is gone). */
  stopWithStdin?: boolean;
  /** Where the key came from, when it was given (else the server makes one). */
  keyFrom?: '--key' | typeof LOCAL_SERVER_KEY_ENV | 'NOTTE_API_KEY';
}

export class CliError extends Error {}

const integer = (name: string, text: string, min: number, max: number): number => {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) throw new CliError(`${name} must be a whole number from ${min} to ${max}, not "${text}".`);
  return Number(text);
};

/** The options that take a value: how each sets its field. */
const WITH_VALUE: Record<string, (options: CliOptions, text: string, name: string) => void> = {
  '--functions': (o, text) => (o.functionsDir = text),
  '--port': (o, text, name) => (o.port = integer(name, text, 0, 65535)),
  '--host': (o, text) => (o.host = text),
  '--allowed-host': (o, text, name) => {
    const names = text
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean);
    for (const n of names) if (!parseHost(n)) throw new CliError(`${name} takes a host name (NAME or NAME:PORT), not "${n}".`);
    o.allowedHosts = [...(o.allowedHosts ?? []), ...names];
  },
  '--key': (o, text) => {
    o.key = text;
    o.keyFrom = '--key';
  },
  '--data': (o, text) => (o.dataDir = text),
  '--max-concurrent': (o, text, name) => (o.maxConcurrent = integer(name, text, 1, 10_000)),
  '--run-timeout': (o, text) => {
    const seconds = Number(text);
    if (!/^\d+(\.\d+)?$/.test(text) || !(seconds > 0)) throw new CliError(`--run-timeout must be a number of seconds above 0, not "${text}".`);
    o.runTimeoutSeconds = seconds;
  },
  '--python': (o, text) => (o.python = text),
  '--decryption-key': (o, text) => (o.decryptionKey = text),
  '--browser': (o, text) => (o.browserPath = text),
  '--max-sessions': (o, text, name) => (o.maxSessions = integer(name, text, 1, 1000)),
};

/** The switches: what each turns on. */
const FLAGS: Record<string, (options: CliOptions) => void> = {
  '-h': (o) => (o.help = true),
  '--help': (o) => (o.help = true),
  '--no-schedules': (o) => (o.schedules = false),
  '--allow-file-urls': (o) => (o.allowFileUrls = true),
  '--faults': (o) => (o.faults = true),
  '--json': (o) => (o.json = true),
  '--verbose': (o) => (o.verbose = true),
  '--stop-with-stdin': (o) => (o.stopWithStdin = true),
};

/** Parses the arguments (`--name value` or `--name=value`); throws CliError with a readable message. */
export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  const options: CliOptions = { help: false, json: false, verbose: false, port: DEFAULT_CLI_PORT };
  const args = [...argv];
  while (args.length > 0) {
    const arg = args.shift() as string;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    // Own properties only: "--constructor" or "toString" must not find Object's.
    if (Object.hasOwn(FLAGS, name)) FLAGS[name](options);
    else if (Object.hasOwn(WITH_VALUE, name)) {
      const text = inline ?? args.shift();
      if (text === undefined || (inline === undefined && text.startsWith('--') && text.length > 2)) throw new CliError(`${name} needs a value.`);
      WITH_VALUE[name](options, text, name);
    } else throw new CliError(`Unknown option "${arg}". Try --help.`);
  }
  if (!options.key) {
    for (const name of [LOCAL_SERVER_KEY_ENV, 'NOTTE_API_KEY'] as const) {
      if (!env[name]) continue;
      options.key = env[name];
      options.keyFrom = name;
      break;
    }
  }
  return options;
}

export function isLoopback(host: string | undefined): boolean {
  return host === undefined || host === 'localhost' || host === '::1' || /^127\./.test(host);
}
