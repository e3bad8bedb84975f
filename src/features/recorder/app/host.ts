// The panel's one way to the extension: checked messages (../protocol.ts).
import type { PanelMessage } from '../protocol';

interface VsCodeApi {
  postMessage(message: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();

export function send(message: PanelMessage): void {
  api.postMessage(message);
}
