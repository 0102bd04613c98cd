// Query memory budgets in bytes. A query over budget is refused as an execution error (HTTP 422) that says
// what to narrow, never a crash of the isolate.
import { PromQLError } from "../errors";
import { mib } from "./evaluate";

export function overWorkerBudget(bytes: number, max: number): PromQLError {
  return new PromQLError(
    "execution",
    `query needs more than its ${mib(max)} memory budget in the Worker (${mib(bytes)} of series and results): aggregate it (sum by, topk), narrow the selectors' matchers, shorten the time range or raise the step`,
  );
}
