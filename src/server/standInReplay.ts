// The local server's STAND-IN replay video: one short committed clip (assets/stand-in-replay.webm) that
// every simulated session's replay.mp4 answers with. It is not a recording of anything: there is no
// browser here. It shows "Local server stand-in replay — no real browser" and a running clock, so a
// player (the function page's <video>) has something that plays and can be seeked.
//
// WebM (VP8), not MP4/H.264: desktop VS Code's Electron cannot play H.264. The URL keeps the API's
// `replay.mp4` name (the SDK only downloads the bytes); the Content-Type says what they are.
//
// Made once with ffmpeg, by the command in assets/README.md (not a build step: nothing needs ffmpeg).
import fs = require('fs');
import path = require('path');

export const STAND_IN_REPLAY_FILE = 'stand-in-replay.webm';
export const STAND_IN_REPLAY_TYPE = 'video/webm';

/** dist/assets next to the bundle (dist/local-server.js or dist/server/*.js), or src/server/assets from out/. */
export function standInReplayPath(): string {
  const candidates = [
    path.join(__dirname, 'assets', STAND_IN_REPLAY_FILE),
    path.join(__dirname, '..', 'assets', STAND_IN_REPLAY_FILE),
    path.resolve(__dirname, '..', '..', '..', 'src', 'server', 'assets', STAND_IN_REPLAY_FILE),
    path.resolve(__dirname, '..', 'src', 'server', 'assets', STAND_IN_REPLAY_FILE),
  ];
  return candidates.find((file) => fs.existsSync(file)) ?? candidates[0];
}

let cached: Buffer | undefined;

/** The clip's bytes (read once); undefined when the install lacks it. */
export function standInReplay(): Buffer | undefined {
  if (!cached) {
    try {
      cached = fs.readFileSync(standInReplayPath());
    } catch {
      return undefined;
    }
  }
  return cached;
}

export type ByteRange = { start: number; end: number } | 'unsatisfiable';

/**
 * A `Range: bytes=…` header against a body of `size` bytes (RFC 9110 §14): one range, `a-b`, `a-` or
 * `-n` (the last n bytes). Answers undefined to send the whole body (no header, another unit, several
 * ranges or a malformed one: a server may ignore those), 'unsatisfiable' for a range past the end.
 */
export function parseByteRange(header: string | undefined, size: number): ByteRange | undefined {
  if (!header) return undefined;
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const end = match[2] === '' ? size - 1 : Math.min(Number(match[2]), size - 1);
  if (start >= size) return 'unsatisfiable';
  if (end < start) return undefined;
  return { start, end };
}
