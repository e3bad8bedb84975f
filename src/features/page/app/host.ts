// The page's one way to the extension (checked messages) and to VS Code's saved state of the page.
import type { PageMessage, PageState } from '../protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function send(message: PageMessage): void {
  api.postMessage(message);
}

/** What VS Code keeps of the page across a reload (never a secret-looking field: it is stored in plain text). */
export function saveState(state: PageState): void {
  api.setState(state);
}
