// The cost of the lenses over run(...): what the CodeLens provider computes each time VS Code asks
// (after an edit, debounced by VS Code): the scan for top-level `def run(` and the hash that tells
// "changed since vN", on a 5,000-line function file. Measured on Node, where the provider's work runs;
// the editor's own drawing of three lenses is not included.
import { codeHash } from '../../src/shared/codeHash';
import { findRunDefinitions } from '../../src/shared/runDefinitions';
import { fmtRatio, fmtSummary, pairedRatio, summarize } from './stats';
import type { BenchContext, Section } from './types';

const LINES = 5000;
const CALLS_PER_REP = 200;

/** A plausible long function file: helpers with docstrings and nested defs named run, one top-level run(...) at the end. */
export function longFunctionFile(lines: number): string {
  const out: string[] = ['"""Scrapes prices.', '', 'def run(example):  # in the docstring: not a definition', '"""', 'from notte_sdk import NotteClient', ''];
  let i = 0;
  while (out.length < lines - 6) {
    out.push(
      `def helper_${i}(page, selector: str = "div.item-${i}"):`,
      `    """Reads item ${i} of the page."""`,
      '    class Step:',
      '        def run(self):',
      `            return page.observe(selector=selector)`,
      `    return Step().run()  # ${'x'.repeat(i % 40)}`,
      '',
    );
    i++;
  }
  out.push('def run(url: str, selector: str = "div.price"):', '    with NotteClient().Session() as session:', '        return helper_0(session, selector)', '');
  return out.slice(0, lines).join('\n');
}

function timePerCall(work: () => void): number {
  const started = process.hrtime.bigint();
  for (let i = 0; i < CALLS_PER_REP; i++) work();
  return Number(process.hrtime.bigint() - started) / 1e6 / CALLS_PER_REP;
}

export async function lensesSection(ctx: BenchContext): Promise<Section> {
  const text = longFunctionFile(LINES);
  const found = findRunDefinitions(text);
  if (found.length !== 1) throw new Error(`expected one top-level run in the bench file, found ${found.length}`);
  const naive = /^(async\s+)?def\s+run\s*\(/gm;
  const scanOnly: number[] = [];
  const ours: number[] = [];
  const alternative: number[] = [];
  // One uncounted round so both sides run compiled code.
  timePerCall(() => findRunDefinitions(text));
  for (let rep = 0; rep < ctx.reps; rep++) {
    scanOnly.push(timePerCall(() => findRunDefinitions(text)));
    ours.push(
      timePerCall(() => {
        findRunDefinitions(text);
        codeHash(text);
      }),
    );
    alternative.push(timePerCall(() => void text.match(naive)));
  }
  const summary = summarize(ours);
  return {
    title: `Lenses over run(...) on a ${LINES.toLocaleString('en')}-line Python file (${Math.round(text.length / 1024)} KiB)`,
    rows: [
      {
        measure: 'Lenses of an unlinked file: find the top-level `def run(` (skipping docstrings and nested defs), per call, vs a bare multiline regex over the same text',
        ours: fmtSummary(summarize(scanOnly), 'ms'),
        alternative: fmtSummary(summarize(alternative), 'ms'),
        ratio: fmtRatio(pairedRatio(scanOnly, alternative)),
        target: 'under 5 ms, no request, no Python',
        met: summarize(scanOnly).median < 5 ? 'yes' : 'no',
      },
      {
        measure:
          'Lenses of a linked file, first time for a document version: the scan + the sha256 that tells "changed since vN" (later calls for the same version reuse the hash)',
        ours: fmtSummary(summary, 'ms'),
        alternative: fmtSummary(summarize(alternative), 'ms'),
        ratio: fmtRatio(pairedRatio(ours, alternative)),
        target: 'under 5 ms, no request, no Python',
        met: summary.median < 5 ? 'yes' : 'no',
      },
    ],
    notes: [
      `Each figure is the mean of ${CALLS_PER_REP} calls in one repetition, on Node ${process.version} (the extension host runs the same code); the provider does this once per document version, and the hash is cached per version.`,
      "Opening a Python file loads no module beyond the extension's own bundle and makes no request: the provider reads the document and `.notte/functions.json` only (the deployed code is fetched after a deploy, a link or a list the view already read, never by the lens).",
    ],
  };
}
