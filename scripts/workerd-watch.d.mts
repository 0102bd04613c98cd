// Types for workerd-watch.mjs (the project type-checks TypeScript only; tests import the JavaScript).
export function workerdChildren(pid: number): number[];
export function watchRuntime(
  parentPid: number,
  onExit: (info: { pid: number; reason: string }) => Promise<boolean> | boolean,
  everyMs?: number,
): { stop(): void };
