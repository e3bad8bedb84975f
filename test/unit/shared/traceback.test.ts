import * as assert from 'assert';
import {
  findMissingModule,
  lastTracebackFrames,
  missingModuleMessage,
  ownFrames,
  parseMissingModuleMessage,
  parseTraceback,
  pipInstallCommand,
} from '../../../src/shared/traceback';

const TRACEBACK = [
  'About to fail on purpose...',
  'Traceback (most recent call last):',
  '  File "/tmp/notte-local-run-x/notte_function.py", line 9, in run',
  '    helper()',
  '  File "/usr/lib/python3.11/json/__init__.py", line 346, in loads',
  '    return _default_decoder.decode(s)',
  '  File "/tmp/notte-local-run-x/notte_function.py", line 4, in helper',
  '    raise ValueError(message)',
  '    ^^^^^^^^^^^^^^^^^^^^^^^^^',
  'ValueError: boom',
].join('\n');

describe('reading Python tracebacks', () => {
  it('finds the frames and the exception', () => {
    const parsed = parseTraceback(TRACEBACK);
    assert.deepStrictEqual(
      parsed.frames.map((f) => [f.file.split('/').pop(), f.line, f.name]),
      [
        ['notte_function.py', 9, 'run'],
        ['__init__.py', 346, 'loads'],
        ['notte_function.py', 4, 'helper'],
      ],
    );
    assert.strictEqual(parsed.exception, 'ValueError: boom');
    assert.strictEqual(
      TRACEBACK.split('\n')[parsed.frames[0].textLine].slice(parsed.frames[0].start, parsed.frames[0].end),
      'File "/tmp/notte-local-run-x/notte_function.py", line 9, in run',
    );
  });

  it('reads prefixed lines (a batch item, a run document)', () => {
    const prefixed = TRACEBACK.split('\n')
      .map((l) => `[3] ${l}`)
      .join('\n');
    assert.strictEqual(parseTraceback(prefixed).exception, 'ValueError: boom');
    const indented = TRACEBACK.split('\n')
      .map((l) => `  ${l}`)
      .join('\n');
    assert.strictEqual(parseTraceback(indented).exception, 'ValueError: boom');
  });

  it('keeps the frames of the function file: by alias, by name, or the one non-library file', () => {
    const frames = parseTraceback(TRACEBACK).frames;
    assert.deepStrictEqual(
      ownFrames(frames, { aliases: ['/tmp/notte-local-run-x/notte_function.py'] }).map((f) => f.line),
      [9, 4],
    );
    assert.deepStrictEqual(
      ownFrames(frames, { baseNames: ['NOTTE_function.py'] }).map((f) => f.line),
      [9, 4],
    );
    assert.deepStrictEqual(
      ownFrames(frames, { baseNames: ['other.py'] }).map((f) => f.line),
      [9, 4],
    );
    const two = parseTraceback('  File "/srv/a.py", line 1, in run\n  File "/srv/b.py", line 2, in f\nKeyError: x').frames;
    assert.deepStrictEqual(ownFrames(two, { baseNames: ['c.py'] }), []);
  });

  it('takes the last traceback when exceptions were chained', () => {
    const chained =
      'Traceback (most recent call last):\n  File "/a.py", line 1, in run\nKeyError: 1\n\nDuring handling of the above exception, another exception occurred:\n\nTraceback (most recent call last):\n  File "/a.py", line 7, in run\nValueError: two';
    assert.deepStrictEqual(
      lastTracebackFrames(chained).map((f) => [f.line, f.textLine]),
      [[7, 7]],
    );
    assert.strictEqual(parseTraceback(chained).exception, 'ValueError: two');
  });

  it('names a missing module and its pip package', () => {
    assert.deepStrictEqual(findMissingModule("ModuleNotFoundError: No module named 'notte_sdk'"), { module: 'notte_sdk', pipName: 'notte-sdk' });
    assert.deepStrictEqual(findMissingModule("ModuleNotFoundError: No module named 'my_lib.sub'"), { module: 'my_lib.sub', pipName: 'my-lib' });
    assert.strictEqual(findMissingModule('ValueError: boom'), undefined);
    assert.strictEqual(pipInstallCommand('/usr/bin/python3', 'notte-sdk'), '/usr/bin/python3 -m pip install notte-sdk');
    assert.strictEqual(pipInstallCommand('/my env/python', 'x', 'linux'), "'/my env/python' -m pip install x");
    // On Windows, for PowerShell (single quotes around a path were no quoting in cmd, and PowerShell runs no quoted path without &).
    assert.strictEqual(pipInstallCommand('C:\\Python312\\python.exe', 'x', 'win32'), 'C:\\Python312\\python.exe -m pip install x');
    assert.strictEqual(pipInstallCommand('C:\\Program Files\\Python\\python.exe', 'x', 'win32'), '& "C:\\Program Files\\Python\\python.exe" -m pip install x');
    // The message read back (a run on the local server ends with it as a log line): its command to copy.
    const message = missingModuleMessage('/my env/python', { module: 'notte_sdk', pipName: 'notte-sdk' });
    assert.deepStrictEqual(parseMissingModuleMessage(`  ${message}`), { text: message, command: pipInstallCommand('/my env/python', 'notte-sdk') });
    assert.strictEqual(parseMissingModuleMessage("ModuleNotFoundError: No module named 'notte_sdk'"), undefined);
  });
});
