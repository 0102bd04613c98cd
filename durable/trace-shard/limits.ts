/** Rows one shard reads for one request at most; beyond it answers are marked truncated. */
export const MAX_SCAN_ROWS = 600_000;
/** Spans returned for one trace at most (the UI cannot draw more; the download says so). */
export const MAX_TRACE_SPANS = 20_000;
