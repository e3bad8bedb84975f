import vscode = require('vscode');
import { codeHash } from '../../shared/codeHash';

export { codeHash };

/** What is known of a function's latest deployed code: its version and a hash of its text. */
export interface DeployedVersion {
  version: string;
  hash: string;
}

/** Fetches the latest version of a function and its code; undefined when the code cannot be had quietly. */
export type DeployedCodeFetcher = (functionId: string) => Promise<{ version: string; code: string } | 'gone' | undefined>;

const STATE_KEY = 'notte.author.deployedCode';

/**
 * The hash of each linked function's latest deployed code, per server. Filled by what the extension
 * deploys itself, and otherwise fetched once, lazily (never while typing), then kept in the
 * workspace's state so a reload needs no request.
 */
export class DeployedCode implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly inFlight = new Map<string, Promise<void>>();
  private readonly gone = new Set<string>();
  /** Asked once per function and version in a window, even when the answer was "cannot tell". */
  private readonly attempted = new Set<string>();
  private fetcher: DeployedCodeFetcher | undefined;

  constructor(private readonly memento: vscode.Memento) {}

  /** Set once the API is wanted anyway; until then nothing is fetched. */
  setFetcher(fetcher: DeployedCodeFetcher): void {
    this.fetcher = fetcher;
  }

  known(apiUrl: string, functionId: string): DeployedVersion | undefined {
    return this.all()[key(apiUrl, functionId)];
  }

  isGone(apiUrl: string, functionId: string): boolean {
    return this.gone.has(key(apiUrl, functionId));
  }

  async remember(apiUrl: string, functionId: string, version: string, code: string): Promise<void> {
    const all = { ...this.all(), [key(apiUrl, functionId)]: { version, hash: codeHash(code) } };
    this.gone.delete(key(apiUrl, functionId));
    await this.memento.update(STATE_KEY, all);
    this.changed.fire();
  }

  /** Marks a function found missing on its server (a 404): lenses say so. */
  markGone(apiUrl: string, functionId: string): void {
    if (this.gone.has(key(apiUrl, functionId))) return;
    this.gone.add(key(apiUrl, functionId));
    this.changed.fire();
  }

  /**
   * Makes sure the latest version's hash is known: asks the server when nothing is known or when
   * `latestVersion` (from a list the extension already read) is newer than what is known.
   */
  async check(apiUrl: string, functionId: string, latestVersion?: string): Promise<void> {
    const known = this.known(apiUrl, functionId);
    if (known && (latestVersion === undefined || latestVersion === known.version)) return;
    const id = key(apiUrl, functionId);
    const fetcher = this.fetcher;
    if (!fetcher || this.inFlight.has(id)) return this.inFlight.get(id);
    const attempt = `${id}@${latestVersion ?? ''}`;
    if (this.attempted.has(attempt)) return;
    this.attempted.add(attempt);
    const job = (async () => {
      try {
        const answer = await fetcher(functionId);
        if (answer === 'gone') this.markGone(apiUrl, functionId);
        else if (answer) await this.remember(apiUrl, functionId, answer.version, answer.code);
      } catch {
        // Unknown stays unknown: the lens simply does not say whether the file changed.
      } finally {
        this.inFlight.delete(id);
      }
    })();
    this.inFlight.set(id, job);
    return job;
  }

  private all(): Record<string, DeployedVersion> {
    return this.memento.get<Record<string, DeployedVersion>>(STATE_KEY) ?? {};
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function key(apiUrl: string, functionId: string): string {
  return `${apiUrl.replace(/\/+$/, '')}|${functionId}`;
}

/** "v3" for a version number, the first characters of a hash-like version. */
export function shortVersion(version: string): string {
  if (/^\d+$/.test(version)) return `v${version}`;
  if (/^v\d+/i.test(version)) return version;
  return version.length > 8 ? version.slice(0, 7) : version;
}
