// Scoring a family exactly: a reply is right when it reads as one of the probe's accepted answers. Accuracy comes with
// a Wilson score interval, which stays inside [0, 1] and behaves at 0 % and 100 % and for small counts.

export interface Score {
  probes: number;
  /** Probes whose call failed for good: left out of the accuracy. */
  failed: number;
  /** Replies that could not be read as any answer of the family (counted wrong). */
  unread: number;
  correct: number;
  /** correct / (probes - failed); 0 when nothing was answered. */
  accuracy: number;
  /** 95 % Wilson score interval of the accuracy. */
  low: number;
  high: number;
}

/** 95 % two-sided. */
const Z95 = 1.959963984540054;

/**
 * Wilson score interval for `correct` successes out of `n`: centre (p + z^2/2n) / (1 + z^2/n), half-width
 * z / (1 + z^2/n) * sqrt(p(1-p)/n + z^2/4n^2). For n = 0 it is [0, 1].
 */
export function wilsonInterval(correct: number, n: number, z = Z95): [number, number] {
  if (n === 0) return [0, 1];
  const p = correct / n;
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // At 0 % and 100 % the bound is exactly 0 or 1; rounding would otherwise leave it a hair off.
  return [correct === 0 ? 0 : Math.max(0, centre - half), correct === n ? 1 : Math.min(1, centre + half)];
}

export function score(outcomes: ReadonlyArray<{ correct: boolean; answer: string | null; error: string | null }>): Score {
  const failed = outcomes.filter((o) => o.error !== null).length;
  const answered = outcomes.length - failed;
  const correct = outcomes.filter((o) => o.correct).length;
  const unread = outcomes.filter((o) => o.error === null && o.answer === null).length;
  const [low, high] = wilsonInterval(correct, answered);
  return { probes: outcomes.length, failed, unread, correct, accuracy: answered ? correct / answered : 0, low, high };
}
