// The functions folder: stable ids, refresh on change (versions), uploads, fork, delete, schedules.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { functionIdForFile } from '../../../src/server/functionRegistry';
import { startTestServer, tempDir, TestServer } from '../helpers/localServer';
import { call } from './util';

const CODE_A = '"""First version."""\n\ndef run(a: int = 1):\n    return a\n';
const CODE_B = '"""Second version."""\n\ndef run(a: int = 1, b: str = "x"):\n    return [a, b]\n';

function upload(server: TestServer, urlPath: string, fields: Record<string, string>, file?: { name: string; code: string }): Promise<Response> {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  if (file) form.append('file', new Blob([file.code], { type: 'text/x-python' }), file.name);
  return fetch(server.url + urlPath, { method: 'POST', headers: { Authorization: `Bearer ${server.key}` }, body: form });
}

describe('local server: functions folder', function () {
  this.timeout(20_000);
  let dir: string;
  let server: TestServer;
  beforeEach(async () => {
    dir = tempDir('notte-local-functions-');
    fs.writeFileSync(path.join(dir, 'alpha.py'), CODE_A);
    server = await startTestServer({ functionsDir: dir });
  });
  afterEach(async () => {
    await server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('derives stable, URL-safe ids from file names', () => {
    assert.strictEqual(functionIdForFile('progress_report.py'), 'progress_report');
    const odd = functionIdForFile('My Report (v2) é.py');
    assert.match(odd, /^My-Report-v2-e-[0-9a-f]{8}$/);
    assert.strictEqual(functionIdForFile('My Report (v2) é.py'), odd);
    assert.notStrictEqual(functionIdForFile('a b.py'), functionIdForFile('a-b.py'));
    assert.match(functionIdForFile('日本.py'), /^fn-[0-9a-f]{8}$/);
  });

  it('serves a file with an odd name under its URL-safe id', async () => {
    fs.writeFileSync(path.join(dir, 'my report.py'), CODE_A);
    const id = functionIdForFile('my report.py');
    const answer = await call(server, 'GET', `/functions/${id}`);
    assert.strictEqual(answer.status, 200);
    assert.strictEqual(answer.json.name, 'my report');
    fs.writeFileSync(path.join(dir, '日本 ✓.py'), CODE_A);
    const unicode = await call(server, 'GET', `/functions/${functionIdForFile('日本 ✓.py')}`);
    assert.strictEqual(unicode.status, 200);
    const code = await fetch(unicode.json.url);
    assert.strictEqual(code.status, 200);
    assert.strictEqual(await code.text(), CODE_A);
    assert.match(code.headers.get('content-disposition') ?? '', /filename\*=UTF-8''%E6%97%A5/);
  });

  it('sees edits at once: new description and variables, a new latest_version, versions growing', async () => {
    const first = (await call(server, 'GET', '/functions/alpha')).json;
    assert.strictEqual(first.description, 'First version.');
    assert.strictEqual(first.versions.length, 1);
    fs.writeFileSync(path.join(dir, 'alpha.py'), CODE_B);
    const second = (await call(server, 'GET', '/functions/alpha')).json;
    assert.strictEqual(second.description, 'Second version.');
    assert.deepStrictEqual(second.variables, [
      { name: 'a', type: 'int', default: '1' },
      { name: 'b', type: 'str', default: "'x'" },
    ]);
    assert.notStrictEqual(second.latest_version, first.latest_version);
    assert.deepStrictEqual(second.versions, [first.latest_version, second.latest_version]);
    // The old version is still described and downloadable.
    const old = await call(server, 'GET', `/functions/alpha?version=${first.latest_version}`);
    assert.strictEqual(old.json.description, 'First version.');
    assert.strictEqual(await (await fetch(old.json.url)).text(), CODE_A);
    const run = await call(server, 'POST', '/functions/alpha/runs/start', { variables: { a: 2 }, stream: false });
    assert.strictEqual(run.json.result, '[2, "x"]');
    // New and removed files show up and go away.
    fs.writeFileSync(path.join(dir, 'beta.py'), CODE_A);
    fs.rmSync(path.join(dir, 'alpha.py'));
    const ids = (await call(server, 'GET', '/functions/')).json.items.map((f: { function_id: string }) => f.function_id);
    assert.deepStrictEqual(ids, ['beta']);
  });

  it('lists a file with a syntax error as inactive, with the error', async () => {
    fs.writeFileSync(path.join(dir, 'broken.py'), 'def run(:\n');
    const answer = await call(server, 'GET', '/functions/broken');
    assert.strictEqual(answer.json.status, 'inactive');
    assert.match(answer.json.error, /SyntaxError/);
  });

  it('creates a function from a multipart upload, updates it, forks it and deletes it', async () => {
    const created = await upload(server, '/functions/', { name: 'Gamma Ray', description: 'From upload', shared: 'false' }, { name: 'gamma.py', code: CODE_A });
    assert.strictEqual(created.status, 200);
    const fn = (await created.json()) as { function_id: string; name: string; shared: boolean; latest_version: string };
    assert.strictEqual(fn.function_id, 'Gamma_Ray');
    assert.strictEqual(fn.name, 'Gamma Ray');
    assert.strictEqual(fn.shared, false);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'Gamma_Ray.py'), 'utf8'), CODE_A);

    // The SDK's update(version=…) sends the version in the query: the latest one is updated.
    const updated = await upload(server, `/functions/${fn.function_id}?restricted=True&version=${fn.latest_version}`, {}, { name: 'gamma.py', code: CODE_B });
    assert.strictEqual(updated.status, 200);
    const after = (await updated.json()) as { versions: string[]; description: string; latest_version: string };
    assert.strictEqual(after.versions.length, 2);
    // The description given at upload is the user's: a new version's docstring does not replace it (it did, SDK trial).
    assert.strictEqual(after.description, 'From upload');
    // Another version cannot be changed apart from the file, and an unknown one is not found: said, not done silently.
    const older = await upload(server, `/functions/${fn.function_id}?restricted=True&version=${fn.latest_version}`, {}, { name: 'gamma.py', code: CODE_A });
    assert.strictEqual(older.status, 409);
    assert.match(((await older.json()) as { detail: string }).detail, new RegExp(`only its latest version \\(${after.latest_version}\\) can be updated`));
    const unknown = await upload(server, `/functions/${fn.function_id}?restricted=True&version=deadbeef0000`, {}, { name: 'gamma.py', code: CODE_A });
    assert.strictEqual(unknown.status, 404);
    assert.strictEqual(fs.readFileSync(path.join(dir, 'Gamma_Ray.py'), 'utf8'), CODE_B, 'the file is left as it was');

    const forked = await call(server, 'POST', `/functions/${fn.function_id}/fork`);
    assert.strictEqual(forked.status, 200);
    assert.strictEqual(forked.json.reference_workflow_id, fn.function_id);
    assert.notStrictEqual(forked.json.function_id, fn.function_id);

    const deleted = await call(server, 'DELETE', `/functions/${fn.function_id}`);
    assert.deepStrictEqual([deleted.status, deleted.json.status, typeof deleted.json.message], [200, 'success', 'string']);
    assert.strictEqual((await call(server, 'GET', `/functions/${fn.function_id}`)).status, 404);
    assert.ok(!fs.existsSync(path.join(dir, 'Gamma_Ray.py')));
    assert.strictEqual((await call(server, 'DELETE', `/functions/${fn.function_id}`)).status, 404);
  });

  it('refuses uploads without a file, that are not multipart, or whose code has no run() (422 on file)', async () => {
    const missing = await upload(server, '/functions/', { name: 'x' });
    assert.strictEqual(missing.status, 422);
    assert.deepStrictEqual(((await missing.json()) as { detail: { loc: string[] }[] }).detail[0].loc, ['body', 'file']);
    const noRun = await upload(server, '/functions/', { name: 'x' }, { name: 'x.py', code: 'def other():\n    pass\n' });
    assert.strictEqual(noRun.status, 422);
    assert.match(((await noRun.json()) as { message: string }).message, /body\.file/);
    assert.strictEqual((await call(server, 'POST', '/functions/', { name: 'x' })).status, 422);
    assert.ok(!fs.existsSync(path.join(dir, 'x.py')));
  });

  it('sets and removes a schedule, validating the cron expression', async () => {
    const bad = await call(server, 'POST', '/functions/alpha/schedule', { cron: '61 * * * *' });
    assert.strictEqual(bad.status, 422);
    assert.deepStrictEqual(bad.json.detail[0].loc, ['body', 'cron']);
    assert.strictEqual((await call(server, 'POST', '/functions/alpha/schedule', {})).status, 422);
    assert.strictEqual((await call(server, 'POST', '/functions/nope/schedule', { cron: '* * * * *' })).status, 404);
    const set = await call(server, 'POST', '/functions/alpha/schedule', { cron: '*/5 * * * *', variables: { a: 3 } });
    assert.strictEqual(set.status, 200);
    assert.strictEqual(set.json.status, 'success');
    const fn = await call(server, 'GET', '/functions/alpha');
    assert.strictEqual(fn.json.schedule.cron, '*/5 * * * *');
    assert.deepStrictEqual(fn.json.schedule.variables, { a: 3 });
    assert.strictEqual(new Date(fn.json.schedule.next_run_at).getUTCMinutes() % 5, 0);
    const removed = await call(server, 'DELETE', '/functions/alpha/schedule');
    assert.strictEqual(removed.json.status, 'success');
    assert.strictEqual((await call(server, 'GET', '/functions/alpha')).json.schedule, null);
  });
});
