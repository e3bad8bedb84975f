// The layer rules, read from the imports of every file under src/ (static, `import()`, require):
// src/api and src/server import no `vscode`; views, commands and ui do no HTTP of their own (no
// undici, http, https, net: they go through src/api via ctx.connection); src/server, which runs as
// its own process, imports nothing from the extension side (only src/api's shared types and helpers).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const SRC = path.join(ROOT, 'src');

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** What a file imports: module specifiers of import/export-from, import(), require(). */
export function importsOf(text: string): string[] {
  const withoutComments = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of withoutComments.matchAll(pattern)) found.push(match[1]);
  return found;
}

/** The folder under src/ a file or import resolves to ("api", "server", "views"…, or "." for src/ itself). */
function layerOf(file: string): string {
  const relative = path.relative(SRC, file).split(path.sep);
  return relative.length > 1 ? relative[0] : '.';
}

interface Violation {
  file: string;
  imports: string;
}

function violations(rule: (layer: string, specifier: string, resolved: string | undefined) => boolean): Violation[] {
  const found: Violation[] = [];
  for (const file of sourceFiles(SRC)) {
    for (const specifier of importsOf(fs.readFileSync(file, 'utf8'))) {
      const resolved = specifier.startsWith('.') ? path.resolve(path.dirname(file), specifier) : undefined;
      if (rule(layerOf(file), specifier, resolved)) found.push({ file: path.relative(ROOT, file), imports: specifier });
    }
  }
  return found;
}

const NETWORK_MODULES = ['undici', 'http', 'https', 'net', 'http2', 'tls'];
const isNetwork = (specifier: string) => NETWORK_MODULES.includes(specifier.replace(/^node:/, ''));

describe('layer rules, from the imports of src/', () => {
  it('reads the kinds of import the rules depend on', () => {
    const text = [
      "import * as vscode from 'vscode';",
      "import type { X } from './x';",
      "export { y } from '../y';",
      "const z = () => import('./z');",
      "const w = require('undici') as W;",
      "import 'side-effect';",
      "// import { no } from 'commented-out';",
    ].join('\n');
    assert.deepStrictEqual(importsOf(text).sort(), ['../y', './x', './z', 'side-effect', 'undici', 'vscode']);
  });

  it('src/api, src/server and src/python import no vscode', () => {
    assert.deepStrictEqual(
      violations((layer, specifier) => ['api', 'server', 'python'].includes(layer) && specifier === 'vscode'),
      [],
    );
  });

  it('src/views, src/commands and src/ui do no HTTP of their own', () => {
    assert.deepStrictEqual(
      violations((layer, specifier) => ['views', 'commands', 'ui'].includes(layer) && isNetwork(specifier)),
      [],
    );
  });

  // src/python is the Python-running code the server shares with local runs; it is no extension code.
  it('src/server imports nothing from the extension side (src/api and src/python are shared)', () => {
    assert.deepStrictEqual(
      violations((layer, _specifier, resolved) => {
        if (layer !== 'server' || !resolved) return false;
        const target = layerOf(resolved);
        return target !== 'server' && target !== 'api' && target !== 'python';
      }),
      [],
    );
  });
});
