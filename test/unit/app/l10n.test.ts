// The extension's own messages, prompts and titles go through vscode.l10n.t, so a translation bundle
// reaches them: a literal handed straight to one of VS Code's message, input, pick or progress APIs
// fails here, with its file and line.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

const SRC = path.resolve(__dirname, '..', '..', '..', '..', 'src');
const MESSAGES = new Set(['showInformationMessage', 'showWarningMessage', 'showErrorMessage']);
const WITH_OPTIONS = new Set(['showInputBox', 'showQuickPick', 'withProgress', 'showOpenDialog', 'showSaveDialog']);
const SHOWN_OPTIONS = new Set(['title', 'prompt', 'placeHolder', 'openLabel', 'saveLabel']);

function extensionFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return extensionFiles(full);
    return entry.name.endsWith('.ts') && /require\('vscode'\)|from 'vscode'/.test(fs.readFileSync(full, 'utf8')) ? [full] : [];
  });
}

/** A literal with words in it: what a user would read untranslated. */
function isWordyLiteral(node: ts.Node): boolean {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return /[A-Za-z]{2}/.test(node.text);
  if (ts.isTemplateExpression(node)) return /[A-Za-z]{2}/.test(node.head.text + node.templateSpans.map((s) => s.literal.text).join(''));
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) return isWordyLiteral(node.left) || isWordyLiteral(node.right);
  return false;
}

export function untranslated(file: string, text: string): string[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const where = (node: ts.Node) => `${path.relative(SRC, file)}:${source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1}`;
  const visit = (node: ts.Node): void => {
    if (ts.isCallExpression(node)) {
      const callee = node.expression;
      const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : '';
      if (MESSAGES.has(name) && node.arguments[0] && isWordyLiteral(node.arguments[0])) found.push(`${where(node)} ${name}`);
      if (WITH_OPTIONS.has(name))
        for (const arg of node.arguments)
          if (ts.isObjectLiteralExpression(arg))
            for (const prop of arg.properties)
              if (ts.isPropertyAssignment(prop) && ts.isIdentifier(prop.name) && SHOWN_OPTIONS.has(prop.name.text) && isWordyLiteral(prop.initializer))
                found.push(`${where(prop)} ${name} ${prop.name.text}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('localisation: the code', () => {
  it("hands VS Code's message, input, pick and progress APIs no literal text, only vscode.l10n.t(…)", () => {
    const found = extensionFiles(SRC).flatMap((file) => untranslated(file, fs.readFileSync(file, 'utf8')));
    assert.deepStrictEqual(found, []);
  });

  it('catches a literal message, a template title and a concatenated prompt', () => {
    const sample = [
      "vscode.window.showErrorMessage('Could not run.');",
      'vscode.window.showQuickPick(items, { title: `Run ${name}` });',
      "vscode.window.showInputBox({ prompt: 'Key of ' + name });",
      "vscode.window.showInformationMessage(vscode.l10n.t('Done.'));",
    ].join('\n');
    assert.strictEqual(untranslated(path.join(SRC, 'sample.ts'), sample).length, 3);
  });
});
