// The text of a run's read-only document; no vscode import so it is unit-tested on Node.
import { parseLogLine } from '../../api';
import { FunctionRun, isTerminalStatus } from '../../api/types';
import { formatResult } from '../../shared/resultText';
import { maskSecretVariables, stripControlCharacters } from '../../api/redact';
import { describeRun, shownRunState, shownStateNote } from '../../shared/runs';
import { formatDateTime } from '../../shared/time';

/** `stoppedHere`: the run was stopped from this editor (it reads stopped, as in the tree). */
export function renderRunDocument(run: FunctionRun, functionName: string, stoppedHere = false, now: number = Date.now()): string {
  const state = shownRunState(run, stoppedHere);
  const lines = [
    `Notte run ${run.function_run_id}`,
    `Function:  ${functionName === run.function_id ? functionName : `${functionName} (${run.function_id})`}`,
    `Status:    ${state}${state === 'active' || state === 'created' ? ' (updating…)' : shownStateNote(run, state) ? ` (${shownStateNote(run, state)})` : ''}`,
    `Summary:   ${describeRun(run, stoppedHere, now)}`,
    `Started:   ${formatDateTime(run.created_at)}`,
    `Updated:   ${formatDateTime(run.updated_at)}`,
  ];
  if (run.session_id) lines.push(`Session:   ${run.session_id}`);
  if (run.local) lines.push('Ran locally');
  lines.push('', 'Variables:', indent(JSON.stringify(maskSecretVariables(run.variables ?? {}), null, 2)), '');
  lines.push(state === 'failed' ? 'Error:' : 'Result:', indent(run.result === null && !isTerminalStatus(run.status) ? '(not finished yet)' : formatResult(run.result)), '');
  const logs = run.logs ?? [];
  lines.push(`Logs (${logs.length} line${logs.length === 1 ? '' : 's'}):`);
  for (const raw of logs) lines.push(`  ${stripControlCharacters(parseLogLine(raw).text)}`);
  return lines.join('\n') + '\n';
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => `  ${line}`)
    .join('\n');
}
