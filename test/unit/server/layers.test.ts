// The local server and the Python-running code stand on their own: no `vscode`, nothing from the
// extension side, so the server runs as a plain Node process and local runs share its harness.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from '../helpers/localServer';

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sources(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Every module a file imports (static imports, re-exports and require calls). */
function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const match of text.matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]|\brequire\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm)) {
    found.push(match[1] ?? match[2] ?? match[3]);
  }
  return found;
}

/** The imports of the files under `folder` that break the rule: relative ones outside `allowed`, and the listed packages. */
function offences(root: string, folder: string, allowed: string[], forbiddenPackages: string[]): string[] {
  const src = path.join(root, 'src');
  const bad: string[] = [];
  for (const file of sources(path.join(src, folder))) {
    for (const spec of importsOf(file)) {
      const rel = path.relative(root, file).split(path.sep).join('/');
      if (spec.startsWith('.')) {
        const target = path.relative(src, path.resolve(path.dirname(file), spec)).split(path.sep)[0];
        if (!allowed.includes(target)) bad.push(`${rel} imports ${spec}`);
      } else if (forbiddenPackages.includes(spec.split('/')[0])) bad.push(`${rel} imports ${spec}`);
    }
  }
  return bad;
}

describe('local server: layers', () => {
  it('src/server imports no vscode and nothing from the extension side (only src/server, src/python, src/api)', () => {
    assert.deepStrictEqual(offences(REPO_ROOT, 'server', ['server', 'python', 'api'], ['vscode']), []);
  });

  it('src/python (the harness, runner and log lines shared by the server and local runs) imports no vscode, nor the server, nor the extension', () => {
    assert.deepStrictEqual(offences(REPO_ROOT, 'python', ['python', 'api'], ['vscode']), []);
  });

  it('finds an import that breaks the rule (the check itself works)', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'notte-layers-'));
    fs.mkdirSync(path.join(root, 'src', 'python'), { recursive: true });
    fs.writeFileSync(path.join(root, 'src', 'python', 'probe.ts'), "import * as vscode from 'vscode';\nimport { x } from '../views/format';\nimport { y } from './runner';\n");
    try {
      assert.deepStrictEqual(offences(root, 'python', ['python', 'api'], ['vscode']), ['src/python/probe.ts imports vscode', 'src/python/probe.ts imports ../views/format']);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
