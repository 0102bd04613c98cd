// The MonitorObject's RPC surface (`durable/monitor/`): one object per monitor, addressed by its id.
import type { CheckReport, HealthView } from "../../core/alerting/health";
import type { SentRecord } from "../../core/alerting/notify-plan";
import type { MonitorState } from "../../core/alerting/types";
import type { MonitorDef } from "../../core/contracts/alerting";
import type { Ack, AckPerson } from "../../core/oncall/ack";

/** An acknowledgement command's outcome; errors are values (RPC exceptions lose their type). */
export type AckResult = { ack: Ack | null; changed: boolean } | { error: "NOT_FOUND" | "CONFLICT"; message: string };

/** The last check: what it did (CheckReport: times, duration, series, error) and the first 200 samples it saw. */
export interface LastCheck extends CheckReport {
  samples: { labels: Record<string, string>; value: number }[];
}

/** What the evaluator holds right now, for alert details and debugging. */
export interface MonitorSnapshot {
  definition: MonitorDef | null;
  state: MonitorState;
  nextCheckAt: number | null;
  lastCheck: LastCheck | null;
  health: HealthView;
  /** Until when a missing series is not evidence: Vigil's own checks ran late (it was down) just before. */
  dataGapUntil: number | null;
  sent: Record<string, SentRecord>;
  acks: Record<string, Ack>;
  outbox: { id: string; status: string; attempts: number; last_error: string | null }[];
}

export interface MonitorRpc extends Rpc.DurableObjectBranded {
  /** (Re)initialise from a saved definition and (re)arm the alarm. State of existing signals is kept. */
  configure(def: MonitorDef): Promise<void>;
  stop(): Promise<void>;
  setNextCheckAt(at: number): Promise<void>;
  snapshot(): Promise<MonitorSnapshot>;
  /** Acknowledge one firing alert (core/oncall/ack.ts); the first acknowledgement stands. */
  acknowledge(cmd: { alertId: string; by: AckPerson; comment: string; at: number }): Promise<AckResult>;
  /** Withdraw the acknowledgement of the alert's signal; repeats resume. */
  unacknowledge(cmd: { alertId: string; by: AckPerson; comment: string; at: number }): Promise<AckResult>;
  /** Drop the object's in-memory instance (it restarts from its stored state at the next call or alarm). */
  restart(): Promise<void>;
}
