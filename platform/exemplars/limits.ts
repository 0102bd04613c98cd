// How many exemplars Vigil keeps: Prometheus' default exemplar buffer (--storage.exemplars.exemplars-limit,
// 100,000), split over a fixed number of store objects by series hash. Exemplars are a recent-window aid (a
// point on a chart that opens a trace), so a bounded buffer that evicts the oldest is the expected behaviour.
export const EXEMPLAR_STORES = 4;
export const EXEMPLARS_PER_STORE = 25_000;
/** Exemplars one write sends to a store in one RPC call: well inside the 32 MiB RPC limit. */
export const EXEMPLARS_PER_CALL = 5_000;
