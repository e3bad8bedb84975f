import * as assert from 'assert';
import { parseLogLine } from '../../../src/api/logLine';
import { FloodGate, formatCount } from '../../../src/shared/floodGate';
import { formatEntry, normaliseLevel, normaliseTime, RunLineShaper, SEPARATOR } from '../../../src/shared/logShape';

describe("The Output channel's line shape", () => {
  it("keeps the function's own time and level from a loguru line", () => {
    const shaper = new RunLineShaper();
    const line = parseLogLine('2026-12-01 18:31:10.5 | WARNING  | fn:run:3 | warning: slow page');
    const shaped = shaper.shape(line, shaper.levelOf(line), new Date(2026, 0, 1));
    assert.deepStrictEqual(shaped, { time: '2026-12-01 18:31:10.500', level: 'warning', text: 'warning: slow page' });
  });

  it('gives a bare line its arrival time and info', () => {
    const shaper = new RunLineShaper();
    const line = parseLogLine('plain text | with a pipe');
    const shaped = shaper.shape(line, shaper.levelOf(line), new Date(2026, 11, 1, 9, 5, 7, 42));
    assert.deepStrictEqual(shaped, { time: '2026-12-01 09:05:07.042', level: 'info', text: 'plain text | with a pipe' });
  });

  it('makes every line of a traceback an error, and only those', () => {
    const shaper = new RunLineShaper();
    const lines = ['before', 'Traceback (most recent call last):', '  File "x.py", line 3, in run', '    raise ValueError("no")', 'ValueError: no', 'after'];
    const levels = lines.map((text) => shaper.levelOf(parseLogLine(`2026-12-01 18:31:10.000 | WARNING  | fn:run | ${text}`)));
    assert.deepStrictEqual(levels, ['warning', 'error', 'error', 'error', 'error', 'warning']);
  });

  it("reads loguru's level names and ISO times", () => {
    assert.strictEqual(normaliseLevel('SUCCESS'), 'info');
    assert.strictEqual(normaliseLevel('CRITICAL'), 'error');
    assert.strictEqual(normaliseLevel('nonsense'), undefined);
    assert.strictEqual(normaliseTime('2026-12-01T18:31:10.123456+00:00'), '2026-12-01 18:31:10.123');
    assert.strictEqual(normaliseTime('yesterday'), undefined);
  });

  it('writes time, [level], the run marker and the text', () => {
    assert.strictEqual(formatEntry('2026-12-01 18:31:10.123', 'error', 'hello #2', SEPARATOR, 'boom'), '2026-12-01 18:31:10.123 [error] [hello #2] boom');
  });
});

describe('The flood gate', () => {
  it("lets a burst through, then a reader's pace", () => {
    const gate = new FloodGate({ burst: 10, perSecond: 5 }, 0);
    let shown = 0;
    for (let i = 0; i < 100; i++) if (gate.admit(0)) shown++;
    assert.strictEqual(shown, 10);
    for (let i = 0; i < 100; i++) if (gate.admit(1000)) shown++;
    assert.strictEqual(shown, 15);
  });

  it('writes counts with thousands separated, as en-US writes them', () => {
    for (const n of [0, 7, 999, 1000, 48_210, 100_000, 1_234_567, 987_654_321_012, -4_500, 1500.25]) assert.strictEqual(formatCount(n), n.toLocaleString('en-US'), String(n));
  });
});
