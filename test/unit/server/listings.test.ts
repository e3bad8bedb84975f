// Listings of runs leave their lines out (issue 27): a row needs none, and a long run's lines are
// megabytes; GET of one run still has them all. Every field the SDK's run model reads stays.
import * as assert from 'assert';
import * as fs from 'fs';
import { FIXTURE_FUNCTIONS_DIR, startTestServer, TestServer, tempDir } from '../helpers/localServer';
import { call } from './util';

/** The fields of a run on the wire (docs: the API contract's `Run`), each of which a listing keeps. */
const RUN_FIELDS = ['function_id', 'function_run_id', 'workflow_id', 'workflow_run_id', 'created_at', 'updated_at', 'status', 'session_id', 'logs', 'variables', 'result', 'local'];

describe('local server: listings of runs', function () {
  this.timeout(60_000);
  let dataDir: string;
  let server: TestServer;
  before(async () => {
    dataDir = tempDir('notte-local-listing-');
    server = await startTestServer({ functionsDir: FIXTURE_FUNCTIONS_DIR, dataDir });
  });
  after(async () => {
    await server?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const listing = async () => {
    const answer = await call(server, 'GET', '/functions/chatty/runs/?only_active=false&page_size=10');
    assert.strictEqual(answer.status, 200);
    return answer;
  };

  it("a listing's size does not grow with the runs' line counts; GET of a run has every line", async () => {
    const short = await call(server, 'POST', '/functions/chatty/runs/start', { variables: { n: 1 }, stream: false });
    const small = await listing();
    const long = await call(server, 'POST', '/functions/chatty/runs/start', { variables: { n: 20_000 }, stream: false });
    const large = await listing();
    assert.deepStrictEqual(
      large.json.items.map((r: { function_run_id: string }) => r.function_run_id),
      [long.json.function_run_id, short.json.function_run_id],
    );
    // Two runs listed instead of one: about twice the bytes, whatever the second one printed (20,000 lines, ~1 MB).
    assert.ok(large.text.length < 2.5 * small.text.length, `listing of 2 runs: ${large.text.length} bytes; of 1: ${small.text.length}`);
    for (const item of large.json.items) {
      assert.deepStrictEqual(
        RUN_FIELDS.filter((field) => !(field in item)),
        [],
        'every field of the run model is there',
      );
      assert.deepStrictEqual(item.logs, []);
    }
    const one = await call(server, 'GET', `/functions/chatty/runs/${long.json.function_run_id}`);
    assert.strictEqual(one.json.logs.length, 20_000);
    assert.match(one.json.logs[19_999], /line 19999$/);
  });
});
