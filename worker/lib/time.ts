import { ApiError } from "../../core/contracts/errors";

/** A query-string time: epoch ms, epoch seconds (Prometheus style, with a fraction) or ISO-8601. */
export function parseTime(text: string | undefined, fallback: number, name: string): number {
  if (text === undefined || text === "") return fallback;
  if (/^\d{13,}$/.test(text)) return Number(text);
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  const t = Date.parse(text);
  if (Number.isNaN(t))
    throw new ApiError(
      "VALIDATION",
      `${name} must be epoch ms, epoch seconds or ISO-8601 (got '${text.slice(0, 40)}')`,
    );
  return t;
}
