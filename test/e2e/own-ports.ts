// Start Vigil for a browser test with BOTH of its ports chosen by the caller (the harness default puts the
// inspector at port+50, which lands in another engineer's port block on a shared machine).
import { startVigil, type RestartableVigil } from "../compat/harness";

export function startVigilOn(port: number, inspectorPort: number): Promise<RestartableVigil> {
  return startVigil({ port, inspectorPort });
}
