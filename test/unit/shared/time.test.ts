import * as assert from 'assert';
import { clockTime, formatAge, formatDateTime, formatDuration, formatStartTime, parseApiTime } from '../../../src/shared/time';

const NOW = Date.parse('2026-11-28T12:00:00Z');

/** Runs `body` with the process in another time zone (Node reads TZ again when it is assigned). */
export function inTimeZone<T>(zone: string, body: () => T): T {
  const before = process.env.TZ;
  process.env.TZ = zone;
  try {
    return body();
  } finally {
    if (before === undefined) delete process.env.TZ;
    else process.env.TZ = before;
  }
}

describe('times: one reading of the API, one spelling of each format', () => {
  it('reads naive API timestamps as UTC, whatever the machine zone is', () => {
    for (const zone of ['UTC', 'America/New_York', 'Asia/Kolkata']) {
      inTimeZone(zone, () => {
        assert.strictEqual(parseApiTime('2026-12-01T10:00:00')?.getTime(), Date.UTC(2026, 11, 1, 10), zone);
        assert.strictEqual(parseApiTime('2026-12-01T10:00:00+02:00')?.getTime(), Date.UTC(2026, 11, 1, 8), zone);
        assert.strictEqual(parseApiTime('2026-12-01T10:00:00.5Z')?.getTime(), Date.UTC(2026, 11, 1, 10, 0, 0, 500), zone);
      });
    }
    assert.strictEqual(parseApiTime('not a time'), undefined);
    assert.strictEqual(parseApiTime(undefined), undefined);
  });

  it('says how long ago a run started', () => {
    assert.strictEqual(formatAge('2026-11-28T11:59:58Z', NOW), 'just now');
    assert.strictEqual(formatAge('2026-11-28T11:59:18Z', NOW), '42s ago');
    assert.strictEqual(formatAge('2026-11-28T11:55:00Z', NOW), '5m ago');
    assert.strictEqual(formatAge('2026-11-28T11:55:00', NOW), '5m ago');
    assert.strictEqual(formatAge('2026-11-28T09:00:00Z', NOW), '3h ago');
    assert.strictEqual(formatAge('2026-11-26T12:00:00Z', NOW), '2d ago');
  });

  it('formats durations at a sensible precision', () => {
    assert.strictEqual(formatDuration(850), '850ms');
    assert.strictEqual(formatDuration(12_340), '12.3s');
    assert.strictEqual(formatDuration(245_000), '4m 05s');
    assert.strictEqual(formatDuration(7_380_000), '2h 03m');
    assert.strictEqual(formatDuration(-1), '');
  });

  it('names a start by its time today and by its day before', () => {
    const now = new Date(2026, 11, 1, 20, 0, 0);
    assert.strictEqual(formatStartTime(new Date(2026, 11, 1, 18, 31, 10), now), '18:31:10');
    assert.strictEqual(formatStartTime(new Date(2026, 10, 30, 18, 31, 10), now), 'Nov 30 18:31');
    assert.strictEqual(formatStartTime(undefined, now), '');
  });

  it('writes a full local date for detail lines and a clock time with or without milliseconds', () => {
    inTimeZone('UTC', () => {
      assert.strictEqual(formatDateTime('2026-12-01T18:31:10.123'), '2026-12-01 18:31:10');
      assert.strictEqual(clockTime(new Date(Date.UTC(2026, 11, 1, 8, 5, 7, 42))), '08:05:07');
      assert.strictEqual(clockTime(new Date(Date.UTC(2026, 11, 1, 8, 5, 7, 42)), true), '08:05:07.042');
    });
    inTimeZone('Asia/Kolkata', () => assert.strictEqual(formatDateTime('2026-12-01T18:31:10'), '2026-12-02 00:01:10'));
    assert.strictEqual(formatDateTime('garbage'), 'garbage');
  });
});
