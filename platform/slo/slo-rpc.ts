// The SloObject's RPC surface (`durable/slo/`): one object per SLO, addressed by its id. It keeps the SLO's
// per-minute good/total roll-ups, so long windows never rescan raw samples.
import type { SloDef, SloStatus } from "../../core/contracts/slos";

export interface GroupBurn {
  labels: Record<string, string>;
  long: number | null;
  short: number | null;
}

export interface SloRpc extends Rpc.DurableObjectBranded {
  /** (Re)configure; roll-ups are kept unless the SLI or grouping changed. */
  configure(def: SloDef): Promise<void>;
  stop(): Promise<void>;
  /** Burn rates per group over (at - long, at] and (at - short, at], from the roll-ups. */
  burn(longWindowMs: number, shortWindowMs: number, at: number): Promise<GroupBurn[]>;
  status(at: number): Promise<SloStatus>;
}
