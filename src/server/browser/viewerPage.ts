// The live viewer of a session (viewer_url, debug_url): a page showing its frames as they come over the
// frames websocket, which the function page can frame. Its links carry signed tokens, never the key.
function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export function viewerPage(sessionId: string, framesPath: string): string {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>Session ${escapeHtml(sessionId)}</title>
<style>html,body{margin:0;height:100%;background:#1e1e1e;color:#ccc;font:13px system-ui,sans-serif}
#frame{display:block;max-width:100%;max-height:calc(100% - 24px);margin:0 auto}#state{height:24px;line-height:24px;padding:0 8px}</style></head>
<body><div id="state">Connecting to session ${escapeHtml(sessionId)}…</div><img id="frame" alt="The session's browser">
<script>
(() => {
  const img = document.getElementById('frame');
  const state = document.getElementById('state');
  const url = new URL(${JSON.stringify(framesPath)}, location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  const socket = new WebSocket(url);
  socket.binaryType = 'blob';
  let previous;
  socket.onopen = () => (state.textContent = 'Live: session ${escapeHtml(sessionId)}');
  socket.onmessage = (event) => {
    if (typeof event.data === 'string') { state.textContent = event.data; return; }
    const next = URL.createObjectURL(event.data);
    img.src = next;
    if (previous) URL.revokeObjectURL(previous);
    previous = next;
  };
  socket.onclose = () => (state.textContent = 'The session ended (or the connection closed): the last frame stays shown.');
})();
</script></body></html>
`;
}
