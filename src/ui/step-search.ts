// Finding a step in a replay, whose records are in step order and may each cover several steps (a model call's).

/** The index of the record showing `step`: the last one at or before it (the first record for earlier steps). */
export function recordAt(steps: readonly { stepIndex: number }[], step: number): number {
  let lo = 0;
  let hi = steps.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (steps[mid].stepIndex <= step) lo = mid;
    else hi = mid - 1;
  }
  return Math.max(0, lo);
}
