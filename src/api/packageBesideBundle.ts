// Big packages read on first use, not with the code that uses them: the build (esbuild.js) puts each in
// a file of its own beside the bundles (dist/undici.js, dist/ajv.js, dist/ws.js, dist/mediabunny.js,
// dist/turndown.js…), so loading a bundle does not parse what most of its users never run. Run from
// sources (the tests, the local tools), it is the package itself. The one way this project loads a
// package lazily; it lives in api/ because every part may import api/.
import fs = require('fs');
import path = require('path');

const loaded = new Map<string, unknown>();

/** The package `packageName`, from `bundleFile` beside this bundle when the build made it, else from node_modules. */
export function packageBesideBundle<T>(bundleFile: string, packageName: string): T {
  if (!loaded.has(bundleFile)) {
    const besideBundle = path.join(__dirname, bundleFile);
    // A computed name: the bundler leaves this require alone instead of inlining the package here.
    const load = require as (id: string) => unknown;
    loaded.set(bundleFile, fs.existsSync(besideBundle) ? load(besideBundle) : load(packageName));
  }
  return loaded.get(bundleFile) as T;
}
