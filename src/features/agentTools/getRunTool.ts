import { parseLogLine } from '../../api/logLine';
import { isTerminalStatus } from '../../api/types';
import { formatResult } from '../../shared/resultText';
import { abortOn, NotteTool, optionalInteger, runTarget } from './toolHelpers';
import { DEFAULT_LOG_LINES, errorText, logBlock, MAX_LOG_LINES, resultBlock, variablesBlock } from './toolText';

interface GetRunInput {
  function_id: string;
  run_id: string;
  log_lines?: number;
}

/** `notte_get_run`: a run's status, variables, result and last log lines, read from the server now. */
export const getRunTool: NotteTool<GetRunInput> = {
  async invoke(ctx, input, token) {
    const target = await runTarget(ctx, input);
    if ('error' in target) return target.error;
    const { functionId, runId, where } = target;
    const count = optionalInteger(input, 'log_lines', DEFAULT_LOG_LINES, 0, MAX_LOG_LINES);
    try {
      const run = await ctx.connection.client().getRun(functionId, runId, { signal: abortOn(token).signal });
      const streaming = ctx.activeRuns.findByRunId(run.function_run_id) !== undefined;
      const lines = [
        `Run ${run.function_run_id} of ${run.function_id} on ${where}: status ${run.status}${isTerminalStatus(run.status) ? '' : ' (still running)'}.`,
        `Created ${run.created_at || 'unknown'}, updated ${run.updated_at || 'unknown'}${run.session_id ? `, session_id: ${run.session_id}` : ''}${streaming ? '; streaming in this window' : ''}.`,
        variablesBlock(run.variables ?? {}),
        run.result === null || run.result === undefined ? `Result: none${isTerminalStatus(run.status) ? '' : ' yet'}.` : resultBlock(formatResult(run.result)),
        logBlock(
          (run.logs ?? []).map((raw) => parseLogLine(raw).text),
          count,
        ),
      ];
      if (!isTerminalStatus(run.status)) lines.push('Stop it with notte_stop_run, or call notte_get_run again later.');
      return lines.join('\n');
    } catch (error) {
      return errorText(error, { where, functionId, runId });
    }
  },
};
