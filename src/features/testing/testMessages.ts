// What a failed saved set says in the Test Results view: each failed check in a sentence, the schema's
// violations with their JSON paths beside a diff of the shape the schema wants and the shape the
// result has, the diff against the set's last passing result, and a traceback's raising line in the
// function's linked file as the message's place (the line the Problems entry of the run points at).
import path = require('path');
import vscode = require('vscode');
import type { ContractFailure } from '../../contracts/contractCheck';
import { describeDiff } from '../../contracts/jsonDiff';
import { asSentence } from '../../shared/format';
import { inferSchema } from '../../contracts/schemaInference';
import type { TestOutcome } from '../../contracts/setRunner';
import { TEST_RESULT_MESSAGE as RESULT_MESSAGE } from '../../shared/contributions';
import { pointerLine } from '../../shared/jsonPointerLine';
import { savedSetNames } from '../../shared/savedSets';
import { raisingFrame, TRACEBACK_MARKER } from '../../shared/traceback';

export interface MessagePlaces {
  /** The set in its sets file. */
  set?: vscode.Location;
  /** The line of a check's field in the set's `expect` ("maxSeconds"), else of what holds it. */
  contractField?: (check: ContractFailure['check']) => vscode.Location | undefined;
  /** The function's file in this workspace, when one is linked. */
  functionFile?: vscode.Uri;
  /** The set's last passing result, from before this run. */
  lastPassing?: unknown;
}

/** Every message of a failed outcome, in the order of its failures, then what changed since the last pass. */
export function failureMessages(outcome: TestOutcome, places: MessagePlaces): vscode.TestMessage[] {
  const messages = outcome.verdict.failures.map((failure) => failureMessage(failure, outcome, places));
  if (outcome.diff && places.lastPassing !== undefined) {
    const text = [vscode.l10n.t('What changed since the last passing result (expected: that result; actual: this one):'), ...describeDiff(outcome.diff, 50).map((l) => `  ${l}`)];
    const message = vscode.TestMessage.diff(text.join('\n'), pretty(places.lastPassing), pretty(outcome.verdict.value));
    message.location = places.set;
    message.contextValue = RESULT_MESSAGE;
    messages.push(message);
  }
  return messages;
}

function failureMessage(failure: ContractFailure, outcome: TestOutcome, places: MessagePlaces): vscode.TestMessage {
  if (failure.violations?.length) {
    // The Test Results view shows a message's first line only: the first violation is on it.
    const [first, ...more] = failure.violations;
    const text = [
      more.length
        ? vscode.l10n.t("The result does not match the set's schema (expect.result): {0} {1} ({2} more below).", first.path, first.message, more.length)
        : vscode.l10n.t("The result does not match the set's schema (expect.result): {0} {1}", first.path, first.message),
      ...(more.length ? failure.violations.map((v) => `  ${v.path} ${v.message}`) : []),
      vscode.l10n.t('Expected: the schema; actual: the shape of this result, as Save as Expected would write it.'),
    ];
    const message = vscode.TestMessage.diff(text.join('\n'), pretty(outcome.test.expect?.result), pretty(inferSchema(outcome.verdict.value)));
    message.location = places.contractField?.('result') ?? places.set;
    message.contextValue = RESULT_MESSAGE;
    return message;
  }
  const traceback = failure.check === 'traceback' || failure.check === 'status' ? tracebackText(outcome) : undefined;
  const message = new vscode.TestMessage(traceback ? `${asSentence(failure.message)}\n\n${lastLines(traceback, 30)}` : asSentence(failure.message));
  message.location = (traceback && places.functionFile && raisingLine(traceback, places.functionFile)) || places.contractField?.(failure.check) || places.set;
  if (failure.check === 'nonEmpty' || failure.check === 'logs') message.contextValue = RESULT_MESSAGE;
  return message;
}

/**
 * Where a failed check stands in the sets file: its field in the set's `expect` (the traceback rule is
 * `status`'s), else `expect`, else the set; a file edited since it was read (the set gone) answers none.
 */
export function contractFieldPlace(uri: vscode.Uri, text: string, setName: string): MessagePlaces['contractField'] {
  let index: number;
  try {
    index = savedSetNames(text).indexOf(setName);
  } catch {
    return undefined;
  }
  if (index < 0) return undefined;
  return (check) => {
    if (check === 'setup' || check === 'run') return undefined;
    const field = check === 'traceback' ? 'status' : check;
    return new vscode.Location(uri, new vscode.Position(pointerLine(text, `/${index}/expect/${field}`) - 1, 0));
  };
}

/** The last Python traceback of the result (the string holding it, the result parsed as JSON), else of the run's output. */
function tracebackText(outcome: TestOutcome): string | undefined {
  const text = stringWith(outcome.verdict.value, TRACEBACK_MARKER) ?? outcome.logs.join('\n');
  const at = text.lastIndexOf(TRACEBACK_MARKER);
  return at < 0 ? undefined : text.slice(at);
}

/** The first string of the value (itself, or one inside it) that contains `part`. */
function stringWith(value: unknown, part: string): string | undefined {
  if (typeof value === 'string') return value.includes(part) ? value : undefined;
  if (!value || typeof value !== 'object') return undefined;
  for (const item of Object.values(value)) {
    const found = stringWith(item, part);
    if (found !== undefined) return found;
  }
  return undefined;
}

function raisingLine(traceback: string, file: vscode.Uri): vscode.Location | undefined {
  const frame = raisingFrame(traceback, { baseNames: [path.basename(file.fsPath)] });
  return frame && new vscode.Location(file, new vscode.Position(frame.line - 1, 0));
}

function pretty(value: unknown): string {
  return `${JSON.stringify(value ?? null, null, 2)}\n`;
}

function lastLines(text: string, count: number): string {
  return text.trim().split(/\r?\n/).slice(-count).join('\n');
}
