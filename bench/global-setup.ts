import { bundleForRun } from "../test/compat/harness";

/** One worker bundle for every Vigil the benchmarks start (each file starts its own on fresh state). */
export default function setup(): () => void {
  return bundleForRun();
}
