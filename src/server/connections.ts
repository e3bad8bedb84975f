// Slow clients must not starve the others. Node ends a connection whose request headers (or whole
// request) do not arrive in time (server.ts sets those timeouts), and this caps how many connections
// are open at once: past the cap, the oldest connection with no request in progress is closed to make
// room, one that never had a request answered first (a slow client's), else an idle keep-alive one. A
// connection busy with a request, a run's stream above all, is never closed for another; when every
// one is busy, the newcomer is.
import type http = require('http');
import type { Socket } from 'net';

export const DEFAULT_MAX_CONNECTIONS = 512;

export class ConnectionCap {
  /** Open connections, oldest first: how many requests each has in progress, and whether one was answered. */
  private readonly open = new Map<Socket, { requests: number; served: boolean }>();

  constructor(
    server: http.Server,
    private readonly max: number,
  ) {
    server.on('connection', (socket: Socket) => this.opened(socket));
    server.on('request', (req: http.IncomingMessage, res: http.ServerResponse) => {
      const state = this.open.get(req.socket);
      if (!state) return;
      state.requests++;
      res.once('close', () => {
        state.requests--;
        state.served = true;
      });
    });
  }

  get count(): number {
    return this.open.size;
  }

  private opened(socket: Socket): void {
    this.open.set(socket, { requests: 0, served: false });
    socket.once('close', () => this.open.delete(socket));
    if (this.open.size <= this.max) return;
    const idle = [...this.open].filter(([other, state]) => other !== socket && state.requests === 0);
    const [victim] = idle.find(([, state]) => !state.served) ?? idle[0] ?? [socket];
    victim.destroy();
    this.open.delete(victim);
  }
}
