// Reading ingest bodies safely: the declared length, the streamed length and (for gzip) the decompressed
// length are all capped, so neither a lying Content-Length nor a zip bomb can exhaust the isolate's memory.
import { ApiError } from "../../core/contracts/errors";

export const DEFAULT_MAX_BODY_BYTES = 10 * 1024 * 1024;

export interface ReadBodyOptions {
  /** Content-Encodings handed back undecoded for the caller to handle (remote_write's `snappy`). */
  passthroughEncodings?: string[];
}

async function readCapped(stream: ReadableStream<Uint8Array>, maxBytes: number, what: string): Promise<Uint8Array> {
  const reader = stream.getReader();
  const parts: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        throw new ApiError("PAYLOAD_TOO_LARGE", `${what} exceeds the limit of ${maxBytes} bytes`);
      }
      parts.push(value);
    }
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError("BAD_REQUEST", `could not read ${what}: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(total);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.byteLength;
  }
  return out;
}

/** The request body as bytes, gzip decoded, at most `maxBytes` both on the wire and decompressed.
 * Throws ApiError PAYLOAD_TOO_LARGE (413), BAD_REQUEST (400, corrupt gzip) or UNSUPPORTED_MEDIA_TYPE (415,
 * unknown Content-Encoding); wire-protocol routes re-render these in their own envelope. */
export async function readBody(
  req: Request,
  maxBytes = DEFAULT_MAX_BODY_BYTES,
  opts: ReadBodyOptions = {},
): Promise<Uint8Array> {
  const declared = req.headers.get("content-length");
  if (declared !== null && Number(declared) > maxBytes) {
    throw new ApiError("PAYLOAD_TOO_LARGE", `body is ${declared} bytes; the limit is ${maxBytes}`);
  }
  const encoding = (req.headers.get("content-encoding") ?? "").trim().toLowerCase();
  if (
    encoding !== "" &&
    encoding !== "identity" &&
    encoding !== "gzip" &&
    !opts.passthroughEncodings?.includes(encoding)
  ) {
    throw new ApiError(
      "UNSUPPORTED_MEDIA_TYPE",
      `unsupported Content-Encoding '${encoding}'; send gzip or no encoding`,
    );
  }
  if (!req.body) return new Uint8Array(0);
  const raw = await readCapped(req.body, maxBytes, "body");
  if (encoding !== "gzip") return raw;
  const inflated = new Blob([raw]).stream().pipeThrough(new DecompressionStream("gzip"));
  try {
    return await readCapped(inflated, maxBytes, "decompressed body");
  } catch (e) {
    if (e instanceof ApiError && e.code === "BAD_REQUEST") throw new ApiError("BAD_REQUEST", "body is not valid gzip");
    throw e;
  }
}
