// A function that imports what this server's Python lacks (notte_sdk, most often) fails with Python's
// ModuleNotFoundError, which names neither the interpreter nor the fix. Its run's last log line does, for
// every client alike (the SDK, cURL, the editor's Output and function page), in the editor's own words.
import { formatLogLine } from '../python/logFormat';
import { findMissingModule, missingModuleMessage } from '../shared/traceback';

/** The line to add to a failure of `python` whose error text is `errorText`: one when an import is what failed, else none. */
export function missingModuleLines(python: string, errorText: string): string[] {
  const missing = findMissingModule(errorText);
  return missing ? [formatLogLine('ERROR', 'server', missingModuleMessage(python, missing))] : [];
}
