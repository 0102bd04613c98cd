// The format a chunk is stored in. The open head chunk is always XOR (chunk.ts), since its appender is the hot
// path and resumes bit for bit; when a chunk is written to its row (sealed, checkpointed or evicted) it is
// re-encoded as an integer chunk (int-chunk.ts) if its values allow and that is smaller. A row of either
// format, including rows written before integer chunks existed, decodes through chunk-decode.ts and resumes
// here.
import { BITS_HI, BITS_LO, ChunkAppender } from "./chunk";
import { chunkCount, decodeChunkInto } from "./chunk-decode";
import { INT_CHUNK_TAG, encodeIntChunk } from "./int-chunk";

let ts = new Float64Array(256);
let bits = new Uint32Array(512);

/** Decode every sample of `bytes` into the module's scratch arrays; returns how many. */
function decodeAll(bytes: Uint8Array): number {
  const n = chunkCount(bytes);
  if (ts.length < n) {
    ts = new Float64Array(n);
    bits = new Uint32Array(2 * n);
  }
  return decodeChunkInto(bytes, -Infinity, Infinity, ts, bits, 0);
}

/** The bytes to store for an XOR chunk: its integer encoding when that exists and is smaller, else itself. */
export function storedChunk(xor: Uint8Array): Uint8Array {
  const n = decodeAll(xor);
  const packed = encodeIntChunk(ts, bits, n);
  return packed && packed.length < xor.length ? packed : xor;
}

/** An appender that continues a stored chunk of any format. */
export function resumeChunk(bytes: Uint8Array): ChunkAppender {
  if (bytes.length === 0 || bytes[0] !== INT_CHUNK_TAG) return ChunkAppender.resume(bytes);
  const n = decodeAll(bytes);
  const app = new ChunkAppender();
  for (let i = 0; i < n; i++) app.appendBits(ts[i], bits[2 * i + BITS_HI], bits[2 * i + BITS_LO]);
  return app;
}

/** The first sample time of a stored chunk (0 when it is empty). */
export function firstSampleTime(bytes: Uint8Array): number {
  return decodeAll(bytes) > 0 ? ts[0] : 0;
}
