import * as assert from 'assert';
import { findRunDefinitions } from '../../../src/shared/runDefinitions';

describe('finding run(...) in a Python file', () => {
  it('finds every top-level def run and async def run, with their lines', () => {
    const text = ['import os', '', 'def run(url: str):', '    return url', '', 'async def run(x):', '    pass'].join('\n');
    assert.deepStrictEqual(
      findRunDefinitions(text).map((d) => [d.line, d.async]),
      [
        [2, false],
        [5, true],
      ],
    );
  });

  it('ignores nested definitions, other names and files without run', () => {
    assert.deepStrictEqual(findRunDefinitions('class A:\n    def run(self):\n        pass\n'), []);
    assert.deepStrictEqual(findRunDefinitions('def runner():\n    pass\ndef run_all():\n    pass\n'), []);
    assert.deepStrictEqual(findRunDefinitions('print("hello")\n'), []);
  });

  it('ignores a def run inside a docstring, but not one after it', () => {
    const text = '"""Example:\n\ndef run(x):\n    ...\n"""\n\ndef run(y):\n    return y\n';
    assert.deepStrictEqual(
      findRunDefinitions(text).map((d) => d.line),
      [6],
    );
    const single = 'x = \'a """ inside a short string\'\ndef run():\n    pass\n';
    assert.deepStrictEqual(
      findRunDefinitions(single).map((d) => d.line),
      [1],
    );
  });

  it('follows several docstrings, both quote kinds, and quotes of one kind inside the other', () => {
    const text = [
      '"""Module doc with \'\'\' inside.',
      'def run(a):',
      '"""', // 0-2: inside
      'def run(b):', // 3: real
      "x = '''",
      'def run(c):',
      "'''  # closes", // 4-6: inside
      '# a comment with """ does not open a string',
      'def run(d):', // 7-8: real
      'y = """one line"""',
      'def run(e):', // 9-10: real
    ].join('\n');
    assert.deepStrictEqual(
      findRunDefinitions(text).map((d) => d.line),
      [3, 8, 10],
    );
  });

  it('reads CRLF files', () => {
    assert.deepStrictEqual(
      findRunDefinitions('import x\r\ndef run():\r\n    pass\r\n').map((d) => d.line),
      [1],
    );
  });
});
