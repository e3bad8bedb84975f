// Node compiles a module's source each time a process loads it. playwright-core is 7 MB of source, and
// compiling it was about half of its require (140 of 250–380 ms here), which a new server's first
// session waits for. V8 can save what it compiled (the functions compiled while the module ran
// included) and start from that the next time: the require took 160–200 ms with it. Node 22's
// module.enableCompileCache does this for every module; the server runs on older Nodes too, so the
// modules named here are compiled through vm.Script with V8's cached data while they load.
//
// A cache is code this process would run: it lives in a folder of this user's own (their cache folder,
// never the shared temp folder) that no one else can write to, and each file must be this user's and
// writable by no one else, checked when it is read. A file's cache is named by its path and V8's
// version and begins with a SHA-256 of the source it was made from: V8 itself checks only the source's
// length, so a file changed in place (same size) must not meet its old cache. Caches unused for 30
// days go. Any problem (no folder, a refused cache, a failed write) compiles as usual.
import { createHash } from 'crypto';
import fs = require('fs');
import Module = require('module');
import os = require('os');
import path = require('path');
import vm = require('vm');
import { makePrivateDir, privateFolderProblem, PRIVATE_FILE_MODE } from './dataFolder';

/**
 * Made a moment after the load, once the start that waited for it is likely over (making it holds the
 * event loop about 25 ms), and soon enough for a server that lives a few seconds. What ran meanwhile is
 * in the cache too.
 */
const SAVE_AFTER_MS = 1000;

/** Caches not written or read for this long are removed when a cache is saved (another install's, say). */
const UNUSED_FOR_MS = 30 * 24 * 3600 * 1000;
/** The SHA-256 of the source at the start of each cache file. */
const DIGEST_BYTES = 32;

interface Compiled {
  script: vm.Script;
  cacheFile: string;
  digest: Buffer;
}

/** Where this user's caches go: $XDG_CACHE_HOME, else the platform's own cache folder. */
export function defaultCodeCacheDir(): string {
  const home = os.homedir();
  const base =
    process.env.XDG_CACHE_HOME ||
    (process.platform === 'win32'
      ? process.env.LOCALAPPDATA || path.join(home, 'AppData', 'Local')
      : process.platform === 'darwin'
        ? path.join(home, 'Library', 'Caches')
        : path.join(home, '.cache'));
  return path.join(base, 'notte-functions', 'code-cache');
}

/** How the files of a load were compiled: all from the cache, some or all from their source, or none (loaded before). */
export type CodeSource = 'code cache' | 'source' | 'loaded before';

/**
 * Runs `load` (a synchronous require) with the files it loads that are `root` or under it compiled
 * from, and then into, the cache in `cacheDir`. Answers what `load` answers, and how they were compiled.
 */
export function loadWithCodeCache<T>(load: () => T, root: string, cacheDir: string | undefined): { value: T; source: CodeSource } {
  if (!cacheDir || !usableFolder(cacheDir)) return { value: load(), source: 'source' };
  const compiled: Compiled[] = [];
  let fromCache = 0;
  const prototype = Module.prototype as unknown as { _compile(content: string, filename: string, ...rest: unknown[]): unknown };
  const original = prototype._compile;
  prototype._compile = function (this: Module, content: string, filename: string, ...rest: unknown[]) {
    if (filename !== root && !filename.startsWith(root + path.sep)) return original.call(this, content, filename, ...rest);
    const cacheFile = cacheFileOf(cacheDir, filename);
    const digest = createHash('sha256').update(content).digest();
    const cachedData = readCache(cacheFile, digest);
    let script: vm.Script;
    try {
      // A dynamic import() in the module loads as it would under Node's own compile (Node 20.12 and later).
      script = new vm.Script(Module.wrap(content), { filename, cachedData, importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER });
    } catch {
      return original.call(this, content, filename, ...rest);
    }
    if (!cachedData || script.cachedDataRejected) compiled.push({ script, cacheFile, digest });
    else fromCache++;
    const require = Module.createRequire(filename);
    const wrapper = script.runInThisContext({ displayErrors: true }) as (...args: unknown[]) => unknown;
    return wrapper.call(this.exports, this.exports, require, this, filename, path.dirname(filename));
  };
  let value: T;
  try {
    value = load();
  } finally {
    prototype._compile = original;
  }
  if (compiled.length > 0) setTimeout(() => saveCaches(compiled), SAVE_AFTER_MS).unref();
  return { value, source: compiled.length > 0 ? 'source' : fromCache > 0 ? 'code cache' : 'loaded before' };
}

function usableFolder(dir: string): boolean {
  try {
    makePrivateDir(dir);
    return privateFolderProblem(dir) === undefined;
  } catch {
    return false;
  }
}

function cacheFileOf(cacheDir: string, filename: string): string {
  const key = createHash('sha256').update(`${process.versions.v8}\0${process.arch}\0${filename}`).digest('hex').slice(0, 32);
  return path.join(cacheDir, `${path.basename(filename)}-${key}.cache`);
}

/** The V8 data of a cache made from the source with this digest, in a file that is this user's alone; else nothing. */
function readCache(file: string, digest: Buffer): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, 'r');
    const stat = fs.fstatSync(fd);
    if (process.platform !== 'win32' && (stat.uid !== process.getuid?.() || (stat.mode & 0o022) !== 0)) return undefined;
    const bytes = fs.readFileSync(fd);
    if (bytes.length <= DIGEST_BYTES || !bytes.subarray(0, DIGEST_BYTES).equals(digest)) return undefined;
    // Read: a cache in use is not pruned as unused.
    fs.futimesSync(fd, new Date(), stat.mtime);
    return bytes.subarray(DIGEST_BYTES);
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** Each file written whole under another name first, so a server reading it meanwhile never sees half of one. */
function saveCaches(compiled: Compiled[]): void {
  for (const { script, cacheFile, digest } of compiled) {
    const partial = `${cacheFile}.${process.pid}.partial`;
    try {
      fs.writeFileSync(partial, Buffer.concat([digest, script.createCachedData()]), { mode: PRIVATE_FILE_MODE });
      fs.renameSync(partial, cacheFile);
    } catch {
      fs.rmSync(partial, { force: true });
    }
  }
  pruneUnused(path.dirname(compiled[0].cacheFile));
}

function pruneUnused(cacheDir: string): void {
  try {
    for (const name of fs.readdirSync(cacheDir)) {
      const file = path.join(cacheDir, name);
      const stat = fs.statSync(file);
      if (Date.now() - Math.max(stat.atimeMs, stat.mtimeMs) > UNUSED_FOR_MS) fs.rmSync(file, { force: true });
    }
  } catch {
    // Pruning is tidiness: the next save tries again.
  }
}
