// Symptom attributes: keys that describe a span's failure itself. On "error spans vs successful spans" they are
// true by construction (an HTTP 503 or an error message sits only on failing spans) and say nothing about the cause,
// so trace DDx keeps them in the list, marked, after the cause candidates (docs/DDX.md "The trace score").
// Vigil stores the span status and its message in their own columns, not among the attributes DDx reads, so what
// reaches DDx is what the instrumentation put in attributes: error.*, exception.*, status codes, otel.status_*.

const EXACT = new Set([
  "error",
  "http.status_code",
  "http.response.status_code",
  "http.status_text",
  "rpc.grpc.status_code",
  "grpc.status_code",
  "rpc.connect_rpc.error_code",
  "rpc.jsonrpc.error_code",
  "rpc.jsonrpc.error_message",
  "db.response.status_code",
  "status.code",
  "status.message",
  "status_message",
]);
const PREFIXES = ["error.", "exception.", "otel.status_"];

export function isSymptomKey(key: string): boolean {
  return EXACT.has(key) || PREFIXES.some((p) => key.startsWith(p));
}
