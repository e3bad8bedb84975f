// A small multipart/form-data parser for function uploads (a .py file and a few text fields).

export interface MultipartPart {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

export function boundaryOf(contentType: string | undefined): string | undefined {
  if (!contentType || !/^multipart\/form-data\b/i.test(contentType)) return undefined;
  const match = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  return match ? (match[1] ?? match[2]) : undefined;
}

/** Parses the parts of a body; throws an Error with a readable message on malformed input. */
export function parseMultipart(body: Buffer, boundary: string): MultipartPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: MultipartPart[] = [];
  let position = body.indexOf(delimiter);
  if (position < 0) throw new Error('The multipart body has no part.');
  for (;;) {
    position += delimiter.length;
    if (body[position] === 0x2d && body[position + 1] === 0x2d) break; // closing "--"
    if (body[position] === 0x0d && body[position + 1] === 0x0a) position += 2;
    else if (body[position] === 0x0a) position += 1;
    else throw new Error('The multipart body is malformed.');
    let headerEnd = body.indexOf('\r\n\r\n', position);
    let separatorLength = 4;
    if (headerEnd < 0) {
      headerEnd = body.indexOf('\n\n', position);
      separatorLength = 2;
    }
    if (headerEnd < 0) throw new Error('A multipart part has no end of headers.');
    const headers = body.subarray(position, headerEnd).toString('utf8').split(/\r?\n/);
    const next = body.indexOf(delimiter, headerEnd + separatorLength);
    if (next < 0) throw new Error('The multipart body is not closed.');
    let dataEnd = next;
    if (body[dataEnd - 1] === 0x0a) dataEnd--;
    if (body[dataEnd - 1] === 0x0d) dataEnd--;
    const part: MultipartPart = { name: '', data: body.subarray(headerEnd + separatorLength, Math.max(dataEnd, headerEnd + separatorLength)) };
    for (const header of headers) {
      const colon = header.indexOf(':');
      if (colon < 0) continue;
      const key = header.slice(0, colon).trim().toLowerCase();
      const value = header.slice(colon + 1).trim();
      if (key === 'content-disposition') {
        part.name = paramOf(value, 'name') ?? '';
        const filename = paramOf(value, 'filename');
        if (filename !== undefined) part.filename = filename;
      } else if (key === 'content-type') {
        part.contentType = value;
      }
    }
    parts.push(part);
    position = next;
  }
  return parts;
}

function paramOf(header: string, name: string): string | undefined {
  const match = new RegExp(`(?:^|;)\\s*${name}=(?:"((?:[^"\\\\]|\\\\.)*)"|([^;]*))`, 'i').exec(header);
  if (!match) return undefined;
  return match[1] !== undefined ? match[1].replace(/\\(.)/g, '$1') : match[2].trim();
}
