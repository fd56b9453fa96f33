/** Small statistics helpers for the benchmark. */

export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of no values');
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

/**
 * The exponent k in time ∝ n^k between two sizes: 1.0 is linear, 2.0 quadratic. Undefined when
 * either measurement is missing or not positive.
 */
export function growthExponent(n1: number, t1: number, n2: number, t2: number): number | undefined {
  if (!(n1 > 0 && n2 > 0 && t1 > 0 && t2 > 0) || n1 === n2) return undefined;
  return Math.log(t2 / t1) / Math.log(n2 / n1);
}

export const round = (value: number, digits = 2): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};
