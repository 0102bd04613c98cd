import { bundleForRun } from "./harness";

/** One worker bundle for every Vigil the suite starts (each file starts its own on fresh state). */
export default function setup(): () => void {
  return bundleForRun();
}
