// The layout of src/ is the architecture, and this test keeps it: every import of every file (static,
// `import type`, re-exports, `import()`, require) is checked against one matrix of what each part may
// import, and the modules' import graph has no cycle. src/README.md draws the same picture.
//
//   extension.ts → app → features/<each> → core → shared → api
//                                        ↘ python ↗
//                     app, features, core → contracts → shared, api
//   server → python, shared, api          features/page/app (the webview) → its protocol and markup, shared, api
//   cli (notte-test) → contracts, server, python, shared, api
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { REPO_ROOT } from './helpers/localServer';

/** The parts of src/, as the matrix names them. */
type Part = 'extension' | 'app' | 'feature' | 'webview' | 'core' | 'contracts' | 'shared' | 'api' | 'python' | 'server' | 'cli';

/** What each part may import (besides itself; a feature only its own folder). */
const ALLOWED: Record<Part, Part[]> = {
  extension: ['app', 'shared'],
  app: ['feature', 'core', 'contracts', 'shared', 'api'],
  feature: ['core', 'contracts', 'shared', 'api', 'python'],
  webview: ['shared', 'api'],
  core: ['contracts', 'shared', 'api', 'python'],
  contracts: ['shared', 'api'],
  shared: ['api'],
  python: ['shared', 'api'],
  api: [],
  server: ['python', 'shared', 'api'],
  cli: ['contracts', 'server', 'python', 'shared', 'api'],
};

/** Parts that run outside the extension host or must stay plain: no `vscode` there. */
const NO_VSCODE: Part[] = ['webview', 'contracts', 'shared', 'api', 'python', 'server', 'cli'];
/** Only these parts speak HTTP or open sockets of their own; everything else goes through src/api. */
const NETWORK_PARTS: Part[] = ['api', 'server'];
const NETWORK_MODULES = ['undici', 'http', 'https', 'net', 'http2', 'tls'];
/** The webview's own folder may import these modules of its feature (the messages and the markup they share). */
const WEBVIEW_SHARES = ['src/features/page/protocol.ts', 'src/features/page/pageView.ts', 'src/features/page/markup.ts', 'src/features/recorder/protocol.ts'];
/**
 * The JSON Schemas the extension ships for the editor (package.json's jsonValidation): shared/ reads
 * the same files, so that the editor's squiggle and the extension's message agree. No other file
 * outside src/ may be imported.
 */
const SHIPPED_SCHEMAS = /^media\/schemas\/[\w.-]+\.schema\.json$/;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** What a file imports: module specifiers of import/export-from (types included), import(), require(). */
export function importsOf(text: string): string[] {
  // Template strings hold Python and HTML (the harnesses, the page), whose lines can look like imports.
  const code = text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^\s*\/\/.*$/gm, '')
    .replace(/String\.raw`[\s\S]*?`/g, '``');
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
    /\brequire\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  for (const pattern of patterns) for (const match of code.matchAll(pattern)) found.push(match[1]);
  return found;
}

/** The part of a file under `src/`, and for a feature its name. */
function partOf(relative: string): { part: Part; feature?: string } {
  const [top, name, sub] = relative.replace(/^src\//, '').split('/');
  if (top === 'extension.ts') return { part: 'extension' };
  if (top === 'features') return (name === 'page' || name === 'recorder') && sub === 'app' ? { part: 'webview', feature: name } : { part: 'feature', feature: name };
  if (['app', 'core', 'contracts', 'shared', 'api', 'python', 'server', 'cli'].includes(top)) return { part: top as Part };
  throw new Error(`${relative} is in no part of the matrix: put it in one (see src/README.md)`);
}

function resolveImport(file: string, specifier: string): string | undefined {
  const base = path.resolve(path.dirname(file), specifier);
  for (const candidate of [`${base}.ts`, path.join(base, 'index.ts'), base]) if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  return undefined;
}

/** Every import of `root/src` that the matrix does not allow, as "file imports specifier (why)". */
export function offences(root: string): string[] {
  const found: string[] = [];
  const rel = (file: string) => path.relative(root, file).split(path.sep).join('/');
  for (const file of sourceFiles(path.join(root, 'src'))) {
    const from = partOf(rel(file));
    for (const specifier of importsOf(fs.readFileSync(file, 'utf8'))) {
      const bare = specifier.replace(/^node:/, '');
      if (!specifier.startsWith('.')) {
        if (bare === 'vscode' && NO_VSCODE.includes(from.part)) found.push(`${rel(file)} imports vscode (${from.part} runs without it)`);
        if (NETWORK_MODULES.includes(bare) && !NETWORK_PARTS.includes(from.part)) found.push(`${rel(file)} imports ${bare} (only src/api and src/server speak HTTP)`);
        continue;
      }
      const target = resolveImport(file, specifier);
      if (!target) {
        found.push(`${rel(file)} imports ${specifier}, which is no file`);
        continue;
      }
      if (!rel(target).startsWith('src/')) {
        if (!(from.part === 'shared' && SHIPPED_SCHEMAS.test(rel(target))))
          found.push(`${rel(file)} imports ${specifier} (outside src/, only shared/ may read media/schemas/*.schema.json)`);
        continue;
      }
      const to = partOf(rel(target));
      if (from.part === 'webview' && to.part === 'feature' && to.feature === from.feature && WEBVIEW_SHARES.includes(rel(target))) continue;
      if (to.part === from.part) {
        if (from.part === 'feature' && to.feature !== from.feature)
          found.push(`${rel(file)} imports ${specifier} (features never import each other: use a command id or an event of the core)`);
        continue;
      }
      if (!ALLOWED[from.part].includes(to.part)) found.push(`${rel(file)} imports ${specifier} (${from.part} may import ${ALLOWED[from.part].join(', ') || 'nothing else'})`);
    }
  }
  return found;
}

/** The import cycles among the modules of `root/src` (each as its files in order), type imports included. */
export function cycles(root: string): string[][] {
  const rel = (file: string) => path.relative(root, file).split(path.sep).join('/');
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(path.join(root, 'src'))) {
    const targets = importsOf(fs.readFileSync(file, 'utf8'))
      .filter((s) => s.startsWith('.'))
      .map((s) => resolveImport(file, s))
      .filter((t): t is string => t !== undefined)
      .map(rel);
    graph.set(rel(file), targets);
  }
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return found;
}

describe('architecture: the layout of src/ is the rule', () => {
  it('reads every kind of import the rules depend on', () => {
    const text = [
      "import vscode = require('vscode');",
      "import type { X } from './x';",
      "export { y } from '../y';",
      "const z = () => import('./z');",
      "const w = require('undici') as W;",
      "import 'side-effect';",
      "// import { no } from 'commented-out';",
      'const py = String.raw`import json`;',
    ].join('\n');
    assert.deepStrictEqual(importsOf(text).sort(), ['../y', './x', './z', 'side-effect', 'undici', 'vscode']);
  });

  it('every import of src/ is one the matrix allows', () => {
    assert.deepStrictEqual(offences(REPO_ROOT), []);
  });

  it('no module of src/ imports itself back through others', () => {
    assert.deepStrictEqual(cycles(REPO_ROOT), []);
  });

  it('finds an import against the matrix, a feature reaching another, and a cycle (the check itself works)', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'notte-architecture-'));
    const write = (file: string, text: string) => {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    };
    try {
      write('src/core/a.ts', "import type { B } from '../features/one/b';\nimport { c } from './c';\n");
      write('src/core/c.ts', "import { a } from './a';\n");
      write('src/features/one/b.ts', "import { d } from '../two/d';\nimport http = require('http');\n");
      write('src/features/two/d.ts', 'export const d = 1;\n');
      write('src/shared/e.ts', "import vscode = require('vscode');\nimport s from '../../media/schemas/x.schema.json';\nimport { t } from '../contracts/t';\n");
      write('media/schemas/x.schema.json', '{}');
      write('src/contracts/t.ts', "import { a } from '../core/a';\nimport { readFileSync } from 'fs';\nexport const t = 1;\n");
      write('src/cli/main.ts', "import { t } from '../contracts/t';\nimport s from '../../media/schemas/x.schema.json';\n");
      assert.deepStrictEqual(offences(root).sort(), [
        'src/cli/main.ts imports ../../media/schemas/x.schema.json (outside src/, only shared/ may read media/schemas/*.schema.json)',
        'src/contracts/t.ts imports ../core/a (contracts may import shared, api)',
        'src/core/a.ts imports ../features/one/b (core may import contracts, shared, api, python)',
        'src/features/one/b.ts imports ../two/d (features never import each other: use a command id or an event of the core)',
        'src/features/one/b.ts imports http (only src/api and src/server speak HTTP)',
        'src/shared/e.ts imports ../contracts/t (shared may import api)',
        'src/shared/e.ts imports vscode (shared runs without it)',
      ]);
      assert.deepStrictEqual(cycles(root), [['src/core/a.ts', 'src/core/c.ts', 'src/core/a.ts']]);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
