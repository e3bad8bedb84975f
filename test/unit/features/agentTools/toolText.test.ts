import * as assert from 'assert';
import { REPO_ROOT } from '../../helpers/localServer';
import * as fs from 'fs';
import * as path from 'path';
import { NotteApiError } from '../../../../src/api/errors';
import { AGENT_TOOLS_SETTING, AgentTools } from '../../../../src/shared/contributions';
import { escapeMarkdown } from '../../../../src/shared/markdown';
import { maskUrlSecrets } from '../../../../src/api/redact';
import { errorText, fenced, logBlock, resultBlock, sanitize, variablesBlock } from '../../../../src/features/agentTools/toolText';
import { convertToolVariables } from '../../../../src/shared/variableValues';
import { ECHO_VARIABLES as ECHO } from '../../helpers/examples';

describe('agent tools: variables from a model', () => {
  it('keeps values that fit and fills defaults as Run Function sends them', () => {
    const converted = convertToolVariables(ECHO, { name: 'x', count: 3, tags: ['q'], options: { a: 1 }, note: 'n' });
    assert.deepStrictEqual(converted, { ok: true, variables: { name: 'x', count: 3, ratio: 0.5, enabled: false, tags: ['q'], options: { a: 1 }, note: 'n' } });
  });

  it('reads a string for a typed parameter as typed text, and keeps a str as it is', () => {
    const converted = convertToolVariables(ECHO, { name: '42', count: '7', enabled: 'yes', ratio: '1.5', tags: '["a"]', options: 'None' });
    assert.ok(converted.ok);
    assert.deepStrictEqual(converted.variables, { name: '42', count: 7, ratio: 1.5, enabled: true, tags: ['a'], options: null, note: null });
  });

  it('refuses a wrong type with the box message, the value and the signature', () => {
    const converted = convertToolVariables(ECHO, { name: 'x', count: 4.5 });
    assert.ok(!converted.ok);
    assert.match(converted.message, /^count \(int\): Enter a whole number \(int\), like 42; got 4\.5\./);
    assert.match(converted.message, /run\(name: str, count: int = 2, ratio: float = 0\.5/);
  });

  it('lists every problem at once: unknown names, missing required ones, wrong types', () => {
    const converted = convertToolVariables(ECHO, { nmae: 'x', tags: { not: 'a list' }, enabled: 'maybe' });
    assert.ok(!converted.ok);
    const lines = converted.message.split('\n');
    assert.match(lines[0], /Unknown variable: nmae \(expected name, count, ratio, enabled, tags, options, note\)/);
    assert.ok(
      lines.some((l) => /^name \(str\) has no default: give a value\./.test(l)),
      converted.message,
    );
    assert.ok(
      lines.some((l) => /^enabled \(bool\): Enter true or false/.test(l)),
      converted.message,
    );
    assert.ok(
      lines.some((l) => /^tags \(list\[str\]\): Enter a JSON array/.test(l)),
      converted.message,
    );
  });

  it('refuses null for a parameter that is not optional, accepts it for one that is', () => {
    assert.ok(!convertToolVariables(ECHO, { name: 'x', count: null }).ok);
    assert.ok(convertToolVariables(ECHO, { name: 'x', options: null }).ok);
  });

  it('refuses variables that are not an object, and names for a function without parameters', () => {
    assert.ok(!convertToolVariables(ECHO, ['x']).ok);
    const none = convertToolVariables([], { a: 1 });
    assert.ok(!none.ok && /takes no variables/.test(none.message));
    assert.deepStrictEqual(convertToolVariables([], undefined), { ok: true, variables: {} });
  });
});

describe('agent tools: answer text', () => {
  it('masks the key, signed URL tokens and control characters', () => {
    const key = 'sk-recognisable-123456';
    const text = sanitize(`key ${key}\x1b[31m red\x07 https://h/code?version=1&expires=9&token=abc.def and wss://x/rec?token=${key}`, [key]);
    assert.ok(!text.includes(key));
    assert.ok(!text.includes('abc.def'));
    // eslint-disable-next-line no-control-regex -- the point: no control character is left
    assert.ok(!/[\x00-\x08\x1b]/.test(text));
    assert.match(text, /expires=9&token=••••••/);
    assert.strictEqual(maskUrlSecrets('https://s3/x.mp4?X-Amz-Signature=deadbeef&X-Amz-Date=1'), 'https://s3/x.mp4?X-Amz-Signature=••••••&X-Amz-Date=1');
  });

  it('cuts a long result and says so', () => {
    const block = resultBlock('x'.repeat(5000), 4000);
    assert.match(block, /truncated: the first 4000 of 5000 characters/);
    assert.ok(block.length < 4200);
    assert.strictEqual(resultBlock('short'), 'Result:\nshort');
  });

  it('shows the last log lines and how many there were', () => {
    const lines = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`);
    const block = logBlock(lines, 5, 1000);
    assert.match(block, /^Last 5 of 1000 log lines:\nline 26\n/);
    assert.strictEqual(logBlock([], 5), 'Logs: none.');
  });

  it('shows variables with their Python types and masks secret-looking ones', () => {
    const block = variablesBlock({ name: "it's", count: 3, ratio: 0.5, ok: true, none: null, password: 'hunter2' });
    assert.match(block, /name = "it's" \(str\)/);
    assert.match(block, /count = 3 \(int\)/);
    assert.match(block, /ratio = 0\.5 \(float\)/);
    assert.match(block, /ok = True \(bool\)/);
    assert.match(block, /none = None \(NoneType\)/);
    assert.ok(!block.includes('hunter2'));
  });

  it('says what to do for each kind of failure', () => {
    const where = 'the local Functions server at http://127.0.0.1:1';
    assert.match(errorText(new NotteApiError('rate_limited', 'Rate limited.', { retryAfterMs: 2500 }), { where }), /Wait 3 s, then try again/);
    assert.match(errorText(new NotteApiError('network', 'cannot reach'), { where }), /does not answer.*Start Local Functions Server/);
    assert.match(errorText(new NotteApiError('not_found', 'Function f: not found'), { where }), /notte_list_functions/);
    assert.match(errorText(new NotteApiError('auth', 'refused'), { where }), /Set API Key/);
  });

  it('fences hostile text with a fence it cannot close', () => {
    const block = fenced('a ```` b', 'json');
    assert.ok(block.startsWith('`````json\n'));
    assert.ok(block.endsWith('\n`````'));
  });
});

describe('agent tools: confirmation text', () => {
  it('escapes what Markdown would read as markup, and leaves URLs and words alone', () => {
    assert.strictEqual(escapeMarkdown('echo_variables at http://127.0.0.1:8765'), 'echo\\_variables at http://127.0.0.1:8765');
    assert.strictEqual(escapeMarkdown('# <img src=x> [a](b) `c` *d*'), '\\# \\<img src=x\\> \\[a\\](b) \\`c\\` \\*d\\*');
  });
});

describe('agent tools: package.json and src/names.ts agree', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    contributes: {
      languageModelTools: {
        name: string;
        when?: string;
        toolReferenceName?: string;
        canBeReferencedInPrompt?: boolean;
        icon?: string;
        modelDescription?: string;
        inputSchema?: { type: string };
      }[];
      configuration: { properties: Record<string, { type: string; default: unknown }> };
    };
  };

  it('contributes exactly the tools of src/names.ts, each complete and hidden by the setting', () => {
    const tools = manifest.contributes.languageModelTools;
    assert.deepStrictEqual(tools.map((t) => t.name).sort(), Object.values(AgentTools).sort());
    for (const tool of tools) {
      assert.strictEqual(tool.when, `config.${AGENT_TOOLS_SETTING}`, tool.name);
      assert.strictEqual(tool.canBeReferencedInPrompt, true, tool.name);
      assert.match(tool.toolReferenceName ?? '', /^notte\w+$/, tool.name);
      assert.match(tool.icon ?? '', /^\$\([a-z-]+\)$/, tool.name);
      assert.ok((tool.modelDescription ?? '').length > 100, tool.name);
      assert.strictEqual(tool.inputSchema?.type, 'object', tool.name);
    }
    assert.deepStrictEqual(manifest.contributes.configuration.properties[AGENT_TOOLS_SETTING], {
      ...manifest.contributes.configuration.properties[AGENT_TOOLS_SETTING],
      type: 'boolean',
      default: true,
    });
  });
});
