// In the encoder page (one per browser, on the local server's own origin: WebCodecs needs a secure
// context): a video encoder per recording (the codec is the server's REPLAY_CODEC). Frames come in as
// base64 JPEG; each encoded chunk goes back to the server through the CDP binding `__notteEncoded` as
// JSON. A recording whose page stays still has its encoder closed (`rest`): a VP9 encoder holds about
// 80 MiB; the next frame opens a new one, starting with a key frame. Self-contained: installed with evaluate.
// eslint-disable-next-line max-lines-per-function -- installEncoder runs inside the page through evaluate, so its helpers must be inside it
export function installEncoder(codec: string): void {
  interface Track {
    /** Undefined while the recording rests. */
    encoder?: VideoEncoder;
    width: number;
    height: number;
    canvas: OffscreenCanvas;
    chain: Promise<void>;
  }
  const send = (message: unknown) => (window as unknown as { __notteEncoded(text: string): void }).__notteEncoded(JSON.stringify(message));
  const tracks = new Map<string, Track>();
  const toBase64 = (bytes: Uint8Array) => {
    let text = '';
    for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(text);
  };
  const open = (id: string, width: number, height: number) => {
    const encoder = new VideoEncoder({
      output: (chunk) => {
        const bytes = new Uint8Array(chunk.byteLength);
        chunk.copyTo(bytes);
        send({ id, key: chunk.type === 'key', at: chunk.timestamp, data: toBase64(bytes) });
      },
      error: (error) => send({ id, error: String(error) }),
    });
    encoder.configure({ codec, width, height, bitrate: 600_000, framerate: 10, latencyMode: 'realtime' });
    return encoder;
  };
  const closeEncoder = async (track: Track) => {
    const encoder = track.encoder;
    track.encoder = undefined;
    if (encoder?.state === 'configured') await encoder.flush();
    if (encoder && encoder.state !== 'closed') encoder.close();
  };
  (window as unknown as { __notteEncoder: unknown }).__notteEncoder = {
    start(id: string, width: number, height: number) {
      tracks.set(id, { encoder: open(id, width, height), width, height, canvas: new OffscreenCanvas(width, height), chain: Promise.resolve() });
    },
    frame(id: string, jpeg: string, at: number, keyFrame: boolean) {
      const track = tracks.get(id);
      if (!track) return;
      track.chain = track.chain.then(async () => {
        const bytes = Uint8Array.from(atob(jpeg), (c) => c.charCodeAt(0));
        const bitmap = await createImageBitmap(new Blob([bytes], { type: 'image/jpeg' }));
        const context = track.canvas.getContext('2d') as OffscreenCanvasRenderingContext2D;
        context.drawImage(bitmap, 0, 0, track.canvas.width, track.canvas.height);
        bitmap.close();
        const frame = new VideoFrame(track.canvas, { timestamp: at });
        // After a rest the new encoder's first frame is a key frame anyway.
        track.encoder ??= open(id, track.width, track.height);
        if (track.encoder.state === 'configured') track.encoder.encode(frame, { keyFrame });
        frame.close();
      });
      track.chain = track.chain.catch((error) => send({ id, error: String(error) }));
    },
    rest(id: string) {
      const track = tracks.get(id);
      if (!track) return;
      track.chain = track.chain.then(() => closeEncoder(track)).catch((error) => send({ id, error: String(error) }));
    },
    finish(id: string) {
      const track = tracks.get(id);
      if (!track) return send({ id, done: true });
      track.chain = track.chain
        .then(() => closeEncoder(track))
        .catch((error) => send({ id, error: String(error) }))
        .finally(() => {
          tracks.delete(id);
          send({ id, done: true });
        });
    },
  };
}
