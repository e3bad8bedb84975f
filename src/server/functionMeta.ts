// What the registry keeps about each function (data folder's functions.json): its versions with what
// Python's `ast` said about each, and the details clients set; and the function's wire shape.
import type * as fs from 'fs';
import path = require('path');
import type { NotteFunction } from '../api/types';
import type { Inspection } from '../python/inspect';
import { fileStem } from './functionFiles';

export interface VersionMeta extends Inspection {
  version: string;
  created_at: string;
}

export interface FunctionMeta {
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

/** The details a client may set when uploading or forking. */
export interface FunctionDetails {
  name?: string;
  description?: string;
  shared?: boolean;
  reference_workflow_id?: string | null;
}

/** Records a new content of `file` (or a new inspection of a known one) as its latest version; answers the meta. */
export function recordVersion(meta: FunctionMeta | undefined, file: string, stat: fs.Stats, version: string, inspection: Inspection, now: string): FunctionMeta {
  if (!meta) {
    const born = stat.birthtimeMs > 0 ? stat.birthtime : stat.mtime;
    meta = { file: path.basename(file), created_at: born.toISOString(), updated_at: now, versions: [], latest_version: version };
  }
  meta.file = path.basename(file);
  const existing = meta.versions.find((v) => v.version === version);
  if (existing) Object.assign(existing, inspection);
  else meta.versions.push({ version, created_at: now, ...inspection });
  if (meta.latest_version !== version || !existing) meta.updated_at = now;
  meta.latest_version = version;
  return meta;
}

export function applyDetails(meta: FunctionMeta, details: FunctionDetails): void {
  if (details.name !== undefined) meta.name = details.name;
  if (details.description !== undefined) meta.description = details.description;
  if (details.shared !== undefined) meta.shared = details.shared;
  if (details.reference_workflow_id !== undefined) meta.reference_workflow_id = details.reference_workflow_id;
}

export function latestVersion(entry: FunctionEntry): VersionMeta | undefined {
  return entry.meta.versions.find((v) => v.version === entry.meta.latest_version);
}

/** The wire shape of a function (of one version when asked). */
export function describeFunction(entry: FunctionEntry, version?: string): NotteFunction {
  const meta = entry.meta;
  const v = meta.versions.find((x) => x.version === (version ?? meta.latest_version)) ?? latestVersion(entry);
  return {
    function_id: entry.id,
    workflow_id: entry.id,
    name: meta.name ?? fileStem(entry.file),
    // One given at upload or fork is the user's and wins; the file's docstring stands in without one.
    description: meta.description ?? v?.description ?? null,
    variables: v?.variables ?? [],
    created_at: meta.created_at,
    updated_at: meta.updated_at,
    latest_version: meta.latest_version,
    versions: meta.versions.map((x) => x.version),
    status: v?.ok ? 'active' : 'inactive',
    shared: meta.shared ?? false,
    reference_workflow_id: meta.reference_workflow_id ?? null,
    file_name: path.basename(entry.file),
    // Not the service's: the file itself, so a client deploying the very file this server serves links to it instead of uploading a copy.
    file_path: entry.file,
    ...(v && !v.ok && v.error ? { error: v.error } : {}),
  };
}
