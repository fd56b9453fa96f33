/**
 * Independent reads a run issues side by side (per customer, say): the run waits for the slowest
 * of a few round trips instead of their sum. Small enough to stay far below DynamoDB's limits.
 */
export const READ_CONCURRENCY = 8;

/** `work` on every item, at most `limit` at a time; the results in the items' order. */
export async function mapConcurrently<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, worker));
  return results;
}
