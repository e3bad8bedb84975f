// Command-line options of `node dist/local-server.js`.
import { DEFAULT_MAX_CONCURRENT, DEFAULT_RUN_TIMEOUT_SECONDS, LocalServerOptions } from './server';

export const DEFAULT_CLI_PORT = 8765;

export const HELP = `Notte Functions local server: the Notte Functions API on this machine, running the
Python functions of a folder (each .py file with a run(...) function) with python3.

Usage: node dist/local-server.js [options]

  --functions DIR       folder of the function files (default: the bundled examples)
  --port N              port (default ${DEFAULT_CLI_PORT}; 0 picks a free one)
  --host ADDRESS        address to bind (default 127.0.0.1, loopback only)
  --key KEY             API key clients must send as "Authorization: Bearer KEY" or
                        "x-notte-api-key: KEY" (default: $NOTTE_API_KEY, else a random key)
  --data DIR            where runs, versions and schedules are kept
                        (default: ~/.notte-functions-local/<folder>-<hash>)
  --max-concurrent N    active runs allowed at once; more answer 429 (default ${DEFAULT_MAX_CONCURRENT})
  --run-timeout S       a run taking longer is stopped (default ${DEFAULT_RUN_TIMEOUT_SECONDS} seconds)
  --python PATH         Python interpreter (default python3)
  --decryption-key KEY  answer the code url of GET /functions/{id} encrypted for this key
  --no-schedules        do not start runs for schedules
  --sessions            give each run a simulated browser session (GET /sessions/{id}: a local
                        viewer page of its logs; /replay: a stand-in video once the run ended)
  --faults              test only: enable POST/DELETE /__faults (injected errors, delays, cut streams)
  --json                print one JSON line {url, key, port, functionsDir, dataDir} on stdout
  --verbose             log run starts and ends on stderr
  -h, --help            show this help

Example:
  node dist/local-server.js --functions ./my-functions --port 8765
  curl -H "Authorization: Bearer $KEY" http://127.0.0.1:8765/functions/
`;

export interface CliOptions extends LocalServerOptions {
  help: boolean;
  json: boolean;
  verbose: boolean;
}

export class CliError extends Error {}

/** Parses the arguments (`--name value` or `--name=value`); throws CliError with a readable message. */
export function parseArgs(argv: string[], env: NodeJS.ProcessEnv = process.env): CliOptions {
  const options: CliOptions = { help: false, json: false, verbose: false, port: DEFAULT_CLI_PORT };
  const args = [...argv];
  const value = (name: string, inline: string | undefined): string => {
    if (inline !== undefined) return inline;
    const next = args.shift();
    if (next === undefined || (next.startsWith('--') && next.length > 2)) throw new CliError(`${name} needs a value.`);
    return next;
  };
  const integer = (name: string, text: string, min: number, max: number): number => {
    if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) throw new CliError(`${name} must be a whole number from ${min} to ${max}, not "${text}".`);
    return Number(text);
  };
  while (args.length > 0) {
    const arg = args.shift() as string;
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const inline = eq > 0 ? arg.slice(eq + 1) : undefined;
    switch (name) {
      case '-h':
      case '--help':
        options.help = true;
        break;
      case '--functions':
        options.functionsDir = value(name, inline);
        break;
      case '--port':
        options.port = integer(name, value(name, inline), 0, 65535);
        break;
      case '--host':
        options.host = value(name, inline);
        break;
      case '--key':
        options.key = value(name, inline);
        break;
      case '--data':
        options.dataDir = value(name, inline);
        break;
      case '--max-concurrent':
        options.maxConcurrent = integer(name, value(name, inline), 1, 10_000);
        break;
      case '--run-timeout': {
        const text = value(name, inline);
        const seconds = Number(text);
        if (!/^\d+(\.\d+)?$/.test(text) || !(seconds > 0)) throw new CliError(`--run-timeout must be a number of seconds above 0, not "${text}".`);
        options.runTimeoutSeconds = seconds;
        break;
      }
      case '--python':
        options.python = value(name, inline);
        break;
      case '--decryption-key':
        options.decryptionKey = value(name, inline);
        break;
      case '--no-schedules':
        options.schedules = false;
        break;
      case '--sessions':
        options.sessions = true;
        break;
      case '--faults':
        options.faults = true;
        break;
      case '--json':
        options.json = true;
        break;
      case '--verbose':
        options.verbose = true;
        break;
      default:
        throw new CliError(`Unknown option "${arg}". Try --help.`);
    }
  }
  if (!options.key && env.NOTTE_API_KEY) options.key = env.NOTTE_API_KEY;
  return options;
}

export function isLoopback(host: string | undefined): boolean {
  return host === undefined || host === 'localhost' || host === '::1' || /^127\./.test(host);
}
