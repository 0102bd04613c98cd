import { z } from "zod";
import { ApiError, formatZodError } from "../../core/contracts/errors";
import { ScopeParseError } from "../../core/scope/trace-scope";
import { ParamError } from "../../core/traces/time-params";

/** Turns parameter errors of the pure parsers into Vigil's VALIDATION envelope. */
export function validating<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof ParamError || e instanceof ScopeParseError) throw new ApiError("VALIDATION", e.message);
    if (e instanceof z.ZodError) throw new ApiError("VALIDATION", formatZodError(e), e.issues.slice(0, 20));
    throw e;
  }
}
