// The server's small parts on their own: line splitting, log lines, multipart, schedules firing.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { formatLogLine, LineSplitter, LogLineFormatter, logText } from '../../../src/python/logFormat';
import { boundaryOf, parseMultipart } from '../../../src/server/multipart';
import { Schedules } from '../../../src/server/schedules';
import { FIXTURE_FUNCTIONS_DIR, startTestServer, tempDir } from '../helpers/localServer';
import { call, waitFor } from './util';

function split(chunks: Buffer[], max?: number): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line.toString('utf8')), max);
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return lines;
}

describe('local server: parts', () => {
  describe('LineSplitter', () => {
    it('cuts on \\n, drops a trailing \\r, keeps empty lines and a last line without newline', () => {
      assert.deepStrictEqual(split([Buffer.from('a\r\n\nb\rc\nlast')]), ['a', '', 'b\rc', 'last']);
    });

    it('keeps a multi-byte character split across chunks, and turns invalid bytes into U+FFFD', () => {
      const bytes = Buffer.from('é🚀\n');
      const chunks = [...bytes].map((b) => Buffer.from([b]));
      assert.deepStrictEqual(split(chunks), ['é🚀']);
      assert.deepStrictEqual(split([Buffer.from([0x61, 0xff, 0x62, 0x0a])]), ['a\ufffdb']);
    });

    it('cuts a line longer than the cap into pieces at character boundaries, losing nothing', () => {
      const text = 'é'.repeat(10) + 'x'.repeat(5);
      const lines = split([Buffer.from(text.slice(0, 7)), Buffer.from(text.slice(7))], 8);
      assert.strictEqual(lines.join(''), text);
      for (const line of lines) {
        assert.ok(Buffer.byteLength(line) <= 8);
        assert.ok(!line.includes('\ufffd'));
      }
    });
  });

  it('formats log lines as time | level | location | text, and reads the text back', () => {
    const line = formatLogLine('WARNING', 'a|b:run', 'x | y', new Date(2026, 10, 28, 12, 3, 4, 5));
    assert.strictEqual(line, '2026-11-28 12:03:04.005 | WARNING  | a/b:run | x | y');
    assert.strictEqual(logText(line), 'x | y');
  });

  it("writes a logging library's line with its own time, level and place, once; other lines that look alike stay whole", () => {
    const at = new Date(2026, 10, 28, 12, 3, 4, 5);
    const cases: [string, string][] = [
      ['2026-11-28 09:00:00.123 | SUCCESS  | shop:run:12 - paid | twice', '2026-11-28 09:00:00.123 | SUCCESS  | shop:run:12 | paid | twice'],
      ['2026-11-28T09:00:00 | ERROR | user_script | failed', '2026-11-28T09:00:00 | ERROR    | user_script | failed'],
      ['2026-11-28 09:00:00.123 | INFO | plain custom format', '2026-11-28 09:00:00.123 | INFO     | fn:run | plain custom format'],
      ['2026-11-28 09:00:00.123 | INFO | Downloading - 3 files', '2026-11-28 09:00:00.123 | INFO     | fn:run | Downloading - 3 files'],
      ['2026-11-28 09:00:00.123 | WARNING | two words | then text', '2026-11-28 09:00:00.123 | WARNING  | fn:run | two words | then text'],
      ['CRITICAL - [Session] gone', '2026-11-28 12:03:04.005 | CRITICAL | fn:run | [Session] gone'],
      ['2026 was a good year | INFO | x', '2026-11-28 12:03:04.005 | INFO     | fn:run | 2026 was a good year | INFO | x'],
      ['INFO is a sentence - here', '2026-11-28 12:03:04.005 | INFO     | fn:run | INFO is a sentence - here'],
    ];
    for (const [text, expected] of cases) {
      assert.strictEqual(formatLogLine('INFO', 'fn:run', text, at), expected, text);
      assert.strictEqual(new LogLineFormatter('fn:run').format('INFO', text, at.getTime()), expected, text);
    }
  });

  describe('multipart', () => {
    it('reads fields and a file (CRLF, quoted names)', () => {
      const body = Buffer.from(
        '--XyZ\r\nContent-Disposition: form-data; name="name"\r\n\r\nMy fn\r\n' +
          '--XyZ\r\nContent-Disposition: form-data; name="file"; filename="a \\"b\\".py"\r\nContent-Type: text/x-python\r\n\r\ndef run():\r\n    return 1\r\n\r\n' +
          '--XyZ--\r\n',
      );
      assert.strictEqual(boundaryOf('multipart/form-data; boundary=XyZ'), 'XyZ');
      assert.strictEqual(boundaryOf('multipart/form-data; boundary="XyZ"'), 'XyZ');
      assert.strictEqual(boundaryOf('application/json'), undefined);
      const parts = parseMultipart(body, 'XyZ');
      assert.deepStrictEqual(
        parts.map((p) => [p.name, p.filename, p.data.toString()]),
        [
          ['name', undefined, 'My fn'],
          ['file', 'a "b".py', 'def run():\r\n    return 1\r\n'],
        ],
      );
    });

    it('refuses a body that is not closed', () => {
      assert.throws(() => parseMultipart(Buffer.from('--XyZ\r\nContent-Disposition: form-data; name="a"\r\n\r\nvalue'), 'XyZ'), /not closed/);
      assert.throws(() => parseMultipart(Buffer.from('nothing'), 'XyZ'), /no part/);
    });
  });

  describe('schedules', () => {
    let dir: string;
    beforeEach(() => {
      dir = tempDir('notte-local-sched-');
    });
    afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

    it('fires a due schedule once per minute, not when the cron does not match, and remembers across restarts', () => {
      const schedules = new Schedules(dir);
      schedules.set('f', '30 9 * * 1-5', { a: 1 });
      const fired: string[] = [];
      const fire = (id: string) => fired.push(id);
      const monday = new Date(Date.UTC(2026, 10, 30, 9, 30, 5));
      schedules.fireDue(monday, fire);
      schedules.fireDue(new Date(monday.getTime() + 30_000), fire);
      assert.deepStrictEqual(fired, ['f']);
      schedules.fireDue(new Date(Date.UTC(2026, 10, 29, 9, 30, 0)), fire); // a Sunday
      schedules.fireDue(new Date(Date.UTC(2026, 10, 30, 9, 31, 0)), fire);
      assert.deepStrictEqual(fired, ['f']);
      const again = new Schedules(dir);
      assert.deepStrictEqual(again.get('f')?.variables, { a: 1 });
      again.fireDue(new Date(monday.getTime() + 40_000), fire);
      assert.deepStrictEqual(fired, ['f']);
      again.fireDue(new Date(Date.UTC(2026, 11, 1, 9, 30, 0)), fire);
      assert.deepStrictEqual(fired, ['f', 'f']);
      assert.strictEqual(again.nextRun('f', monday), new Date(Date.UTC(2026, 11, 1, 9, 30, 0)).toISOString());
    });

    it('starts a run of the function with the schedule variables when due', async function () {
      this.timeout(10_000);
      const server = await startTestServer({ functionsDir: FIXTURE_FUNCTIONS_DIR });
      try {
        await call(server, 'POST', '/functions/slow/schedule', { cron: '* * * * *', variables: { seconds: 0, value: 'scheduled' } });
        server.local?.runDueSchedules(new Date());
        const run = await waitFor('the scheduled run', async () => {
          const runs = await call(server, 'GET', '/functions/slow/runs/?only_active=false');
          return runs.json.items.find((r: { status: string }) => r.status === 'closed');
        });
        assert.strictEqual(run.result, 'scheduled');
        assert.ok(fs.existsSync(path.join(server.dataDir, 'schedules.json')));
      } finally {
        await server.close();
      }
    });
  });
});
