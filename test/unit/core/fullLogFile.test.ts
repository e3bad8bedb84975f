// A run's full log copies its lines as UTF-8 into chunks of memory and writes what is filled: the file
// must hold every line, whole and in order, whatever their sizes and characters and however the writes
// fall between them, each part cleaned as the extension cleans text.
import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { bytesNeedCleaning, redactSecrets, stripControlCharacters } from '../../../src/api/redact';
import { FullLogFile } from '../../../src/core/fullLogFile';

describe('The full log file', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'notte-full-log-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const SECRET = 'sk-secret-key-123456';
  function cleaner(parts: Buffer[]): (bytes: Buffer) => Buffer {
    return (bytes) => {
      parts.push(Buffer.from(bytes));
      return bytesNeedCleaning(bytes, [SECRET]) ? Buffer.from(redactSecrets(stripControlCharacters(bytes.toString('utf8')), [SECRET]), 'utf8') : bytes;
    };
  }

  it('keeps every line whole and in order: short, multi-byte, longer than a chunk, with writes between them', async () => {
    const parts: Buffer[] = [];
    const file = new FullLogFile(path.join(dir, 'logs', 'run.log'), cleaner(parts));
    const lines: string[] = [];
    for (let i = 0; i < 30_000; i++) {
      let line = `step ${i} ▶ café 🎉`;
      if (i % 9_999 === 5) line += ` ${'é'.repeat(600_000)} end ${i}`; // past one chunk (1 MiB) as UTF-8
      if (i % 7_000 === 3) line += ` ${'x'.repeat(250_000)}`; // under a chunk, over what is left of one
      lines.push(line);
      file.add(line);
      if (i % 1_234 === 0) file.write();
    }
    await file.close();
    const text = fs.readFileSync(file.file, 'utf8');
    assert.strictEqual(text, lines.join('\n') + '\n');
    assert.ok(parts.length > 10, `${parts.length} writes`);
    assert.ok(
      parts.every((part) => part[part.length - 1] === 0x0a),
      'each part written ends with a whole line',
    );
  });

  it('cleans a part that holds an escape or the key, and only such a part', async () => {
    const parts: Buffer[] = [];
    const file = new FullLogFile(path.join(dir, 'run.log'), cleaner(parts));
    file.add('plain');
    file.write();
    file.add(`the key ${SECRET} here`);
    file.write();
    file.add('\x1b[31mred\x1b[0m and a bell\x07');
    await file.close();
    assert.strictEqual(fs.readFileSync(file.file, 'utf8'), 'plain\nthe key •••••• here\nred and a bell\n');
    assert.strictEqual(parts.length, 3);
  });

  it('loses the full log, not the run, when its folder cannot be written', async () => {
    const blocker = path.join(dir, 'a file');
    fs.writeFileSync(blocker, '');
    const file = new FullLogFile(path.join(blocker, 'run.log'), (bytes) => bytes);
    file.add('a line');
    file.write();
    file.add('another');
    await file.close();
    assert.strictEqual(file.writable, false);
  });
});
