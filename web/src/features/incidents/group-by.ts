/** "team, environment region" -> ["team", "environment", "region"]: commas or spaces separate label names. */
export const makeGroupBy = (text: string): string[] => text.split(/[\s,]+/).filter(Boolean);

/** How the current group-by reads on the page. */
export const describeGroupBy = (groupBy: readonly string[]): string =>
  groupBy.length ? groupBy.join(", ") : "off (open incidents by hand)";
