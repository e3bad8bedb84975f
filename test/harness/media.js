#!/usr/bin/env node
// Builds the pictures the extension ships and the README shows from the e2e layer's screenshots
// (test-results/screenshots, written by `NOTTE_TEST_LAYERS=e2e npm test`), so they show the extension
// as it is: the Get Started walkthrough's step pictures (media/walkthrough/*.png, small: the walkthrough
// shows them at about half the editor's width), the README's walkthrough picture and its animated demo
// (media/demo.webp: a run streaming into the Output panel, then the function page mid-run).
//
//   node test/harness/media.js            # after an e2e run; prints what it wrote and what it lacked
//
// sharp (libvips, prebuilt for each platform inside its npm packages) decodes the screenshots, scales
// them down and encodes the animated WebP: a well-kept library, where our own code would need a PNG
// decoder, a scaler and a WebP encoder. A picture whose screenshot is missing keeps its committed file.
const fs = require('fs');
const path = require('path');
const sharp = require('sharp');

const ROOT = path.resolve(__dirname, '..', '..');
// NOTTE_SCREENSHOTS: another run's screenshots (a fresh clone's CI run, say).
const SHOTS = process.env.NOTTE_SCREENSHOTS || path.join(ROOT, 'test-results', 'screenshots');

/** media/walkthrough/<file> ← the newest screenshot named <test>-NN-<step>.png (the first found). */
const STEP_PICTURES = {
  'choose-where.png': ['walkthrough-welcome'],
  'functions-view.png': ['walkthrough-functions'],
  'new-function.png': ['walkthrough-new-function'],
  'run-logs.png': ['walkthrough-run-logs'],
  'debug.png': ['author-debug-stopped'],
  'deploy.png': ['walkthrough-deploy'],
  // Until the recorder's own e2e screenshot exists: a function page mid-run, what a recording becomes.
  'record.png': ['recorder-recorded', 'walkthrough-demo-page-4'],
};
/**
 * The part of the window each step's picture shows, in the screenshots' pixels (1400×900), at full size:
 * the whole window shrunk to the walkthrough's column was too small to read (and the view's own picture
 * showed the walkthrough itself). A picture without a part is the whole window, scaled down.
 */
const PARTS = {
  'choose-where.png': { left: 0, top: 0, width: 720, height: 463 },
  'functions-view.png': { left: 0, top: 0, width: 720, height: 463 },
  'new-function.png': { left: 345, top: 0, width: 720, height: 463 },
  'run-logs.png': { left: 345, top: 437, width: 720, height: 463 },
  'debug.png': { left: 0, top: 0, width: 720, height: 463 },
  'deploy.png': { left: 345, top: 0, width: 720, height: 463 },
};
/** Where a picture comes from while its test's screenshot is not in test-results (an e2e run of that test alone). */
const COMMITTED = { 'debug.png': 'media/screenshots/debug-stopped.png' };
const WALKTHROUGH_WIDTH = 720;
const README_WIDTH = 1000;
const DEMO_WIDTH = 960;
const DEMO_FRAMES = [
  'walkthrough-demo-run-1',
  'walkthrough-demo-run-2',
  'walkthrough-demo-run-3',
  'walkthrough-demo-run-4',
  'walkthrough-run-logs',
  'walkthrough-demo-page-1',
  'walkthrough-demo-page-2',
  'walkthrough-demo-page-3',
  'walkthrough-demo-page-4',
];

/** The newest screenshot of that test and step, if the e2e layer wrote one. */
function screenshot(name) {
  if (!fs.existsSync(SHOTS)) return undefined;
  const [test, ...step] = name.split('-');
  const pattern = new RegExp(`^${test}-\\d+-${step.join('-')}\\.png$`);
  const found = fs
    .readdirSync(SHOTS)
    .filter((file) => pattern.test(file))
    .map((file) => path.join(SHOTS, file))
    .sort((a, b) => fs.statSync(b).mtimeMs - fs.statSync(a).mtimeMs);
  return found[0];
}

function firstScreenshot(names) {
  for (const name of names) {
    const file = screenshot(name);
    if (file) return file;
  }
  return undefined;
}

/** A PNG of at most `width` pixels across (of `part` of the screenshot when given), in a 256-colour palette (screenshots of an editor lose nothing visible). */
async function smallPng(source, target, width, part) {
  let image = sharp(source);
  if (part) {
    const { width: w, height: h } = await image.metadata();
    const left = Math.max(0, Math.min(part.left, w - part.width));
    const top = Math.max(0, Math.min(part.top, h - part.height));
    image = sharp(
      await image
        .extract({ left, top, width: Math.min(part.width, w), height: Math.min(part.height, h) })
        .png()
        .toBuffer(),
    );
  }
  return image.resize({ width, withoutEnlargement: true }).png({ palette: true, quality: 90, effort: 10, compressionLevel: 9 }).toFile(target);
}

async function demo(target) {
  const frames = DEMO_FRAMES.map(screenshot).filter(Boolean);
  if (frames.length < 2) return `${path.relative(ROOT, target)}: kept (${frames.length} of ${DEMO_FRAMES.length} frames found)`;
  const scaled = await Promise.all(frames.map((file) => sharp(file).resize({ width: DEMO_WIDTH }).png().toBuffer()));
  // The last frame of each part stays longer, so a reader sees where the run and the page end up.
  const delay = frames.map((file, i) => (i === frames.length - 1 || /run-logs/.test(file) ? 2500 : 900));
  await sharp(scaled, { join: { animated: true } })
    .webp({ quality: 70, effort: 6, loop: 0, delay })
    .toFile(target);
  return `${path.relative(ROOT, target)}: ${frames.length} frames, ${Math.round(fs.statSync(target).size / 1024)} KB`;
}

async function main() {
  const report = [];
  const folder = path.join(ROOT, 'media', 'walkthrough');
  fs.mkdirSync(folder, { recursive: true });
  for (const [file, names] of Object.entries(STEP_PICTURES)) {
    const target = path.join(folder, file);
    const committed = COMMITTED[file] && !fs.existsSync(target) ? path.join(ROOT, COMMITTED[file]) : undefined;
    const source = firstScreenshot(names) ?? committed;
    if (!source) {
      report.push(`media/walkthrough/${file}: kept (no screenshot ${names.join(' or ')})`);
      continue;
    }
    await smallPng(source, target, WALKTHROUGH_WIDTH, PARTS[file]);
    report.push(`media/walkthrough/${file} ← ${path.basename(source)} (${Math.round(fs.statSync(target).size / 1024)} KB)`);
  }
  const progress = screenshot('walkthrough-progress');
  if (progress) {
    const target = path.join(ROOT, 'media', 'screenshots', 'walkthrough.png');
    await smallPng(progress, target, README_WIDTH);
    report.push(`media/screenshots/walkthrough.png ← ${path.basename(progress)}`);
  }
  report.push(await demo(path.join(ROOT, 'media', 'demo.webp')));
  console.log(report.join('\n'));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
