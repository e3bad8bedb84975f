// Small texts of the UI that are not times or runs: a Python parameter as people read it, a long id
// shortened. No vscode import.
import { FunctionVariable, hasDefault } from '../api/types';

/** "url: str = 'https://example.com'" as a person reads a Python signature. */
export function describeVariable(variable: FunctionVariable): string {
  let text = variable.name;
  if (variable.type) text += `: ${variable.type}`;
  if (hasDefault(variable)) text += ` = ${variable.default}`;
  return text;
}

/** "68a286f5…442b": an id too long to read whole, for a detail line (the whole id stays in tooltips). */
export function shortId(id: string): string {
  return id.length > 14 ? `${id.slice(0, 8)}…${id.slice(-4)}` : id;
}

/** A message as a sentence: capitalised, ending with one full stop (none added after one it has). */
export function asSentence(text: string): string {
  const capital = text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}
