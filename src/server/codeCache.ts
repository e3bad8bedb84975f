// Node compiles a module's source each time a process loads it. playwright-core is 7 MB of source, and
// compiling it was about half of its require (140 of 250–380 ms here), which a new server's first
// session waits for. V8 can save what it compiled (the functions compiled while the module ran
// included) and start from that the next time: the require took 160–200 ms with it. Node 22's
// module.enableCompileCache does this for every module; the server runs on older Nodes too, so the
// modules named here are compiled through vm.Script with V8's cached data while they load.
//
// A cache is code this process would run: it lives in a folder of this user's own (their cache folder,
// never the shared temp folder) that no one else can write to, checked before use. Each file is keyed
// by its path, size and modification time and by Node's version; V8 refuses data made for another
// source or another V8 too. Any problem (no folder, a refused cache, a failed write) compiles as usual.
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

interface Compiled {
  script: vm.Script;
  cacheFile: string;
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
    const cachedData = readCache(cacheFile);
    let script: vm.Script;
    try {
      // A dynamic import() in the module loads as it would under Node's own compile (Node 20.12 and later).
      script = new vm.Script(Module.wrap(content), { filename, cachedData, importModuleDynamically: vm.constants?.USE_MAIN_CONTEXT_DEFAULT_LOADER });
    } catch {
      return original.call(this, content, filename, ...rest);
    }
    if (!cachedData || script.cachedDataRejected) compiled.push({ script, cacheFile });
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
  let stamp = '';
  try {
    const stat = fs.statSync(filename);
    stamp = `${stat.size}:${stat.mtimeMs}`;
  } catch {
    // Keyed by its path and Node's version only: V8 still refuses data made for another source.
  }
  const key = createHash('sha256').update(`${process.version}\0${process.arch}\0${filename}\0${stamp}`).digest('hex').slice(0, 32);
  return path.join(cacheDir, `${path.basename(filename)}-${key}.cache`);
}

function readCache(file: string): Buffer | undefined {
  try {
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}

/** Each file written whole under another name first, so a server reading it meanwhile never sees half of one. */
function saveCaches(compiled: Compiled[]): void {
  for (const { script, cacheFile } of compiled) {
    const partial = `${cacheFile}.${process.pid}.partial`;
    try {
      fs.writeFileSync(partial, script.createCachedData(), { mode: PRIVATE_FILE_MODE });
      fs.renameSync(partial, cacheFile);
    } catch {
      fs.rmSync(partial, { force: true });
    }
  }
}
