// The MonitorObject's RPC surface (`durable/monitor/`): one object per monitor, addressed by its id.
import type { SentRecord } from "../../core/alerting/notify-plan";
import type { MonitorState } from "../../core/alerting/types";
import type { MonitorDef } from "../../core/contracts/alerting";

export interface LastCheck {
  at: number;
  ranAt: number;
  samples: { labels: Record<string, string>; value: number }[];
  error: string | null;
}

/** What the evaluator holds right now, for alert details and debugging. */
export interface MonitorSnapshot {
  definition: MonitorDef | null;
  state: MonitorState;
  nextCheckAt: number | null;
  lastCheck: LastCheck | null;
  sent: Record<string, SentRecord>;
  outbox: { id: string; status: string; attempts: number; last_error: string | null }[];
}

export interface MonitorRpc extends Rpc.DurableObjectBranded {
  /** (Re)initialise from a saved definition and (re)arm the alarm. State of existing signals is kept. */
  configure(def: MonitorDef): Promise<void>;
  stop(): Promise<void>;
  setNextCheckAt(at: number): Promise<void>;
  snapshot(): Promise<MonitorSnapshot>;
}
