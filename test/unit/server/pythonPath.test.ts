// The functions folder is not first on Python's sys.path: a function file named after a standard
// module (json.py here, in the fixtures every server test runs) shadows it neither for the harness nor
// for any run, while a function's own helper modules still import.
import * as assert from 'assert';
import { FIXTURE_FUNCTIONS_DIR, startTestServer, TestServer } from '../helpers/localServer';
import { call } from './util';

describe('local server: the functions folder on sys.path', function () {
  this.timeout(30_000);
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ functionsDir: FIXTURE_FUNCTIONS_DIR });
  });
  after(() => server.close());

  it('runs a function file named json.py, which itself imports the real json', async () => {
    const fn = await call(server, 'GET', '/functions/json');
    assert.deepStrictEqual([fn.json.status, fn.json.variables], ['active', [{ name: 'value', type: 'str', default: "'mine'" }]]);
    const answer = await call(server, 'POST', '/functions/json/runs/start', { variables: { value: 'x' }, stream: false });
    assert.deepStrictEqual([answer.json.status, answer.json.result], ['closed', '{"value": "x", "dumps": "[1, 2]"}']);
  });

  it('runs the other functions of that folder as before: json.py is not the json of their harness', async () => {
    const answer = await call(server, 'POST', '/functions/chatty/runs/start', { variables: { n: 3 }, stream: false });
    assert.deepStrictEqual([answer.json.status, answer.json.result], ['closed', '{"printed": 3}']);
  });

  it("still imports a helper module of the function's own folder", async () => {
    const answer = await call(server, 'POST', '/functions/uses_helper/runs/start', { variables: {}, stream: false });
    assert.deepStrictEqual([answer.json.status, answer.json.result], ['closed', 'never listed']);
  });
});
