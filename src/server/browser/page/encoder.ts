// In the encoder page (one per browser, on the local server's own origin: WebCodecs needs a secure
// context): a video encoder per recording (the codec is the server's REPLAY_CODEC). Frames come in as base64 JPEG; each encoded chunk goes back
// to the server through the CDP binding `__notteEncoded` as JSON. Self-contained: installed with evaluate.
export function installEncoder(codec: string): void {
  interface Track {
    encoder: VideoEncoder;
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
  (window as unknown as { __notteEncoder: unknown }).__notteEncoder = {
    start(id: string, width: number, height: number) {
      const encoder = new VideoEncoder({
        output: (chunk) => {
          const bytes = new Uint8Array(chunk.byteLength);
          chunk.copyTo(bytes);
          send({ id, key: chunk.type === 'key', at: chunk.timestamp, data: toBase64(bytes) });
        },
        error: (error) => send({ id, error: String(error) }),
      });
      encoder.configure({ codec, width, height, bitrate: 600_000, framerate: 10, latencyMode: 'realtime' });
      tracks.set(id, { encoder, canvas: new OffscreenCanvas(width, height), chain: Promise.resolve() });
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
        if (track.encoder.state === 'configured') track.encoder.encode(frame, { keyFrame });
        frame.close();
      });
      track.chain = track.chain.catch((error) => send({ id, error: String(error) }));
    },
    finish(id: string) {
      const track = tracks.get(id);
      if (!track) return send({ id, done: true });
      track.chain = track.chain
        .then(async () => {
          if (track.encoder.state === 'configured') await track.encoder.flush();
        })
        .catch((error) => send({ id, error: String(error) }))
        .finally(() => {
          if (track.encoder.state !== 'closed') track.encoder.close();
          tracks.delete(id);
          send({ id, done: true });
        });
    },
  };
}
