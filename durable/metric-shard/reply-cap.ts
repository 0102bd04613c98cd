// Index answers (series label sets, label values) grow with cardinality, not with the time range: a few
// hundred thousand series in one shard would pass the 32 MiB limit on one RPC value (workerd does not
// enforce it locally, Cloudflare does). They are capped in bytes here, well below it, and a request past the
// cap is refused as a limit with what to narrow (HTTP 422), never a failed RPC.
import { z } from "zod";
import type { Labels } from "../../core/promql/types";
import { LIMIT_ERROR_PREFIX } from "../../platform/metrics/shard-rpc";

export const INDEX_REPLY_BYTES = 16 * 1024 * 1024;

export const indexLimitsSchema = z
  .object({ maxBytes: z.number().int().positive().max(INDEX_REPLY_BYTES).optional() })
  .strict()
  .default({});

/** A string structured-cloned: two bytes a code unit at worst, plus its header. */
const strBytes = (s: string) => 2 * s.length + 8;

function over(what: string, maxBytes: number): Error {
  return new Error(
    `${LIMIT_ERROR_PREFIX} the ${what} exceed ${Math.round(maxBytes / 1024)} KiB in one shard: narrow the matchers or the time range`,
  );
}

export function capLabels(list: Labels[], maxBytes = INDEX_REPLY_BYTES): Labels[] {
  let bytes = 0;
  for (const l of list) {
    bytes += 32;
    for (const k in l) bytes += strBytes(k) + strBytes(l[k]);
    if (bytes > maxBytes) throw over("matching series' label sets", maxBytes);
  }
  return list;
}

export function capStrings(list: string[], what: string, maxBytes = INDEX_REPLY_BYTES): string[] {
  let bytes = 0;
  for (const s of list) {
    bytes += strBytes(s);
    if (bytes > maxBytes) throw over(what, maxBytes);
  }
  return list;
}
