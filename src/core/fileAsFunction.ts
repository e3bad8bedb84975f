import vscode = require('vscode');
import type { FunctionVariable, NotteFunction } from '../api/types';
import type { WindowContext } from './windowContext';

/**
 * A function file as the variable prompts see it, for Run File Locally and Debug. A file linked to a
 * function is that function (its saved sets and last values are offered, as on its page and in Run
 * Function); any other file stands for a function of its own, whose values are remembered apart.
 */
export function fileAsFunction(ctx: WindowContext, file: string, variables: FunctionVariable[]): NotteFunction {
  const linked = ctx.linked.links.linkOf(vscode.Uri.file(file))?.link;
  // Named by its stem, as the local server and Upload as Function name it: the file and that function share
  // their saved sets (.notte/variables/<stem>.json), the ones New Function offers.
  const name = (file.split(/[\\/]/).pop() ?? file).replace(/\.py$/i, '');
  if (linked) return { function_id: linked.functionId, name: linked.name || linked.functionId, variables, created_at: '', updated_at: '' };
  return { function_id: `file:${file}`, name, variables, created_at: '', updated_at: '' };
}
