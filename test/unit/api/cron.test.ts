import * as assert from 'assert';
import { cronMatches, nextCronTime, parseCron, validateCron } from '../../../src/api/cron';

describe('cron schedules', () => {
  it('accepts the usual forms', () => {
    for (const ok of ['* * * * *', '0 9 * * 1-5', '*/15 0-6 1,15 jan-jun mon', '@daily', '5 4 * * sun', '0 0 * * 7']) {
      assert.strictEqual(validateCron(ok), undefined, ok);
    }
  });

  it('says what is wrong with a bad expression', () => {
    assert.match(validateCron('* * * *')!, /5 fields.*has 4/);
    assert.match(validateCron('60 * * * *')!, /"60" is not a valid minute/);
    assert.match(validateCron('* * * * mon-sun-x')!, /not a valid day of week/);
    assert.match(validateCron('*/0 * * * *')!, /step/);
    assert.match(validateCron('5-1 * * * *')!, /backwards/);
  });

  it("matches minutes in UTC, with cron's either-day rule", () => {
    const weekdays = parseCron('0 9 * * 1-5');
    assert.ok(cronMatches(weekdays, new Date('2026-11-30T09:00:30Z')), 'Monday 09:00');
    assert.ok(!cronMatches(weekdays, new Date('2026-11-29T09:00:00Z')), 'Sunday');
    const either = parseCron('0 0 1 * 0');
    assert.ok(cronMatches(either, new Date('2026-11-29T00:00:00Z')), 'a Sunday that is not the 1st');
    assert.ok(cronMatches(either, new Date('2026-12-01T00:00:00Z')), 'the 1st, a Tuesday');
  });

  it('finds the next firing minute', () => {
    assert.strictEqual(nextCronTime(parseCron('*/15 * * * *'), new Date('2026-11-28T12:07:10Z'))?.toISOString(), '2026-11-28T12:15:00.000Z');
  });
});
