// The Python snippet read by the real Python: it parses, and the variables it passes are the ones given.
import * as assert from 'assert';
import { execFileSync } from 'child_process';
import * as fc from 'fast-check';
import { buildSnippet, pythonLiteral } from '../../../src/api';

const CHECK = `
import ast, json, sys
cases = json.load(sys.stdin)
for literal, expected, snippet in cases:
    ast.parse(snippet)
    got = ast.literal_eval(literal)
    if got != json.loads(expected):
        print("MISMATCH", repr(literal), expected)
        sys.exit(1)
print("ok", len(cases))
`;

describe('api: Python snippets', function () {
  this.timeout(30_000);

  it('write every variable as a Python literal equal to its JSON value, in a snippet that parses', () => {
    const variables = fc.dictionary(fc.string({ unit: 'binary', maxLength: 12 }), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 6 });
    const samples = fc.sample(variables, 150);
    samples.push({ quote: `it's "both" \\ \n\t$HOME \`id\``, emoji: '😀é', nested: { a: [1, -2.5, true, false, null, { b: [] }] } });
    const cases = samples.map((vars) => [
      pythonLiteral(vars, samples.indexOf(vars) % 2 === 0 ? 0 : undefined),
      JSON.stringify(vars),
      buildSnippet('python', { baseUrl: 'http://127.0.0.1:1/', functionId: `f'"\n`, variables: vars }),
    ]);
    const output = execFileSync('python3', ['-c', CHECK], { input: JSON.stringify(cases), encoding: 'utf8' });
    assert.strictEqual(output.trim(), `ok ${cases.length}`);
  });

  it('refers to the environment for the key unless asked to write it', () => {
    const plain = buildSnippet('python', { baseUrl: 'https://api.notte.cc', functionId: 'f', variables: {} });
    assert.doesNotMatch(plain, /api_key=/);
    assert.match(buildSnippet('python', { baseUrl: 'https://api.notte.cc', functionId: 'f', variables: {}, apiKey: "k'1" }), /api_key="k'1"/);
  });
});
