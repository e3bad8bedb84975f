// A run created and never started (its start refused with 429) read as active for ever (SDK trial).
import * as assert from 'assert';
import * as fs from 'fs';
import { RunStore, StoredRun } from '../../../src/server/runStore';
import { expireUnstarted, UNSTARTED_RUN_MS } from '../../../src/server/unstartedRuns';
import { tempDir } from '../helpers/localServer';

describe('local server: runs created and never started', () => {
  it('fails a created run once it waited past the limit, saying why; a local run and a younger one are kept', () => {
    const dir = tempDir('notte-unstarted-');
    try {
      const store = new RunStore(dir);
      const created = Date.parse('2026-12-05T10:00:00Z');
      const make = (id: string, local: boolean): StoredRun => {
        const run = {
          function_id: 'f',
          function_run_id: id,
          workflow_id: 'f',
          workflow_run_id: id,
          created_at: new Date(created).toISOString(),
          updated_at: new Date(created).toISOString(),
          status: 'created',
          session_id: null,
          logs: [],
          variables: {},
          result: null,
          local,
        } as StoredRun;
        store.add(run);
        return run;
      };
      const [sdk, local] = [make('r1', false), make('r2', true)];
      assert.strictEqual(expireUnstarted(sdk, store, created + UNSTARTED_RUN_MS).status, 'created', 'not yet');
      const later = created + UNSTARTED_RUN_MS + 1000;
      expireUnstarted(sdk, store, later);
      assert.strictEqual(sdk.status, 'failed');
      assert.match(String(sdk.result), /^Never started: .*within 60 minutes \(a start refused with 429/);
      assert.strictEqual(expireUnstarted(local, store, later).status, 'created', 'a local run runs in the client until its PATCH');
      // Kept so: a restarted server reads it failed.
      const reread = new RunStore(dir);
      reread.load();
      assert.deepStrictEqual(
        ['r1', 'r2'].map((id) => reread.get(id)?.status),
        ['failed', 'created'],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
