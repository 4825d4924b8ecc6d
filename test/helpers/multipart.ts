/** A part of a multipart/form-data body: its field name, the file name when it is a file, and its bytes. */
export interface FormPart {
  name: string;
  fileName: string | null;
  bytes: Buffer;
}

/**
 * Splits a multipart/form-data body into its parts. Written for the fakes rather than taken from
 * fetch's FormData reader, which refuses what grammY sends (`content-disposition:form-data;name="x";filename=x.png`,
 * without spaces or quotes), though Telegram takes it: headers are read as loosely here.
 */
export function parseMultipart(body: Buffer, contentType: string): FormPart[] {
  const boundary = /boundary="?([^";]+)"?/i.exec(contentType)?.[1];
  if (!boundary) throw new Error('multipart body without a boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let at = body.indexOf(delimiter);
  while (at >= 0) {
    const start = at + delimiter.length;
    if (body.subarray(start, start + 2).toString() === '--') break;
    const next = body.indexOf(delimiter, start);
    if (next < 0) break;
    // Each part: CRLF, headers, CRLF CRLF, content, CRLF before the next delimiter.
    const part = body.subarray(start + 2, next - 2);
    const split = part.indexOf('\r\n\r\n');
    const headers = part.subarray(0, split).toString('utf8');
    const disposition = /content-disposition\s*:\s*([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    parts.push({
      name: /\bname="([^"]*)"/i.exec(disposition)?.[1] ?? '',
      // Quoted, or (grammY) bare to the end of the header.
      fileName:
        /\bfilename=(?:"([^"]*)"|([^;]*))/i
          .exec(disposition)
          ?.slice(1)
          .find((v) => v !== undefined) ?? null,
      bytes: Buffer.from(part.subarray(split + 4)),
    });
    at = next;
  }
  return parts;
}
