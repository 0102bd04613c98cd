import type { AttrValue, Attributes } from "../traces/otlp-values";

/** One decoded log record. Times are integer microseconds; ids lowercase hex or "". */
export interface LogRecordRow {
  timeUs: number;
  observedUs: number;
  severityNumber: number;
  severityText: string;
  body: AttrValue;
  service: string;
  resource: Attributes;
  attributes: Attributes;
  scopeName: string;
  traceId: string;
  spanId: string;
  eventName: string;
}

/** OTLP SeverityNumber ranges: 1-4 TRACE, 5-8 DEBUG, 9-12 INFO, 13-16 WARN, 17-20 ERROR, 21-24 FATAL. */
export const severityLevels = { trace: 1, debug: 5, info: 9, warn: 13, error: 17, fatal: 21 } as const;
export type SeverityLevel = keyof typeof severityLevels;

export function severityLevelOf(n: number): SeverityLevel | "unspecified" {
  if (n >= 21) return "fatal";
  if (n >= 17) return "error";
  if (n >= 13) return "warn";
  if (n >= 9) return "info";
  if (n >= 5) return "debug";
  if (n >= 1) return "trace";
  return "unspecified";
}

/** Senders that leave severityNumber unset but give a text get a number inferred from the text. */
export function severityFromText(text: string): number {
  const t = text.trim().toLowerCase();
  if (t.startsWith("fatal") || t === "critical" || t === "crit" || t === "emerg" || t === "alert") return 21;
  if (t.startsWith("err")) return 17;
  if (t.startsWith("warn")) return 13;
  if (t.startsWith("info") || t === "notice") return 9;
  if (t.startsWith("debug")) return 5;
  if (t.startsWith("trace")) return 1;
  return 0;
}

export const severityNumberNames: Record<string, number> = Object.fromEntries(
  ["TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL"]
    .flatMap((name, i) => [1, 2, 3, 4].map((k) => [`SEVERITY_NUMBER_${name}${k === 1 ? "" : k}`, i * 4 + k]))
    .concat([["SEVERITY_NUMBER_UNSPECIFIED", 0]]),
);
