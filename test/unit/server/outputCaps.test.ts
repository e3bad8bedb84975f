// Output is capped in bytes: a function printing megabyte lines without end leaves runs that end,
// answer GET with the lines they keep and one line saying how much was left out, and a server whose
// memory stays bounded, with a reader that keeps up or with one that stopped reading.
import * as assert from 'assert';
import * as fs from 'fs';
import * as net from 'net';
import * as path from 'path';
import { createParser } from 'eventsource-parser';
import { MAX_STORED_LOG_BYTES } from '../../../src/server/logCaps';
import { readRunLogFile, RunLogFiles } from '../../../src/server/runLogFile';
import { RunStore, StoredRun } from '../../../src/server/runStore';
import { FIXTURE_FUNCTIONS_DIR, spawnServerProcess, SpawnedServer, startTestServer, tempDir } from '../helpers/localServer';
import { call, textOf, waitFor } from './util';

const MB = 1024 * 1024;

/** Resident memory of a process now, and its peak so far (Linux: /proc/<pid>/status), in bytes. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1]) * 1024;
  return { rss: kb('VmRSS'), peak: kb('VmHWM') };
}

/** The body of an HTTP/1.1 chunked response, when it is complete (else undefined). */
function dechunk(raw: Buffer): Buffer | undefined {
  const parts: Buffer[] = [];
  let at = raw.indexOf('\r\n\r\n') + 4;
  for (;;) {
    const lineEnd = raw.indexOf('\r\n', at);
    if (lineEnd < 0) return undefined;
    const size = parseInt(raw.subarray(at, lineEnd).toString('latin1'), 16);
    if (size === 0) return Buffer.concat(parts);
    if (raw.length < lineEnd + 2 + size + 2) return undefined;
    parts.push(raw.subarray(lineEnd + 2, lineEnd + 2 + size));
    at = lineEnd + 2 + size + 2;
  }
}

describe('local server: output capped in bytes', function () {
  this.timeout(240_000);

  describe('two runs of 600 lines of 1 MiB each', () => {
    let server: SpawnedServer;
    before(async function () {
      if (process.platform !== 'linux') this.skip();
      server = await spawnServerProcess({ functionsDir: FIXTURE_FUNCTIONS_DIR, runTimeoutSeconds: 200 });
    });
    after(() => server?.close());

    it('both end closed, each GET answers the lines kept and one line saying how much was left out, and the server memory stays bounded', async () => {
      const baseline = memoryOf(server.pid).rss;
      const answers = await Promise.all([0, 1].map(() => call(server, 'POST', '/functions/big_lines/runs/start', { variables: { count: 600, size: MB }, stream: false })));
      const duringRuns = memoryOf(server.pid).peak;
      assert.ok(duringRuns - baseline < 600 * MB, `server RSS grew by ${((duringRuns - baseline) / MB).toFixed(0)} MB at its peak while 1.2 GB were printed`);
      for (const answer of answers) {
        assert.deepStrictEqual([answer.json.status, answer.json.result], ['closed', '{"printed": 600}']);
        const run = await call(server, 'GET', `/functions/big_lines/runs/${answer.json.function_run_id}`);
        assert.strictEqual(run.status, 200);
        const logs: string[] = run.json.logs;
        const noteAt = logs.findIndex((line) => line.includes('Output cut here'));
        const kept = logs.slice(0, noteAt);
        assert.ok(kept.length > 10 && kept.length < 600, `${kept.length} lines kept`);
        kept.forEach((line, i) => assert.ok(textOf(line).startsWith(`${String(i).padStart(6, '0')} AAAA`), `line ${i} in order`));
        assert.ok(kept.reduce((n, line) => n + Buffer.byteLength(line), 0) <= MAX_STORED_LOG_BYTES);
        // The end of the output follows the note (a failure's traceback is there): here one line, the tail's 1 MiB.
        const tail = logs.slice(noteAt + 1);
        assert.deepStrictEqual(
          tail.map((line) => textOf(line).slice(0, 11)),
          ['000599 AAAA'],
        );
        const note = textOf(logs[noteAt]);
        assert.match(
          note,
          new RegExp(`^Output cut here: ${600 - kept.length - 1} more lines \\(\\d+\\.\\d MiB\\) were left out; its last line follows; a run keeps at most 32\\.0 MiB`),
        );
        assert.strictEqual(logs.filter((line) => line.includes('Output cut here')).length, 1);
      }
      const { peak } = memoryOf(server.pid);
      assert.ok(peak - baseline < 600 * MB, `server RSS grew by ${((peak - baseline) / MB).toFixed(0)} MB at its peak, the GETs of 32 MiB of lines each included`);
      assert.strictEqual((await call(server, 'GET', '/functions/big_lines/runs/?only_active=false')).json.items.length, 2);
    });
  });

  describe('a reader that stops reading', () => {
    let server: SpawnedServer;
    before(async function () {
      if (process.platform !== 'linux') this.skip();
      server = await spawnServerProcess({ functionsDir: FIXTURE_FUNCTIONS_DIR, runTimeoutSeconds: 200 });
    });
    after(() => server?.close());

    it('does not make the server hold what the function prints; once it reads again it gets the skipped-lines note and the result', async () => {
      const baseline = memoryOf(server.pid).rss;
      const port = Number(new URL(server.url).port);
      const body = JSON.stringify({ variables: { count: 200, size: MB }, stream: true });
      const socket = net.connect(port, '127.0.0.1');
      const received: Buffer[] = [];
      let headersSeen = false;
      await new Promise<void>((resolve, reject) => {
        socket.once('error', reject);
        socket.on('data', (chunk: Buffer) => {
          received.push(chunk);
          if (!headersSeen && Buffer.concat(received).includes('\r\n\r\n')) {
            headersSeen = true;
            // Stop reading: the kernel's buffers fill, then the server's socket stops taking bytes.
            socket.pause();
            resolve();
          }
        });
        socket.write(
          `POST /functions/big_lines/runs/start HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nAuthorization: Bearer ${server.key}\r\n` +
            `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
        );
      });
      assert.match(Buffer.concat(received).toString('latin1'), /^HTTP\/1\.1 200 /);
      // Its end is read from its run file: a GET would answer 32 MiB of lines each time, and that is not what is measured here.
      const runsDir = path.join(server.dataDir, 'runs');
      const runFile = await waitFor('the run file', () => fs.readdirSync(runsDir).find((name) => name.endsWith('.json')), 30_000);
      await waitFor('the run to end', () => JSON.parse(fs.readFileSync(path.join(runsDir, runFile), 'utf8')).status === 'closed', 180_000, 100);
      const { peak } = memoryOf(server.pid);
      assert.ok(peak - baseline < 300 * MB, `server RSS grew by ${((peak - baseline) / MB).toFixed(0)} MB at its peak while ~200 MB were printed to a stalled reader`);

      socket.resume();
      const raw = await waitFor('the whole stream', () => dechunk(Buffer.concat(received)), 60_000, 50);
      socket.destroy();
      const events: { type: string; message: string }[] = [];
      const parser = createParser({ onEvent: (event) => events.push(JSON.parse(event.data)) });
      parser.feed(raw.toString('utf8'));
      const last = events[events.length - 1];
      assert.strictEqual(last.type, 'result');
      assert.deepStrictEqual([JSON.parse(last.message).status, JSON.parse(last.message).result], ['closed', '{"printed": 200}']);
      const notes = events.filter(
        (e) =>
          e.type === 'log' &&
          / log lines? skipped here: this reader was slower than the function\. GET \/functions\/big_lines\/runs\/[0-9a-f-]+ has the lines the run keeps\.$/.test(e.message),
      );
      assert.ok(notes.length >= 1, 'a note says lines were skipped');
      const logs = events.filter((e) => e.type === 'log' && !notes.includes(e));
      const skipped = notes.reduce((n, e) => n + Number(/^([\d,]+) log lines? skipped/.exec(textOf(e.message))![1].replace(/,/g, '')), 0);
      assert.strictEqual(logs.length + skipped, 200, `${logs.length} lines streamed and ${skipped} skipped: every line is one or the other`);
      logs.forEach((e, i) => i === 0 || assert.ok(textOf(e.message) > textOf(logs[i - 1].message), 'the lines streamed keep their order'));
    });
  });

  it('reads back at most a bound of a log file too large to read whole, saying how much was not read', () => {
    const dir = tempDir('notte-local-logfile-');
    try {
      const file = path.join(dir, 'run.log');
      const line = 'x'.repeat(1000);
      fs.writeFileSync(file, `${JSON.stringify(line)}\n`.repeat(5000));
      const lines = readRunLogFile(file, 1024 * 1024)!;
      assert.ok(lines.length > 1000 && lines.length < 3000, `${lines.length} lines`);
      assert.ok(lines.slice(0, -1).every((l) => l === line));
      assert.match(textOf(lines[lines.length - 1]), /^Output cut here: the rest of this run's log file \(\d+\.\d MiB\) is not read/);
      assert.strictEqual(readRunLogFile(file)!.length, 5000, 'whole under the default bound');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a run that cannot be written is said in the log, stays whole in memory, and is written whole at the next write that can', () => {
    const dir = tempDir('notte-local-store-');
    try {
      const logs: string[] = [];
      const store = new RunStore(dir, (line) => logs.push(line));
      const at = new Date().toISOString();
      const run: StoredRun = {
        function_id: 'f',
        function_run_id: 'r1',
        created_at: at,
        updated_at: at,
        status: 'active',
        session_id: null,
        logs: ['one', 'two'],
        variables: {},
        result: null,
        local: false,
      };
      store.add(run);
      const logFile = path.join(dir, 'runs', 'r1.log');
      assert.deepStrictEqual(readRunLogFile(logFile), ['one', 'two']);
      // The log file's place is taken (as a full disk would refuse it): appending fails.
      fs.rmSync(logFile);
      fs.mkdirSync(logFile);
      run.logs.push('three');
      store.saveNow(run);
      assert.ok(
        logs.some((l) => /could not keep run r1 on disk \(it stays in memory/.test(l)),
        logs.join('\n'),
      );
      assert.deepStrictEqual(store.get('r1')?.logs, ['one', 'two', 'three']);
      fs.rmdirSync(logFile);
      run.logs.push('four');
      store.saveNow(run);
      assert.deepStrictEqual(readRunLogFile(logFile), ['one', 'two', 'three', 'four'], 'written anew, nothing doubled or lost');
      assert.ok(logs.some((l) => l === 'run r1 is kept on disk again'));
      store.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("lets go of an ended run's lines from memory by their size, not only their count, and still answers them", () => {
    const dir = tempDir('notte-local-evict-');
    try {
      const store = new RunStore(dir);
      const at = new Date().toISOString();
      const lines = Array.from({ length: 10 }, (_, i) => `${i} ${'z'.repeat(200_000)}`);
      const run: StoredRun = {
        function_id: 'f',
        function_run_id: 'r2',
        created_at: at,
        updated_at: at,
        status: 'closed',
        session_id: null,
        logs: [...lines],
        variables: {},
        result: null,
        local: false,
      };
      store.add(run);
      assert.deepStrictEqual(store.get('r2')?.logs, [], '10 lines of 200 KB: kept on disk only');
      assert.deepStrictEqual(store.withLogs(store.get('r2')!).logs, lines);
      const small: StoredRun = { ...run, function_run_id: 'r3', logs: ['a', 'b'] };
      store.add(small);
      assert.deepStrictEqual(store.get('r3')?.logs, ['a', 'b'], 'a small run keeps its lines in memory');
      store.close();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('appends many long lines in bounded writes, every line once and in order', () => {
    const dir = tempDir('notte-local-append-');
    try {
      const files = new RunLogFiles();
      const file = path.join(dir, 'run.log');
      const lines: string[] = [];
      const more = (n: number) => {
        for (let i = 0; i < n; i++) lines.push(`${lines.length} ${'é"\n'.repeat(100_000)}`);
      };
      more(3);
      files.write(file, lines);
      more(37); // about 6 MB of encoded lines appended at once
      files.write(file, lines);
      assert.deepStrictEqual(readRunLogFile(file), lines);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('local server: the end of a run past the line cap', function () {
  this.timeout(120_000);

  it("keeps a failing run's last lines after the cut, its traceback among them (they were what was lost)", async () => {
    const dir = tempDir('notte-flood-');
    fs.writeFileSync(
      path.join(dir, 'flood.py'),
      "def run(n: int = 201000):\n    for i in range(n):\n        print(f'line {i:06d}')\n    raise ValueError('boom after the flood')\n",
    );
    const server = await startTestServer({ functionsDir: dir, runTimeoutSeconds: 100 });
    try {
      const answer = await call(server, 'POST', '/functions/flood/runs/start', { variables: {}, stream: false });
      assert.strictEqual(answer.json.status, 'failed');
      const logs: string[] = (await call(server, 'GET', `/functions/flood/runs/${answer.json.function_run_id}`)).json.logs;
      const noteAt = logs.findIndex((line) => line.includes('Output cut here'));
      assert.strictEqual(noteAt, 200_000, 'the first 200,000 lines kept');
      assert.strictEqual(textOf(logs[noteAt - 1]), 'line 199999');
      const tail = logs.slice(noteAt + 1).map(textOf);
      assert.strictEqual(tail.length, 1000);
      const last = tail.indexOf('line 200999');
      // Left out: lines 200000 to 200999 and the traceback's, less the last 1,000 kept = the traceback's own count.
      const leftOut = tail.length - 1 - last;
      assert.match(textOf(logs[noteAt]), new RegExp(`^Output cut here: ${leftOut} more lines? \\(.+\\) were left out; its last 1,000 lines follow;`));
      assert.ok(last > 0 && tail[last - 1] === 'line 200998', 'the printed lines end in order');
      assert.ok(
        tail.slice(last + 1).some((line) => line.includes('ValueError: boom after the flood')),
        tail.slice(last).join('\n'),
      );
    } finally {
      server.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
