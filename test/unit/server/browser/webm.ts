// A small reader of WebM's EBML structure, enough to check a replay: the EBML magic, the doc type, the
// duration in Segment > Info, the video track's codec, and whether the file has Cues (what lets a player seek).
export interface WebmFacts {
  docType: string;
  /** The first track's CodecID (V_VP9, V_VP8…). */
  codec: string;
  durationMs: number;
  hasCues: boolean;
  clusters: number;
}

function readVint(buf: Buffer, at: number, keepMarker: boolean): { value: number; length: number } {
  const first = buf[at];
  let length = 1;
  while (length <= 8 && !(first & (0x80 >> (length - 1)))) length++;
  let value = keepMarker ? first : first & (0xff >> length);
  for (let i = 1; i < length; i++) value = value * 256 + buf[at + i];
  return { value, length };
}

export function readWebm(buf: Buffer): WebmFacts {
  const facts: WebmFacts = { docType: '', codec: '', durationMs: NaN, hasCues: false, clusters: 0 };
  let timecodeScale = 1_000_000;
  let rawDuration = NaN;
  const walk = (start: number, end: number) => {
    let at = start;
    while (at < end) {
      const id = readVint(buf, at, true);
      const size = readVint(buf, at + id.length, false);
      const body = at + id.length + size.length;
      // An unknown size (all ones) runs to the end of the parent.
      const bodyEnd = size.value === 2 ** (7 * size.length) - 1 ? end : Math.min(end, body + size.value);
      switch (id.value) {
        case 0x1a45dfa3: // EBML header
          walk(body, bodyEnd);
          break;
        case 0x4282: // DocType
          facts.docType = buf.toString('ascii', body, bodyEnd);
          break;
        case 0x18538067: // Segment
        case 0x1549a966: // Info
        case 0x1654ae6b: // Tracks
        case 0xae: // TrackEntry
          walk(body, bodyEnd);
          break;
        case 0x86: // CodecID
          facts.codec ||= buf.toString('ascii', body, bodyEnd);
          break;
        case 0x2ad7b1: // TimecodeScale
          timecodeScale = buf.readUIntBE(body, bodyEnd - body);
          break;
        case 0x4489: // Duration
          rawDuration = bodyEnd - body === 8 ? buf.readDoubleBE(body) : buf.readFloatBE(body);
          break;
        case 0x1c53bb6b: // Cues
          facts.hasCues = true;
          break;
        case 0x1f43b675: // Cluster
          facts.clusters++;
          break;
      }
      at = bodyEnd;
    }
  };
  walk(0, buf.length);
  facts.durationMs = (rawDuration * timecodeScale) / 1e6;
  return facts;
}
