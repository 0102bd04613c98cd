// Types for test-results.mjs (the project type-checks TypeScript only; tests import the JavaScript).
export interface AllowedSkip {
  file: string;
  test: string;
  why: string;
}
export function readAllowedSkips(file: string): AllowedSkip[];
export function countResults(
  report: { testResults?: { name: string; assertionResults?: { status: string; fullName: string }[] }[] },
  allowed: AllowedSkip[],
): {
  passed: number;
  failed: number;
  skipped: string[];
  unallowed: string[];
  failures: { id: string; message: string }[];
};
