// The command line of notte-test: its options, its help, and the mistakes it refuses (exit 2).

export const DEFAULT_API_URL = 'https://api.notte.cc';
/** Run Batch's default (notte.batch.maxConcurrent), the Free plan's concurrent runs. */
export const DEFAULT_CONCURRENCY = 10;

export const HELP = `notte-test: runs a workspace's saved sets (.notte/variables/*.json) as tests, each run checked
against its set's health contract ("expect"), on Notte or on a local Functions server.

Usage: notte-test --workspace DIR [options]        (or: node dist/notte-test.js ...)

  --workspace DIR          the folder holding .notte/: the sets and their contracts, and
                           functions.json for linked files (required)
  --grep PATTERN           run only the sets whose function or set name matches PATTERN (a
                           regular expression, case-insensitive; "prices / smoke" is one set)
  --junit FILE             also write a JUnit XML report to FILE (one testcase per set; its
                           folder is made; a FILE that cannot be written is bad usage)
  --local-server [FOLDER]  start a local Functions server in this process on the function files
                           of FOLDER (default: the workspace folder; a function's id is its file
                           name without .py) and run the sets there, with python3
  --concurrency N          runs at once (default ${DEFAULT_CONCURRENCY}); a 429 from the server is waited out
  -h, --help               show this help

Environment:
  NOTTE_API_URL            the API to run on (default ${DEFAULT_API_URL})
  NOTTE_API_KEY            its key (required without --local-server; never printed)
  NOTTE_VAR_<name>         the value of a variable a set keeps masked (a password saved as ••••••);
                           masked in all notte-test writes (6 characters or more), and not passed on
                           to the functions' processes

A sets file belongs to the function it is named after (its name, else its id), or to the one its
file is linked to in .notte/functions.json for that API. Output: one line per set,
"✓ function / set (1.2s)" or "✗ function / set: the reason", then "N passed, N failed". Each
set's last passing result is kept in DIR/.notte/.cache/ (git ignores it), so that a failure says
what changed since.

Exit status: 0 when every set passes, 1 when one fails (or cannot run), 2 on bad usage (a --grep
that matches no set is one), 130 when a second Ctrl+C quits at once.
`;

export interface TestArgs {
  workspace: string;
  grep?: RegExp;
  /** The pattern as it was given (a RegExp's source escapes "/"). */
  grepText?: string;
  junit?: string;
  /** The functions folder of a local server to start; undefined to run on NOTTE_API_URL. */
  localServer?: string;
  concurrency: number;
  help: boolean;
}

/** A mistake on the command line: told on stderr, exit 2. */
export class UsageError extends Error {}

/** Reads the arguments (after `node notte-test.js`); `--name value` and `--name=value` alike. */
export function parseTestArgs(argv: readonly string[]): TestArgs {
  const args: Partial<TestArgs> & { help: boolean; concurrency: number } = { help: false, concurrency: DEFAULT_CONCURRENCY };
  const words = argv.flatMap((word) => (/^--[a-z-]+=/.test(word) ? [word.slice(0, word.indexOf('=')), word.slice(word.indexOf('=') + 1)] : [word]));
  for (let i = 0; i < words.length; i++) {
    const name = words[i];
    const value = (): string => {
      const next = words[++i];
      if (next === undefined || (next.startsWith('--') && next.length > 2)) throw new UsageError(`${name} needs a value.`);
      return next;
    };
    if (name === '-h' || name === '--help') args.help = true;
    else if (name === '--workspace') args.workspace = value();
    else if (name === '--junit') args.junit = value();
    else if (name === '--grep') args.grep = pattern((args.grepText = value()));
    else if (name === '--concurrency') args.concurrency = wholeNumber(name, value(), 1, 100);
    else if (name === '--local-server') args.localServer = words[i + 1] !== undefined && !words[i + 1].startsWith('-') ? words[++i] : '';
    else throw new UsageError(`Unknown option ${JSON.stringify(name)}.`);
  }
  if (args.help) return { workspace: '', ...args };
  if (!args.workspace) throw new UsageError('Say which workspace to test: --workspace DIR (the folder holding .notte/).');
  // --local-server without a folder: the workspace's own function files.
  if (args.localServer === '') args.localServer = args.workspace;
  return args as TestArgs;
}

function pattern(text: string): RegExp {
  try {
    return new RegExp(text, 'i');
  } catch (error) {
    throw new UsageError(`--grep ${JSON.stringify(text)} is not a regular expression: ${(error as Error).message}.`);
  }
}

function wholeNumber(name: string, text: string, min: number, max: number): number {
  if (!/^\d+$/.test(text) || Number(text) < min || Number(text) > max) throw new UsageError(`${name} must be a whole number from ${min} to ${max}, not ${JSON.stringify(text)}.`);
  return Number(text);
}
