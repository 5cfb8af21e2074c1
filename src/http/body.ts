/**
 * Reading request bodies with a byte limit that holds before the body is buffered: a declared
 * Content-Length over the limit is refused at once, and a streamed body is cut off as soon as it
 * passes the limit.
 *
 * @example
 *   const bytes = await readBody(c.req.raw, 32 * 1024 * 1024);
 */
import { ApiError } from './errors.js';

export async function readBody(request: Request, maxBytes: number): Promise<Uint8Array> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > maxBytes) throw tooLarge(maxBytes, Number(declared));
  if (request.body === null) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await readChunk(reader);
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel();
      throw tooLarge(maxBytes);
    }
    chunks.push(value);
  }
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return out;
}

/** A client that goes away mid-body is a 400 of its own, not an unhandled server error. */
async function readChunk(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<ReadableStreamReadResult<Uint8Array>> {
  try {
    return await reader.read();
  } catch (err) {
    throw new ApiError(400, 'body_incomplete', `the request body could not be read to its end (${err instanceof Error ? err.message : String(err)})`);
  }
}

/** Parses a JSON request body (size-limited); malformed JSON is a 400. */
export async function readJson(request: Request, maxBytes: number): Promise<unknown> {
  const type = request.headers.get('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type)) {
    throw new ApiError(415, 'unsupported_media_type', 'send the body as application/json');
  }
  // The body is read as UTF-8 (RFC 8259); another declared charset would be silently misread.
  const charset = /;\s*charset\s*=\s*"?([^";\s]*)/i.exec(type)?.[1].toLowerCase();
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8') {
    throw new ApiError(415, 'unsupported_media_type', `charset ${JSON.stringify(charset)} is not supported; send UTF-8 JSON`);
  }
  const bytes = await readBody(request, maxBytes);
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes));
  } catch {
    throw new ApiError(400, 'bad_json', 'the body is not valid JSON');
  }
}

function tooLarge(limit: number, declared?: number): ApiError {
  return new ApiError(413, 'body_too_large', `the body exceeds the limit of ${limit} bytes`, {
    limit,
    ...(declared !== undefined ? { declared } : {}),
  });
}
