// The decoded, transport-neutral shape of OTLP's common.proto messages. Both the protobuf and the JSON
// decoders produce exactly these values, so signal decoders (metrics, traces, logs) share one model.

/** An OTLP AnyValue. int64 values become numbers when they are safe integers and decimal strings otherwise,
 * so a decoded value always survives JSON.stringify. kvlist values are null-prototype records. */
export type AnyValue = string | number | boolean | null | Uint8Array | AnyValue[] | { [key: string]: AnyValue };

/** Attributes keyed by name; the last duplicate key wins (as the collector's pdata does). Null prototype, so a
 * key like `__proto__` is an ordinary key. */
export type Attributes = Record<string, AnyValue>;

export interface Resource {
  attributes: Attributes;
  droppedAttributesCount: number;
}

export interface InstrumentationScope {
  name: string;
  version: string;
  attributes: Attributes;
  droppedAttributesCount: number;
}

/** A malformed OTLP payload. Routes answer it with 400 and an OTLP Status in the request's content type. */
export class OtlpDecodeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "OtlpDecodeError";
  }
}

/** Nesting limit for AnyValue arrays/kvlists: deep enough for real data, shallow enough to keep the stack safe. */
export const MAX_ANY_VALUE_DEPTH = 32;

export function emptyAttributes(): Attributes {
  return Object.create(null) as Attributes;
}

export function emptyResource(): Resource {
  return { attributes: emptyAttributes(), droppedAttributesCount: 0 };
}

export function emptyScope(): InstrumentationScope {
  return { name: "", version: "", attributes: emptyAttributes(), droppedAttributesCount: 0 };
}
