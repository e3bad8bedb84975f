// How the browser is found and the options that shape sessions: --browser, CHROMIUM_PATH, the usual
// places, the install hint; the CLI's flags and --help; and the lazy loading that keeps a server that
// starts no session from loading playwright-core (a rule on the imports, checked here).
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { HELP, parseArgs } from '../../../../src/server/cli';
import { BROWSER_INSTALL_HINT, findBrowser } from '../../../../src/server/browser/findBrowser';
import { readStartRequest } from '../../../../src/server/browser/startRequest';
import { refusedUrl, withScheme } from '../../../../src/server/browser/urlPolicy';
import { REPO_ROOT } from '../../helpers/localServer';

const HEAVY = ['playwright-core', 'mediabunny', 'turndown', '@joplin/turndown-plugin-gfm', 'ws'];

/** Static (value) imports of a source file: specifiers, `import type` left out. */
function valueImports(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/^import\s+(?!type\b)[^'"]*?from\s+['"]([^'"]+)['"]|^import\s+\w+\s*=\s*require\(['"]([^'"]+)['"]\)/gm)].map((m) => m[1] ?? m[2]);
}

/** Packages a file imports in any way (statically or with import()), `import type` left out. */
function packagesUsed(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...valueImports(file), ...[...text.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => m[1])].filter((spec) => !spec.startsWith('.'));
}

/** Every src module reachable from `entry` by static value imports. */
function closure(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const spec of valueImports(file)) {
      if (!spec.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), spec);
      const found = [`${target}.ts`, path.join(target, 'index.ts')].find((f) => fs.existsSync(f));
      if (found) visit(found);
    }
  };
  visit(entry);
  return seen;
}

describe('local server: finding the browser, options and lazy loading', () => {
  it('takes --browser, else CHROMIUM_PATH, else a usual place, else says what to install', () => {
    const here = process.execPath;
    assert.strictEqual(findBrowser(here, {}), here);
    assert.throws(() => findBrowser('/nowhere/chrome', {}), /--browser \(\/nowhere\/chrome\) does not exist/);
    assert.strictEqual(findBrowser(undefined, { CHROMIUM_PATH: here }), here);
    assert.throws(() => findBrowser(undefined, { CHROMIUM_PATH: '/nowhere' }), /CHROMIUM_PATH names \/nowhere/);
    assert.throws(
      () => findBrowser(undefined, {}, 'plan9'),
      (error: Error) => error.message === BROWSER_INSTALL_HINT,
    );
    assert.match(BROWSER_INSTALL_HINT, /apt-get install chromium/);
    if (fs.existsSync('/usr/bin/chromium')) assert.strictEqual(findBrowser(undefined, {}, 'linux'), '/usr/bin/chromium');
  });

  it('parses --browser, --max-sessions and --allow-file-urls, and --help documents them', () => {
    const options = parseArgs(['--browser', '/opt/chrome', '--max-sessions', '3', '--allow-file-urls'], {});
    assert.deepStrictEqual([options.browserPath, options.maxSessions, options.allowFileUrls], ['/opt/chrome', 3, true]);
    assert.throws(() => parseArgs(['--max-sessions', '0'], {}), /--max-sessions must be a whole number from 1/);
    assert.throws(() => parseArgs(['--sessions'], {}), /Unknown option/);
    for (const flag of ['--browser PATH', '--max-sessions N', '--allow-file-urls']) assert.ok(HELP.includes(flag), flag);
  });

  it('reads the start body: defaults, an aspect ratio, an external proxy, chrome args', () => {
    const defaults = readStartRequest({});
    assert.deepStrictEqual([defaults.maxDurationMinutes, defaults.idleTimeoutMinutes, defaults.viewport], [15, 3, { width: 1280, height: 1080 }]);
    assert.deepStrictEqual(readStartRequest({ aspect_ratio: '16:9' }).viewport, { width: 1280, height: 720 });
    const proxied = readStartRequest({ proxies: [{ type: 'external', server: 'http://proxy.local:3128', username: 'u', password: 'p' }], chrome_args: ['--lang=fr'] });
    assert.deepStrictEqual(proxied.proxy, { server: 'http://proxy.local:3128', username: 'u', password: 'p', bypass: undefined });
    assert.deepStrictEqual(proxied.chromeArgs, ['--lang=fr']);
    assert.throws(() => readStartRequest({ idle_timeout_minutes: 31 }), /idle_timeout_minutes: Input should be less than or equal to 30/);
    assert.throws(() => readStartRequest({ aspect_ratio: '16:9', viewport_width: 800, viewport_height: 600 }), /aspect_ratio/);
  });

  it('refuses file:, chrome: and view-source: addresses unless allowed, and what is not a URL; gives an address without a scheme https://', () => {
    for (const url of ['file:///etc/passwd', 'chrome://settings', 'view-source:https://example.com']) {
      assert.match(refusedUrl(url, false) ?? '', /--allow-file-urls/, url);
      assert.strictEqual(refusedUrl(url, true), undefined, url);
    }
    assert.strictEqual(refusedUrl('https://example.com', false), undefined);
    assert.strictEqual(refusedUrl('about:blank', false), undefined);
    assert.match(refusedUrl('javascript:alert(1)', true) ?? '', /not supported/);
    assert.match(refusedUrl('example.com', false) ?? '', /not a URL/);
    // A goto without a scheme gets https://, as Notte's does; a scheme, known or not, stays.
    for (const [given, opened] of [
      ['example.com/a?b=1', 'https://example.com/a?b=1'],
      ['localhost:8948/page2.html', 'https://localhost:8948/page2.html'],
      ['127.0.0.1:8948', 'https://127.0.0.1:8948'],
      ['http://127.0.0.1:8948/x', 'http://127.0.0.1:8948/x'],
      ['about:blank', 'about:blank'],
      ['data:text/html,<p>hi</p>', 'data:text/html,<p>hi</p>'],
      ['mailto:a@example.com', 'mailto:a@example.com'],
      ['file:///etc/passwd', 'file:///etc/passwd'],
    ])
      assert.strictEqual(withScheme(given), opened, given);
  });

  it('loads playwright-core and the other browser libraries only through the lazily imported runtime', () => {
    const server = path.join(REPO_ROOT, 'src', 'server');
    const fromMain = closure(path.join(server, 'main.ts'));
    const runtime = path.join(server, 'browser', 'runtime.ts');
    assert.ok(!fromMain.has(runtime), 'main.ts reaches the runtime only through import()');
    const heavy = [...fromMain].filter((file) => packagesUsed(file).some((spec) => HEAVY.includes(spec)));
    assert.deepStrictEqual(heavy, []);
    assert.ok(
      [...closure(runtime)].some((file) => packagesUsed(file).includes('playwright-core')),
      'the check sees the runtime use it',
    );
    assert.match(fs.readFileSync(path.join(server, 'browser', 'browserSessions.ts'), 'utf8'), /import\('\.\/runtime'\)/);
  });

  it("the built sessions' code loads alone: the muxer, HTML-to-Markdown and ws wait for their first use", () => {
    // The first session's start waits for this file: it once held mediabunny, turndown and ws inline
    // (2.5 MB, ~90 ms to parse); packages.ts now reads each from its own file when first used.
    const bundle = path.join(REPO_ROOT, 'dist', 'local-server-browser.js');
    const loadedFiles = execFileSync(process.execPath, ['-e', `require(${JSON.stringify(bundle)}); console.log(JSON.stringify(Object.keys(require.cache)))`], {
      encoding: 'utf8',
    });
    assert.deepStrictEqual(JSON.parse(loadedFiles), [bundle]);
    const bundleSize = fs.statSync(bundle).size;
    assert.ok(bundleSize < 400_000, `dist/local-server-browser.js is ${bundleSize} bytes: a big package was bundled into it`);
    for (const besideBundle of ['mediabunny.js', 'turndown.js', 'turndown-plugin-gfm.js', 'ws.js']) {
      assert.ok(fs.existsSync(path.join(REPO_ROOT, 'dist', besideBundle)), `the build writes dist/${besideBundle}`);
    }
  });
});
