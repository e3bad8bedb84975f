import vscode = require('vscode');
import { parsePythonLiteral } from '../../api';
import { boxPrompt, resolveVariables, toInputText, validateText } from '../../shared/variables';
import { readJsonVariables } from '../../shared/variableValues';
import { functionLabel, FunctionVariable, hasDefault, NotteFunction } from '../../api/types';
import { isSecretName } from '../../api/redact';

export { resolveVariables, toInputText } from '../../shared/variables';

const JSON_BUTTON: vscode.QuickInputButton = {
  iconPath: new vscode.ThemeIcon('json'),
  tooltip: 'Enter all variables as one JSON object',
};

type StepOutcome = { kind: 'value'; text: string } | { kind: 'back' } | { kind: 'json' } | { kind: 'cancel' };

/**
 * Asks for a function's variables, one input box per parameter, or all at once as JSON.
 * Returns undefined when the user cancels. `remembered` pre-fills the boxes with the
 * last values used for this function.
 */
export async function promptForVariables(
  fn: NotteFunction,
  remembered: Record<string, unknown> = {},
  title = `Run ${functionLabel(fn)}`,
): Promise<Record<string, unknown> | undefined> {
  const parameters = fn.variables ?? [];
  if (parameters.length === 0) return {};
  const texts: (string | undefined)[] = parameters.map((p) => (p.name in remembered ? toInputText(remembered[p.name]) : undefined));
  let index = 0;
  while (index < parameters.length) {
    const outcome = await askOne(parameters[index], index, parameters.length, texts[index], title);
    if (outcome.kind === 'cancel') return undefined;
    if (outcome.kind === 'json') return promptForJson(parameters, collect(parameters, texts, remembered), title);
    if (outcome.kind === 'back') {
      index = Math.max(0, index - 1);
      continue;
    }
    texts[index] = outcome.text;
    index++;
  }
  return resolveVariables(parameters, texts);
}

/** One JSON object for all variables, validated as it is typed; it starts from the last values, else the defaults. */
export async function promptForJson(parameters: FunctionVariable[], initial: Record<string, unknown>, title: string): Promise<Record<string, unknown> | undefined> {
  const names = new Set(parameters.map((p) => p.name));
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('{0} (variables as JSON)', title),
    prompt: parameters.length ? `An object with keys among: ${[...names].join(', ')}` : 'A JSON object',
    value: JSON.stringify(startingValues(parameters, initial)),
    ignoreFocusOut: true,
    validateInput: (value) => {
      const read = readJsonVariables(value, parameters);
      return read.ok ? undefined : read.message;
    },
  });
  if (text === undefined) return undefined;
  const read = readJsonVariables(text, parameters);
  return read.ok ? read.variables : undefined;
}

/** The defaults of every parameter that has a literal one, overridden by the values given (the last used). */
export function startingValues(parameters: FunctionVariable[], given: Record<string, unknown>): Record<string, unknown> {
  const names = new Set(parameters.map((p) => p.name));
  const kept = names.size ? Object.fromEntries(Object.entries(given).filter(([name]) => names.has(name))) : given;
  return { ...resolveVariables(parameters, []), ...kept };
}

function askOne(parameter: FunctionVariable, index: number, total: number, initial: string | undefined, title: string): Promise<StepOutcome> {
  return new Promise((resolve) => {
    const box = vscode.window.createInputBox();
    const defaultValue = parsePythonLiteral(parameter.default);
    box.title = title;
    box.step = index + 1;
    box.totalSteps = total;
    box.ignoreFocusOut = true;
    box.password = isSecretName(parameter.name) && (parameter.type ?? 'str') === 'str';
    box.placeholder = hasDefault(parameter) ? `default: ${defaultValue.ok ? display(defaultValue.value) : parameter.default}` : `${parameter.name} (required)`;
    box.value = initial ?? '';
    box.prompt = boxPrompt(parameter, box.value);
    box.buttons = index > 0 ? [vscode.QuickInputButtons.Back, JSON_BUTTON] : [JSON_BUTTON];
    const validate = (text: string): string | undefined => validateText(parameter, text);
    box.validationMessage = box.value ? validate(box.value) : undefined;
    let settled = false;
    const finish = (outcome: StepOutcome) => {
      if (settled) return;
      settled = true;
      resolve(outcome);
      box.dispose();
    };
    box.onDidChangeValue((text) => {
      box.prompt = boxPrompt(parameter, text);
      box.validationMessage = validate(text);
    });
    box.onDidAccept(() => {
      const message = validate(box.value);
      if (message) {
        box.validationMessage = message;
        return;
      }
      finish({ kind: 'value', text: box.value });
    });
    box.onDidTriggerButton((button) => finish(button === vscode.QuickInputButtons.Back ? { kind: 'back' } : { kind: 'json' }));
    box.onDidHide(() => finish({ kind: 'cancel' }));
    box.show();
  });
}

function collect(parameters: FunctionVariable[], texts: (string | undefined)[], remembered: Record<string, unknown>): Record<string, unknown> {
  return { ...remembered, ...resolveVariables(parameters, texts) };
}

function display(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}
