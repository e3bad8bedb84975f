// A session's live frames: the `ws.recording` websocket, whose binary messages are JPEG frames (the last
// one at once on connect, then one each time the page changes). The `ws` package is read on the first
// socket only, from a file of its own beside the bundle (dist/ws.js), as undici is on the first request.
import type WebSocketType from 'ws';
import { NotteApiError } from './errors';
import { redactSecrets } from './redact';
import { packageBesideBundle } from './packageBesideBundle';

export interface FramesHandlers {
  onFrame(jpeg: Buffer): void;
  /** The socket closed (the session ended, the server went away, or close() was called), once. */
  onClose(reason: string): void;
}

export interface FramesSocket {
  close(): void;
  readonly open: boolean;
}

function wsPackage(): typeof WebSocketType {
  // The package is the class, with itself as a named export too (as in its bundle, built from its ESM entry).
  return packageBesideBundle<{ WebSocket: typeof WebSocketType }>('ws.js', 'ws').WebSocket;
}
const CONNECT_TIMEOUT_MS = 15_000;

/** Opens the frames socket; answers once it is open, or throws why it could not open (without the secrets). */
export function openFramesSocket(url: string, headers: Record<string, string>, handlers: FramesHandlers, secrets: (string | undefined)[]): Promise<FramesSocket> {
  const WebSocket = wsPackage();
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { headers: Object.fromEntries(Object.entries(headers).filter(([, v]) => v)), handshakeTimeout: CONNECT_TIMEOUT_MS });
    let opened = false;
    let closed = false;
    const close = (reason: string) => {
      if (closed || !opened) return;
      closed = true;
      handlers.onClose(redactSecrets(reason, secrets));
    };
    socket.binaryType = 'nodebuffer';
    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (isBinary) handlers.onFrame(data);
    });
    socket.on('open', () => {
      opened = true;
      resolve({
        close: () => {
          close('closed');
          socket.close(1000);
        },
        get open() {
          return !closed && socket.readyState === WebSocket.OPEN;
        },
      });
    });
    socket.on('close', (code: number, reason: Buffer) => close(reason.toString('utf8') || `code ${code}`));
    socket.on('error', (error: Error) => {
      const message = redactSecrets(error.message.split('\n')[0], secrets);
      if (!opened) reject(new NotteApiError(/40[13]/.test(message) ? 'auth' : 'network', `The session's live frames could not be opened: ${message}`));
      else close(message);
      socket.terminate();
    });
  });
}
