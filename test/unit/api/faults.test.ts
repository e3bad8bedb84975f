// Faults that only a separate server process can produce: it dies in the middle of a run.
import * as assert from 'assert';
import { NotteApiError, NotteClient } from '../../../src/api';
import { spawnServerProcess, tempDir } from '../helpers/localServer';

describe('api: the server dies mid-run', function () {
  this.timeout(60_000);

  it('fails the call with a clear message, and after a restart the run reads failed, not active', async () => {
    const dataDir = tempDir('notte-restart-');
    const key = 'restart-key';
    const first = await spawnServerProcess({ dataDir, key });
    const api = new NotteClient({ baseUrl: first.url, apiKey: () => key, retry: { baseDelayMs: 20, maxDelayMs: 100, maxAttempts: 2 } });
    let runId = '';
    const lines: string[] = [];
    const running = api.runFunction(
      'run_until_stopped',
      { interval: 0.05 },
      {
        handlers: {
          onCreated: (created) => (runId = created.function_run_id),
          onLog: (line) => {
            lines.push(line.text);
            if (lines.length === 40) void first.crash();
          },
        },
      },
    );
    const error = await running.then(
      () => assert.fail('the run cannot finish once its server is gone'),
      (thrown: unknown) => thrown as NotteApiError,
    );
    assert.ok(error instanceof NotteApiError);
    assert.strictEqual(error.kind, 'network', error.message);
    assert.match(error.message, /cannot reach 127\.0\.0\.1/);
    await api.close();

    const second = await spawnServerProcess({ dataDir, key });
    const again = new NotteClient({ baseUrl: second.url, apiKey: () => key });
    try {
      const run = await again.getRun('run_until_stopped', runId);
      assert.strictEqual(run.status, 'failed');
      assert.match(String(run.result), /stopped while this run was active/);
      assert.ok(run.logs.length >= 3, 'lines written more than a second before the crash are kept (the server saves a running run every second)');
    } finally {
      await again.close();
      await second.stop();
    }
  });
});
