// Types for resume.mjs.
import type { StoredSeries } from "./metric-store.mjs";
export const LOOKBACK: string;
export const COUNTER_FAMILIES: string[];
export const HISTOGRAM_FAMILIES: string[];
export function selector(name: string, labels: Record<string, string>): string;
export function storedHistory(api: unknown, now: number): Promise<StoredSeries & { newest: number | null }>;
