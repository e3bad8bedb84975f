// Function ids are user input: files and uploads named after Object's own properties (constructor,
// toString, __proto__...) are functions like any other, listed, read, run, scheduled and kept across
// a restart. Every map keyed by an id is a Map or has no prototype.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { startTestServer, tempDir, TestServer } from '../helpers/localServer';
import { call } from './util';

const FILE_NAMES = ['constructor', 'toString', 'valueOf', 'hasOwnProperty', 'prototype', 'isPrototypeOf'];
/** Names a file cannot carry as a function (a leading "_" hides it): uploads of them get a safe file name. */
const UPLOAD_NAMES = ['__proto__', '__defineGetter__', 'propertyIsEnumerable', 'toLocaleString'];

function code(name: string): string {
  return `"""Named ${name}."""\n\ndef run(x: int = 1):\n    return ${JSON.stringify(name)}\n`;
}

function upload(server: TestServer, name: string): Promise<Response> {
  const form = new FormData();
  form.append('name', name);
  form.append(name, 'a field of that name too');
  form.append('file', new Blob([code(name)], { type: 'text/x-python' }), `${name}.py`);
  return fetch(`${server.url}/functions/`, { method: 'POST', headers: { Authorization: `Bearer ${server.key}` }, body: form });
}

describe("local server: functions named after Object's properties", function () {
  this.timeout(60_000);
  let dir: string;
  let dataDir: string;
  beforeEach(() => {
    dir = tempDir('notte-local-names-');
    dataDir = tempDir('notte-local-names-data-');
    for (const name of FILE_NAMES) fs.writeFileSync(path.join(dir, `${name}.py`), code(name));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('lists, reads, runs and schedules each one, uploads of such names included, and keeps them across a restart', async () => {
    const first = await startTestServer({ functionsDir: dir, dataDir });
    const ids: string[] = [...FILE_NAMES];
    try {
      for (const name of UPLOAD_NAMES) {
        const answer = await upload(first, name);
        assert.strictEqual(answer.status, 200, name);
        ids.push(((await answer.json()) as { function_id: string }).function_id);
      }
      const listed = await call(first, 'GET', '/functions/?page_size=100');
      assert.strictEqual(listed.status, 200, listed.text);
      assert.deepStrictEqual(listed.json.items.map((f: { function_id: string }) => f.function_id).sort(), [...ids].sort());
      for (const id of ids) {
        const fn = await call(first, 'GET', `/functions/${id}`);
        assert.deepStrictEqual([fn.status, fn.json.function_id, fn.json.status], [200, id, 'active'], id);
        const run = await call(first, 'POST', `/functions/${id}/runs/start`, { variables: { x: 2 }, stream: false });
        assert.strictEqual(run.json.status, 'closed', `${id}: ${run.text}`);
        const scheduled = await call(first, 'POST', `/functions/${id}/schedule`, { cron: '0 0 1 1 *', variables: { x: 3 } });
        assert.strictEqual(scheduled.status, 200, id);
        assert.strictEqual((await call(first, 'GET', `/functions/${id}/schedule`)).json.cron, '0 0 1 1 *', id);
      }
      // A schedule under a built-in name is no schedule of the functions that have none.
      assert.ok((await call(first, 'GET', '/functions/?page_size=100')).json.items.every((f: { schedule: unknown }) => f.schedule !== null));
      assert.strictEqual((await call(first, 'GET', '/functions/hasOwnProperty/runs/')).status, 200);
    } finally {
      await first.close();
    }
    const second = await startTestServer({ functionsDir: dir, dataDir });
    try {
      const listed = await call(second, 'GET', '/functions/?page_size=100');
      assert.strictEqual(listed.status, 200, listed.text);
      for (const id of ids) {
        const fn = listed.json.items.find((f: { function_id: string }) => f.function_id === id);
        assert.deepStrictEqual([fn?.schedule?.variables, fn?.versions.length], [{ x: 3 }, 1], id);
      }
      const deleted = await call(second, 'DELETE', '/functions/constructor');
      assert.strictEqual(deleted.json.status, 'success');
      assert.strictEqual((await call(second, 'GET', '/functions/constructor')).status, 404);
    } finally {
      await second.close();
    }
  });

  it('takes only its own fault names on /__faults (toString is no fault)', async () => {
    const server = await startTestServer({ functionsDir: dir, faults: true });
    try {
      const answer = await call(server, 'POST', '/__faults', { toString: 1, constructor: 1 });
      assert.strictEqual(answer.status, 422);
      assert.deepStrictEqual(answer.json.detail.map((d: { loc: string[] }) => d.loc[1]).sort(), ['constructor', 'toString']);
      assert.strictEqual((await call(server, 'GET', '/functions/constructor')).status, 200);
    } finally {
      await server.close();
    }
  });
});
