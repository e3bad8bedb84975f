import * as assert from 'assert';
import { describeRun, describeVariable, formatAge, formatDuration, runDurationMs } from '../../../src/shared/format';
import { FunctionRun } from '../../../src/api/types';

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

describe('tree text', () => {
  it('says how long ago a run started', () => {
    assert.strictEqual(formatAge('2026-11-28T11:59:58Z', NOW), 'just now');
    assert.strictEqual(formatAge('2026-11-28T11:59:18Z', NOW), '42s ago');
    assert.strictEqual(formatAge('2026-11-28T11:55:00Z', NOW), '5m ago');
    assert.strictEqual(formatAge('2026-11-28T09:00:00Z', NOW), '3h ago');
    assert.strictEqual(formatAge('2026-11-26T12:00:00Z', NOW), '2d ago');
  });

  it('reads naive timestamps as UTC, as the service writes them', () => {
    assert.strictEqual(formatAge('2026-11-28T11:55:00', NOW), '5m ago');
  });

  it('formats durations at a sensible precision', () => {
    assert.strictEqual(formatDuration(850), '850ms');
    assert.strictEqual(formatDuration(12_340), '12.3s');
    assert.strictEqual(formatDuration(245_000), '4m 05s');
    assert.strictEqual(formatDuration(7_380_000), '2h 03m');
  });

  it('measures finished runs to their last update and active ones to now', () => {
    assert.strictEqual(runDurationMs(run({}), NOW), 3200);
    assert.strictEqual(runDurationMs(run({ status: 'active' }), NOW), 300_000);
    assert.strictEqual(runDurationMs(run({ status: 'created' }), NOW), undefined);
  });

  it('describes a run with status, age and duration', () => {
    assert.strictEqual(describeRun(run({}), NOW), 'closed · 5m ago · 3.2s');
    assert.strictEqual(describeRun(run({ status: 'active', local: true }), NOW), 'active · 5m ago · running 5m 00s · local');
  });

  it('writes a variable as a Python parameter', () => {
    assert.strictEqual(describeVariable({ name: 'url', type: 'str', default: "'https://x'" }), "url: str = 'https://x'");
    assert.strictEqual(describeVariable({ name: 'n', type: null, default: null }), 'n');
  });
});
