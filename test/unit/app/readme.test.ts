// The Marketplace page is README.md as vsce packages it: relative image links become links into the
// repository (package.json's `repository`), so each must name a committed file, and none may be an SVG
// (the Marketplace refuses them). The page opens with what the extension is, then the two commands.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

describe('README.md: the Marketplace page', () => {
  it('links only images that are files of the repository, none an SVG', () => {
    const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)\s]+)\)/g)].map((m) => m[1]);
    assert.ok(images.length > 5);
    const missing = images.filter((link) => !/^https:\/\//.test(link) && !fs.existsSync(path.join(ROOT, link)));
    assert.deepStrictEqual(missing, []);
    assert.deepStrictEqual(
      images.filter((link) => /\.svg$/i.test(link)),
      [],
    );
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { repository?: { url?: string } };
    assert.match(manifest.repository?.url ?? '', /^https:\/\/github\.com\//, 'vsce makes relative links absolute from the repository');
  });

  it('opens with one sentence of what the extension is, then the demo and test commands, then the animated demo', () => {
    const [title, , sentence, , fence, demo, tests] = readme.split('\n');
    assert.strictEqual(title, '# Notte Functions for VS Code');
    assert.match(sentence, /^Write, run, debug and deploy Notte Functions .*\.$/);
    assert.strictEqual(fence, '```bash');
    assert.match(demo, /^npm install && npm run demo /);
    assert.match(tests, /^npm ci && npm test /);
    assert.ok(readme.indexOf('media/demo.webp') < readme.indexOf('## Requirements'));
  });
});
