import * as assert from 'assert';
import { FunctionRun } from '../../../src/api/types';
import { describeRun, runDurationMs, runRowDescription, runRowLabel, runStartedAtMs, runTitle, shownRunState, shownStateNote } from '../../../src/shared/runs';
import { inTimeZone } from './time.test';

const NOW = Date.parse('2026-11-28T12:00:00Z');

function run(overrides: Partial<FunctionRun>): FunctionRun {
  return {
    function_id: 'f',
    function_run_id: 'r',
    created_at: '2026-11-28T11:55:00Z',
    updated_at: '2026-11-28T11:55:03.2Z',
    status: 'closed',
    logs: [],
    variables: {},
    result: null,
    local: false,
    ...overrides,
  };
}

describe('runs: the one rule of how a run reads', () => {
  it('reads stopped when the service says so, when a person stopped it here or on the server, unless it closed first', () => {
    assert.strictEqual(shownRunState({ status: 'stopped' }, false), 'stopped');
    assert.strictEqual(shownRunState({ status: 'failed' }, true), 'stopped');
    // Stopped from this window while the service still reports it active: stopped, not spinning.
    assert.strictEqual(shownRunState({ status: 'active' }, true), 'stopped');
    assert.strictEqual(shownRunState({ status: 'created' }, true), 'stopped');
    // The local server records who stopped a run: it reads stopped after a reload too.
    assert.strictEqual(shownRunState({ status: 'failed', stop_reason: 'user' }, false), 'stopped');
    assert.strictEqual(shownRunState({ status: 'failed', stop_reason: 'timeout' }, false), 'failed');
    assert.strictEqual(shownRunState({ status: 'closed' }, true), 'closed');
    assert.strictEqual(shownRunState({ status: 'active' }, false), 'active');
    assert.strictEqual(shownRunState({ status: 'created' }, false), 'created');
    assert.strictEqual(shownRunState({ status: 'failed' }, false), 'failed');
  });

  it('reads a run recorded closed with a traceback as its result failed, and says why', () => {
    const traceback = 'Traceback (most recent call last):\n  File "/w/f.py", line 3, in run\nValueError: boom';
    const raised = run({ local: true, result: traceback });
    assert.strictEqual(shownRunState(raised, false), 'failed');
    // The SDK's PATCH may send the text JSON-encoded.
    assert.strictEqual(shownRunState(run({ local: true, result: JSON.stringify(traceback) }), false), 'failed');
    assert.strictEqual(runRowDescription(raised, false, NOW), 'failed · 3.2s · local');
    assert.match(shownStateNote(raised, 'failed'), /traceback: it was recorded closed, but it failed/);
    // A result that only mentions the word, or a JSON object without a traceback, is a success.
    assert.strictEqual(shownRunState(run({ result: '{"note":"Traceback is a word"}' }), false), 'closed');
    // A traceback inside the data (scraped text, collected logs) is data: the run succeeded.
    assert.strictEqual(shownRunState(run({ result: JSON.stringify({ logs: [traceback] }) }), false), 'closed');
    assert.strictEqual(shownRunState(run({ result: `page text\n${traceback}` }), false), 'closed');
    assert.strictEqual(shownStateNote(run({}), 'closed'), '');
    assert.strictEqual(shownStateNote(run({ status: 'failed' }), 'stopped'), 'stopped by a person; the service says failed');
  });

  it('measures finished runs to their last update and active ones to now', () => {
    assert.strictEqual(runDurationMs(run({}), NOW), 3200);
    assert.strictEqual(runDurationMs(run({ status: 'active' }), NOW), 300_000);
    assert.strictEqual(runDurationMs(run({ status: 'created' }), NOW), undefined);
  });

  it('describes a run with status, age and duration', () => {
    assert.strictEqual(describeRun(run({}), false, NOW), 'closed · 5m ago · 3.2s');
    assert.strictEqual(describeRun(run({ status: 'active', local: true }), false, NOW), 'active · 5m ago · running 5m 00s · local');
    assert.strictEqual(describeRun(run({ status: 'failed' }), true, NOW), 'stopped · 5m ago · 3.2s');
  });

  it('takes the start of a run (its session with it) as UTC whatever the zone, which a replay seeks from', () => {
    const naive = run({ created_at: '2026-12-01T10:00:00' });
    for (const zone of ['America/New_York', 'Asia/Tokyo', 'UTC']) {
      inTimeZone(zone, () => {
        assert.strictEqual(runStartedAtMs(naive), Date.UTC(2026, 11, 1, 10), zone);
        assert.strictEqual(runStartedAtMs({ ...naive, started_at: '2026-12-01T10:00:05' } as FunctionRun), Date.UTC(2026, 11, 1, 10, 0, 5), zone);
      });
    }
  });
});

describe('runs: names and rows', () => {
  it('names a run by its function and start', () => {
    const now = new Date(2026, 11, 1, 20, 0, 0);
    assert.strictEqual(runTitle('progress_report', new Date(2026, 11, 1, 18, 31, 10), now), 'progress_report · 18:31:10');
    assert.strictEqual(runTitle('progress_report', undefined, now), 'progress_report');
  });

  const now = new Date(2026, 11, 1, 20, 0, 0).getTime();
  const at = (h: number, m: number, s: number, day = 1) => new Date(2026, 11, day, h, m, s).toISOString();

  it('labels a run by its start and describes it by status and duration', () => {
    const row = { created_at: at(18, 31, 10), updated_at: at(18, 31, 13), status: 'closed', local: false };
    assert.strictEqual(runRowLabel(row, now), '18:31:10');
    assert.strictEqual(runRowDescription(row, false, now), 'closed · 3.0s');
    assert.strictEqual(runRowLabel({ ...row, created_at: new Date(2026, 10, 30, 18, 31, 10).toISOString() }, now), 'Nov 30 18:31');
  });

  it('says stopped for a run stopped here, and marks local and scheduled runs', () => {
    const row = { created_at: at(18, 31, 10), updated_at: at(18, 31, 14), status: 'failed', local: true, trigger: 'schedule' };
    assert.strictEqual(runRowDescription(row, true, now), 'stopped · 4.0s · local · scheduled');
    assert.strictEqual(runRowDescription({ ...row, local: false, trigger: undefined }, false, now), 'failed · 4.0s');
  });
});
