import type { Env } from "../env";
import type { SloRpc } from "./slo-rpc";

export type SloApi = Omit<SloRpc, typeof Rpc.__DURABLE_OBJECT_BRAND>;

export function sloStub(env: Env, sloId: string): SloApi {
  return env.SLO.get(env.SLO.idFromName(sloId)) as unknown as SloApi;
}
