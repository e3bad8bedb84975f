// What the function page's two bench sides share (page.ts runs in the bench, pageHost.ts in the extension host).
export const TRIVIAL_ID = 'notte-bench-trivial';
export const BENCH_FUNCTION = 'lines';

/** One open the bench is asked to find the paint of (the host writes n, kind and phase before its command). */
export interface OpenRequest {
  n: number;
  kind: 'page' | 'trivial';
  phase: 'warm-up' | 'cold' | 'warm' | 'stream';
  /** Date.now() just before the command. */
  startedAt: number;
}

export interface OpenResult extends OpenRequest {
  /** Date.now() in the extension host when the command (or createWebviewPanel and the HTML set) returned. */
  answeredAt: number;
  /** Date.now() in the webview frame when its window was made. */
  createdAt: number;
  /** Date.now() in the frame when the form (or the heading) first existed in its document. */
  foundAt: number;
  /** Date.now() in the frame when it was first both there and shown (VS Code shows a new frame once its document has loaded). */
  shownAt: number;
  /** Date.now() in the frame when the frame after that was painted. */
  paintedAt: number;
}
