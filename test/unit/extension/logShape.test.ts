import * as assert from 'assert';
import { parseLogLine } from '../../../src/api/logLine';
import { FloodGate } from '../../../src/shared/floodGate';
import { formatEntry, normaliseLevel, normaliseTime, RunLineShaper, SEPARATOR } from '../../../src/shared/logShape';
import { formatStartTime, runTitle } from '../../../src/shared/runNames';
import { runRowDescription, runRowLabel } from '../../../src/shared/runRow';
import { problemActions, problemText } from '../../../src/core/functions/loadProblem';

describe("The Output channel's line shape", () => {
  it("keeps the function's own time and level from a loguru line", () => {
    const shaper = new RunLineShaper();
    const line = parseLogLine('2026-12-01 18:31:10.5 | WARNING  | fn:run:3 | warning: slow page');
    const shaped = shaper.shape(line, new Date(2026, 0, 1));
    assert.deepStrictEqual(shaped, { time: '2026-12-01 18:31:10.500', level: 'warning', text: 'warning: slow page' });
  });

  it('gives a bare line its arrival time and info', () => {
    const shaped = new RunLineShaper().shape(parseLogLine('plain text | with a pipe'), new Date(2026, 11, 1, 9, 5, 7, 42));
    assert.deepStrictEqual(shaped, { time: '2026-12-01 09:05:07.042', level: 'info', text: 'plain text | with a pipe' });
  });

  it('makes every line of a traceback an error, and only those', () => {
    const shaper = new RunLineShaper();
    const lines = ['before', 'Traceback (most recent call last):', '  File "x.py", line 3, in run', '    raise ValueError("no")', 'ValueError: no', 'after'];
    const levels = lines.map((text) => shaper.shape(parseLogLine(`2026-12-01 18:31:10.000 | WARNING  | fn:run | ${text}`)).level);
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
});

describe('Run names', () => {
  it('names a run by its start: the time today, the day before', () => {
    const now = new Date(2026, 11, 1, 20, 0, 0);
    assert.strictEqual(formatStartTime(new Date(2026, 11, 1, 18, 31, 10), now), '18:31:10');
    assert.strictEqual(formatStartTime(new Date(2026, 10, 30, 18, 31, 10), now), 'Nov 30 18:31');
    assert.strictEqual(runTitle('progress_report', new Date(2026, 11, 1, 18, 31, 10), now), 'progress_report · 18:31:10');
    assert.strictEqual(runTitle('progress_report', undefined, now), 'progress_report');
  });
});

describe('Run rows', () => {
  const now = new Date(2026, 11, 1, 20, 0, 0).getTime();
  const at = (h: number, m: number, s: number, day = 1) => new Date(2026, 11, day, h, m, s).toISOString();

  it('labels a run by its start and describes it by status and duration', () => {
    const run = { created_at: at(18, 31, 10), updated_at: at(18, 31, 13), status: 'closed', local: false };
    assert.strictEqual(runRowLabel(run, now), '18:31:10');
    assert.strictEqual(runRowDescription(run, false, now), 'closed · 3.0s');
    assert.strictEqual(runRowLabel({ ...run, created_at: new Date(2026, 10, 30, 18, 31, 10).toISOString() }, now), 'Nov 30 18:31');
  });

  it('says stopped for a run stopped here, and marks local and scheduled runs', () => {
    const run = { created_at: at(18, 31, 10), updated_at: at(18, 31, 14), status: 'failed', local: true, trigger: 'schedule' };
    assert.strictEqual(runRowDescription(run, true, now), 'stopped · 4.0s · local · scheduled');
    assert.strictEqual(runRowDescription({ ...run, local: false, trigger: undefined }, false, now), 'failed · 4.0s');
  });
});

describe("The view's load problems", () => {
  const base = {
    message: 'Functions: cannot reach 127.0.0.1:9 (connection refused). Check the API URL, your network or proxy.',
    what: 'functions' as const,
    profileName: 'Local server',
    localProfile: true,
    unreachable: true,
    auth: false,
  };

  it('says the whole message, and that the local server is not running', () => {
    const text = problemText(base);
    assert.ok(text.includes(base.message));
    assert.match(text, /local Functions server is not running/);
  });

  it("offers Start Local Functions Server only for the local profile's lost server", () => {
    assert.deepStrictEqual(
      problemActions(base).map((a) => a.command),
      ['notte.retry', 'notte.startLocalServer', 'notte.switchProfile', 'workbench.action.openSettings'],
    );
    assert.deepStrictEqual(
      problemActions({ ...base, localProfile: false, auth: true, profileName: 'Staging' }).map((a) => a.command),
      ['notte.retry', 'notte.setApiKey', 'notte.switchProfile', 'workbench.action.openSettings'],
    );
  });
});
