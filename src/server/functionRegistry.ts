// The functions of a folder: every `.py` file with a top-level `run(...)`. Each gets a stable,
// URL-safe id from its file name, its module docstring as description and the parameters of
// `run` (read by Python's `ast`). The folder is looked at again on each request, so edits show up
// at once; every new content becomes a version, and a copy of each version is kept in the data folder.
// The registry owns the folder: uploads, updates, forks and deletes (to the trash) go through it.
// Everything keyed by a function id is a Map: a file named constructor.py is no special name here.
import fs = require('fs');
import path = require('path');
import type { NotteFunction } from '../api/types';
import { Inspection, inspectFiles } from '../python/inspect';
import { fileStem, functionIdForFile, slugFileStem, uniqueFileName, versionOf } from './functionFiles';
import { isFunctionFileName } from '../shared/runDefinitions';
import { applyDetails, describeFunction, FunctionDetails, FunctionEntry, FunctionMeta, latestVersion, recordVersion, VersionMeta } from './functionMeta';
import { makePrivateDir, PRIVATE_FILE_MODE, writePrivateFile } from './dataFolder';
import { readJsonFile, writeJsonFileAtomic } from './jsonFile';

export type { FunctionEntry } from './functionMeta';
export { functionIdForFile } from './functionFiles';

interface ChangedFile {
  id: string;
  file: string;
  content: Buffer;
  stat: fs.Stats;
  version: string;
}

export class FunctionRegistry {
  private readonly entries = new Map<string, FunctionEntry>();
  private readonly metas: Map<string, FunctionMeta>;
  private readonly metaFile: string;
  private readonly codeDir: string;
  private running?: Promise<void>;
  private queued?: Promise<void>;
  private watcher?: fs.FSWatcher;
  /** Set by the folder watcher: something changed since the last look. */
  private dirty = true;
  private lastScanAt = 0;

  constructor(
    readonly functionsDir: string,
    private readonly dataDir: string,
    private readonly python: string,
  ) {
    this.metaFile = path.join(dataDir, 'functions.json');
    this.codeDir = path.join(dataDir, 'code');
    const stored = readJsonFile<Record<string, FunctionMeta>>(this.metaFile);
    this.metas = new Map(stored && typeof stored === 'object' && !Array.isArray(stored) ? Object.entries(stored) : []);
  }

  /**
   * On Linux, an inotify watch of the folder tells when a look is needed, so a request does not stat every
   * file (1,000 functions cost ~6 ms a look). Elsewhere watchers may lag, so every request looks.
   */
  watch(): void {
    if (process.platform !== 'linux' || this.watcher) return;
    try {
      this.watcher = fs.watch(this.functionsDir, { persistent: false }, () => {
        this.dirty = true;
      });
      this.watcher.on('error', () => this.unwatch());
    } catch {
      this.watcher = undefined;
    }
  }

  /** The server itself changed the folder: the next refresh looks, whatever the watcher says. */
  changed(): void {
    this.dirty = true;
  }

  unwatch(): void {
    this.watcher?.close();
    this.watcher = undefined;
    this.dirty = true;
  }

  /** Looks at the folder again when it may have changed; concurrent callers share one pass. */
  async refresh(): Promise<void> {
    if (this.watcher) {
      // Lets an inotify event that arrived with this request be dispatched first.
      await new Promise((resolve) => setImmediate(resolve));
      if (this.watcher && !this.dirty && !this.running && Date.now() - this.lastScanAt < 2000) return;
    }
    return this.look();
  }

  private look(): Promise<void> {
    if (!this.running) {
      this.running = this.scan().finally(() => {
        this.running = undefined;
      });
      return this.running;
    }
    if (!this.queued) {
      this.queued = this.running.then(() => {
        this.queued = undefined;
        return this.look();
      });
    }
    return this.queued;
  }

  get(id: string): FunctionEntry | undefined {
    return this.entries.get(id);
  }

  /** All functions, sorted by id. */
  list(): FunctionEntry[] {
    return [...this.entries.values()].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  isActive(entry: FunctionEntry): boolean {
    return this.latest(entry)?.ok === true;
  }

  latest(entry: FunctionEntry): VersionMeta | undefined {
    return latestVersion(entry);
  }

  /** The code of a version (the latest when omitted), or undefined for an unknown version. */
  code(entry: FunctionEntry, version?: string): Buffer | undefined {
    const wanted = version ?? entry.meta.latest_version;
    if (!entry.meta.versions.some((v) => v.version === wanted)) return undefined;
    try {
      return fs.readFileSync(path.join(this.codeDir, entry.id, `${wanted}.py`));
    } catch {
      if (wanted !== entry.meta.latest_version) return undefined;
      try {
        return fs.readFileSync(entry.file);
      } catch {
        return undefined;
      }
    }
  }

  /** The wire shape of a function (of one version when asked). */
  describe(entry: FunctionEntry, version?: string): NotteFunction {
    return describeFunction(entry, version);
  }

  /** Sets the fields a client gave when uploading (name, description, shared, fork origin). */
  setDetails(id: string, details: FunctionDetails): void {
    const meta = this.metas.get(id);
    if (!meta) return;
    applyDetails(meta, details);
    this.saveMeta();
  }

  /** Writes uploaded code to a free file name made from `wanted`; answers the new function's id (listed from the next refresh). */
  addFile(wanted: string, code: Buffer): string {
    const target = uniqueFileName(this.functionsDir, slugFileStem(wanted));
    fs.mkdirSync(this.functionsDir, { recursive: true });
    writePrivateFile(target, code);
    this.changed();
    return functionIdForFile(path.basename(target));
  }

  /** Writes new code over a function's file (a new version from the next refresh). */
  replaceCode(entry: FunctionEntry, code: Buffer): void {
    fs.writeFileSync(entry.file, code);
    this.changed();
  }

  /** Copies a function's latest code to `<stem>_fork.py`; answers the copy's id, or undefined when the code is gone. */
  writeFork(entry: FunctionEntry): string | undefined {
    const code = this.code(entry);
    if (!code) return undefined;
    const target = uniqueFileName(this.functionsDir, slugFileStem(`${fileStem(entry.file)}_fork`));
    writePrivateFile(target, code);
    this.changed();
    return functionIdForFile(path.basename(target));
  }

  /** Names a fork after its origin and records where it came from (not shared, as the service does). */
  markFork(fork: FunctionEntry, origin: FunctionEntry): void {
    const name = this.describe(origin).name ?? fileStem(origin.file);
    this.setDetails(fork.id, { name: `${name} (fork)`, shared: false, reference_workflow_id: origin.id });
  }

  /** Moves a function's file to `<data>/trash` (never deleted) and forgets it; answers where the file went. */
  trash(entry: FunctionEntry): string {
    const trash = path.join(this.dataDir, 'trash');
    makePrivateDir(trash);
    const target = path.join(trash, `${entry.id}-${Date.now()}.py`);
    try {
      fs.renameSync(entry.file, target);
    } catch {
      fs.copyFileSync(entry.file, target);
      fs.rmSync(entry.file, { force: true });
    }
    // A moved file keeps the mode it had in the functions folder.
    fs.chmodSync(target, PRIVATE_FILE_MODE);
    this.entries.delete(entry.id);
    this.metas.delete(entry.id);
    this.saveMeta();
    return target;
  }

  /** Checks code before it is written into the folder (uploads): the same inspection as for files. */
  async inspectCode(code: Buffer): Promise<Inspection> {
    const scratchDir = path.join(this.dataDir, 'tmp');
    makePrivateDir(scratchDir);
    const file = path.join(scratchDir, `upload-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.py`);
    writePrivateFile(file, code);
    try {
      return (await this.inspect([file]))[file];
    } finally {
      fs.rmSync(file, { force: true });
    }
  }

  private async scan(): Promise<void> {
    this.dirty = false;
    this.lastScanAt = Date.now();
    let names: string[];
    try {
      names = fs.readdirSync(this.functionsDir).filter(isFunctionFileName);
    } catch {
      names = [];
    }
    const seen = new Set<string>();
    const changed: ChangedFile[] = [];
    for (const name of names) {
      const file = this.checkFile(name, seen);
      if (file) changed.push(file);
    }
    for (const id of [...this.entries.keys()]) if (!seen.has(id)) this.entries.delete(id);
    if (changed.length > 0) await this.record(changed);
  }

  /** Looks at one file: answers it when its content is new (to inspect), else keeps what is known. */
  private checkFile(name: string, seen: Set<string>): ChangedFile | undefined {
    const file = path.join(this.functionsDir, name);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return undefined;
    }
    if (!stat.isFile()) return undefined;
    const id = functionIdForFile(name);
    if (seen.has(id)) return undefined;
    seen.add(id);
    const known = this.entries.get(id);
    if (known && known.file === file && known.mtimeMs === stat.mtimeMs && known.ctimeMs === stat.ctimeMs && known.size === stat.size) return undefined;
    let content: Buffer;
    try {
      content = fs.readFileSync(file);
    } catch {
      return undefined;
    }
    const version = versionOf(content);
    const meta = this.metas.get(id);
    if (meta && meta.latest_version === version && meta.versions.some((v) => v.version === version)) {
      meta.file = name;
      this.entries.set(id, { id, file, meta, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, size: stat.size });
      this.keepCode(id, version, content);
      return undefined;
    }
    return { id, file, content, stat, version };
  }

  /** Inspects new contents in one Python start and records each as a version. */
  private async record(changed: ChangedFile[]): Promise<void> {
    const inspections = await this.inspect(changed.map((c) => c.file));
    const now = new Date().toISOString();
    for (const c of changed) {
      const inspection = inspections[c.file] ?? { ok: false, description: null, variables: [], error: 'Could not inspect the file.' };
      const meta = recordVersion(this.metas.get(c.id), c.file, c.stat, c.version, inspection, now);
      this.metas.set(c.id, meta);
      this.keepCode(c.id, c.version, c.content);
      this.entries.set(c.id, { id: c.id, file: c.file, meta, mtimeMs: c.stat.mtimeMs, ctimeMs: c.stat.ctimeMs, size: c.stat.size });
    }
    this.saveMeta();
  }

  private keepCode(id: string, version: string, content: Buffer): void {
    const file = path.join(this.codeDir, id, `${version}.py`);
    if (fs.existsSync(file)) return;
    makePrivateDir(path.dirname(file));
    writePrivateFile(file, content);
  }

  private saveMeta(): void {
    writeJsonFileAtomic(this.metaFile, Object.fromEntries(this.metas));
  }

  private async inspect(files: string[]): Promise<Record<string, Inspection>> {
    const answer = await inspectFiles(this.python, files);
    if (answer.ok) return answer.files;
    const { kind, stderr, message } = answer.failure;
    const error = kind === 'unreadable' ? 'The inspector answered something unreadable.' : `Could not inspect with ${this.python}: ${stderr || message.trim().split('\n').pop()}`;
    return Object.fromEntries(files.map((f) => [f, { ok: false, description: null, variables: [], error }]));
  }
}
