// A run's record keeps the end of its output, where a traceback is: the last 400 lines, in order,
// however many came, and the failure's text after them.
import * as assert from 'assert';
import { parseLogLine } from '../../../../src/api/logLine';
import { RunOutput } from '../../../../src/core/runOutput';
import { RunRecord } from '../../../../src/core/runs/runRecord';
import type { FinishedRun } from '../../../../src/shared/finishedRun';

describe('RunRecord: the end of a run', () => {
  function record(): { record: RunRecord; output: RunOutput; finished: FinishedRun[] } {
    const output = new RunOutput({ append: () => undefined, show: () => undefined, dispose: () => undefined });
    const finished: FinishedRun[] = [];
    return { record: new RunRecord(output.startRun('lines', 'abc123'), (run) => finished.push(run)), output, finished };
  }

  for (const count of [3, 400, 401, 799, 800, 5_003]) {
    it(`keeps the last lines of ${count}, in order, at most 400`, () => {
      const { record: run, output } = record();
      for (let i = 1; i <= count; i++) run.line(parseLogLine(`line ${i}`));
      const kept = run.lines();
      const first = Math.max(1, count - 399);
      assert.deepStrictEqual(
        kept,
        Array.from({ length: count - first + 1 }, (_, i) => `line ${first + i}`),
      );
      output.dispose();
    });
  }

  it("tells the window how it ended, with the last lines and the failure's text after them", () => {
    const { record: run, output, finished } = record();
    for (let i = 1; i <= 1_000; i++) run.keep(`kept ${i}`);
    run.finish({ status: 'failed' } as Omit<FinishedRun, 'text'>, 'Traceback: boom');
    const lines = finished[0].text.split('\n');
    assert.deepStrictEqual([lines.length, lines[0], lines[399], lines[400]], [401, 'kept 601', 'kept 1000', 'Traceback: boom']);
    output.dispose();
  });
});
