// The one "wait until" of the tests (unit, suite, harness): asks `probe` every `everyMs` until it
// answers something (anything but undefined, null or false), and answers that. A probe that throws
// is asked again; past the deadline the error names what was awaited and the probe's last error.
// Plain JavaScript so the harness uses it before anything is compiled; the TypeScript tests import
// it too (tsc copies it next to them, allowJs).
'use strict';

/**
 * @template T
 * @param {string} what
 * @param {() => T | undefined | null | false | Promise<T | undefined | null | false>} probe
 * @param {number} [timeoutMs]
 * @param {number} [everyMs]
 * @returns {Promise<T>}
 */
async function waitFor(what, probe, timeoutMs = 15000, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== null && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${last ? `: ${last instanceof Error ? last.message : last}` : ''}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

module.exports = { waitFor };
