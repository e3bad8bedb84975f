// The functions of a folder: every `.py` file with a top-level `run(...)`. Each gets a stable,
// URL-safe id from its file name, its module docstring as description and the parameters of
// `run` (read by Python's `ast`). The folder is looked at again on each request, so edits show up
// at once; every new content becomes a version, and a copy of each version is kept in the data folder.
import { execFile } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { FunctionVariable, NotteFunction } from '../api/types';
import { INSPECTOR_SOURCE } from './pythonScripts';
import { readJsonFile, writeJsonFileAtomic } from './jsonFile';

interface Inspection {
  ok: boolean;
  description: string | null;
  variables: FunctionVariable[];
  error: string | null;
}

interface VersionMeta extends Inspection {
  version: string;
  created_at: string;
}

interface FunctionMeta {
  file: string;
  created_at: string;
  updated_at: string;
  versions: VersionMeta[];
  latest_version: string;
  name?: string;
  description?: string;
  shared?: boolean;
  reference_workflow_id?: string | null;
}

export interface FunctionEntry {
  id: string;
  /** Absolute path of the .py file. */
  file: string;
  meta: FunctionMeta;
  mtimeMs: number;
  ctimeMs: number;
  size: number;
}

/** Stable, URL-safe id of a function file: its name when already safe, else a slug plus a short hash. */
export function functionIdForFile(fileName: string): string {
  const stem = fileName.replace(/\.py$/i, '');
  if (/^[A-Za-z0-9_-]{1,100}$/.test(stem)) return stem;
  const slug = stem
    .normalize('NFKD')
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  const hash = createHash('sha256').update(stem).digest('hex').slice(0, 8);
  return slug ? `${slug}-${hash}` : `fn-${hash}`;
}

export function versionOf(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex').slice(0, 12);
}

export function isFunctionFileName(name: string): boolean {
  return name.toLowerCase().endsWith('.py') && !name.startsWith('_') && !name.startsWith('.');
}

export class FunctionRegistry {
  private readonly entries = new Map<string, FunctionEntry>();
  private metas: Record<string, FunctionMeta>;
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
    dataDir: string,
    private readonly python: string,
  ) {
    this.metaFile = path.join(dataDir, 'functions.json');
    this.codeDir = path.join(dataDir, 'code');
    this.metas = readJsonFile<Record<string, FunctionMeta>>(this.metaFile) ?? {};
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
    return entry.meta.versions.find((v) => v.version === entry.meta.latest_version);
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
    const meta = entry.meta;
    const v = meta.versions.find((x) => x.version === (version ?? meta.latest_version)) ?? this.latest(entry);
    return {
      function_id: entry.id,
      workflow_id: entry.id,
      name: meta.name ?? path.basename(entry.file).replace(/\.py$/i, ''),
      description: v?.description ?? meta.description ?? null,
      variables: v?.variables ?? [],
      created_at: meta.created_at,
      updated_at: meta.updated_at,
      latest_version: meta.latest_version,
      versions: meta.versions.map((x) => x.version),
      status: v?.ok ? 'active' : 'inactive',
      shared: meta.shared ?? false,
      reference_workflow_id: meta.reference_workflow_id ?? null,
      file_name: path.basename(entry.file),
      ...(v && !v.ok && v.error ? { error: v.error } : {}),
    };
  }

  /** Sets the fields a client gave when uploading (name, description, shared, fork origin). */
  setDetails(id: string, details: { name?: string; description?: string; shared?: boolean; reference_workflow_id?: string | null }): void {
    const meta = this.metas[id];
    if (!meta) return;
    if (details.name !== undefined) meta.name = details.name;
    if (details.description !== undefined) meta.description = details.description;
    if (details.shared !== undefined) meta.shared = details.shared;
    if (details.reference_workflow_id !== undefined) meta.reference_workflow_id = details.reference_workflow_id;
    this.saveMeta();
  }

  /** Forgets a function whose file was removed by the server (delete). */
  forget(id: string): void {
    this.entries.delete(id);
    delete this.metas[id];
    this.saveMeta();
  }

  /** Checks code before it is written into the folder (uploads): the same inspection as for files. */
  async inspectCode(code: Buffer, scratchDir: string): Promise<Inspection> {
    fs.mkdirSync(scratchDir, { recursive: true });
    const file = path.join(scratchDir, `upload-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.py`);
    fs.writeFileSync(file, code);
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
    const changed: { id: string; file: string; content: Buffer; stat: fs.Stats; version: string }[] = [];
    for (const name of names) {
      const file = path.join(this.functionsDir, name);
      let stat: fs.Stats;
      try {
        stat = fs.statSync(file);
      } catch {
        continue;
      }
      if (!stat.isFile()) continue;
      const id = functionIdForFile(name);
      if (seen.has(id)) continue;
      seen.add(id);
      const known = this.entries.get(id);
      if (known && known.file === file && known.mtimeMs === stat.mtimeMs && known.ctimeMs === stat.ctimeMs && known.size === stat.size) continue;
      let content: Buffer;
      try {
        content = fs.readFileSync(file);
      } catch {
        continue;
      }
      const version = versionOf(content);
      const meta = this.metas[id];
      if (meta && meta.latest_version === version && meta.versions.some((v) => v.version === version)) {
        meta.file = name;
        this.entries.set(id, { id, file, meta, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, size: stat.size });
        this.keepCode(id, version, content);
        continue;
      }
      changed.push({ id, file, content, stat, version });
    }
    for (const id of [...this.entries.keys()]) if (!seen.has(id)) this.entries.delete(id);
    if (changed.length > 0) {
      const inspections = await this.inspect(changed.map((c) => c.file));
      const now = new Date().toISOString();
      for (const c of changed) {
        const inspection = inspections[c.file] ?? { ok: false, description: null, variables: [], error: 'Could not inspect the file.' };
        let meta = this.metas[c.id];
        if (!meta) {
          const born = c.stat.birthtimeMs > 0 ? c.stat.birthtime : c.stat.mtime;
          meta = { file: path.basename(c.file), created_at: born.toISOString(), updated_at: now, versions: [], latest_version: c.version };
          this.metas[c.id] = meta;
        }
        meta.file = path.basename(c.file);
        const existing = meta.versions.find((v) => v.version === c.version);
        if (existing) Object.assign(existing, inspection);
        else meta.versions.push({ version: c.version, created_at: now, ...inspection });
        if (meta.latest_version !== c.version || !existing) meta.updated_at = now;
        meta.latest_version = c.version;
        this.keepCode(c.id, c.version, c.content);
        this.entries.set(c.id, { id: c.id, file: c.file, meta, mtimeMs: c.stat.mtimeMs, ctimeMs: c.stat.ctimeMs, size: c.stat.size });
      }
      this.saveMeta();
    }
  }

  private keepCode(id: string, version: string, content: Buffer): void {
    const file = path.join(this.codeDir, id, `${version}.py`);
    if (fs.existsSync(file)) return;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content);
  }

  private saveMeta(): void {
    writeJsonFileAtomic(this.metaFile, this.metas);
  }

  private inspect(files: string[]): Promise<Record<string, Inspection>> {
    return new Promise((resolve) => {
      const child = execFile(this.python, ['-c', INSPECTOR_SOURCE], { maxBuffer: 64 * 1024 * 1024, timeout: 30_000 }, (error, stdout, stderr) => {
        if (error) {
          const message = `Could not inspect with ${this.python}: ${(stderr || error.message).toString().trim().split('\n').pop()}`;
          resolve(Object.fromEntries(files.map((f) => [f, { ok: false, description: null, variables: [], error: message }])));
          return;
        }
        try {
          resolve(JSON.parse(stdout) as Record<string, Inspection>);
        } catch {
          resolve(Object.fromEntries(files.map((f) => [f, { ok: false, description: null, variables: [], error: 'The inspector answered something unreadable.' }])));
        }
      });
      child.stdin?.on('error', () => undefined);
      child.stdin?.end(JSON.stringify(files));
    });
  }
}
