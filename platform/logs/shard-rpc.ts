// The LogShard's RPC surface (`durable/log-shard/`): one UTC day of logs for the services hashed to it.
import type { LogLine } from "../../core/logs/contracts";
import type { LogHistogram } from "../../core/logs/histogram";
import type { LogRecordRow } from "../../core/otlp/logs/types";

export interface LogShardRpc extends Rpc.DurableObjectBranded {
  ingest(day: number, logs: LogRecordRow[]): Promise<{ inserted: number }>;
  search(input: unknown): Promise<{ lines: LogLine[]; scanned: number; truncated: boolean }>;
  histogram(input: unknown): Promise<{ histogram: LogHistogram; scanned: number; truncated: boolean }>;
  count(): Promise<number>;
}
