// Byte ranges of a body (the replay video is served with them, so a <video> can seek in it).
import fs = require('fs');
import type { ServerResponse, IncomingMessage } from 'http';

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

/** Sends a file with `Accept-Ranges: bytes`: the whole, one range (206) or 416 for a range past its end. */
export function sendFileRange(req: IncomingMessage, res: ServerResponse, file: string, size: number, contentType: string): void {
  const headers = { 'Content-Type': contentType, 'Accept-Ranges': 'bytes', 'Cache-Control': 'no-store' };
  const range = parseByteRange(req.headers.range, size);
  if (range === 'unsatisfiable') {
    res.writeHead(416, { ...headers, 'Content-Range': `bytes */${size}`, 'Content-Length': 0 });
    res.end();
    return;
  }
  const { start, end } = range ?? { start: 0, end: size - 1 };
  res.writeHead(range ? 206 : 200, { ...headers, ...(range ? { 'Content-Range': `bytes ${start}-${end}/${size}` } : {}), 'Content-Length': size === 0 ? 0 : end - start + 1 });
  if (size === 0 || req.method === 'HEAD') {
    res.end();
    return;
  }
  fs.createReadStream(file, { start, end })
    .on('error', () => res.destroy())
    .pipe(res);
}
