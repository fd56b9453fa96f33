/**
 * Exponential backoff with full jitter (a random pause between 0 and base × 2^attempt, capped),
 * so that many senders throttled together do not retry together.
 */
export type BackoffPolicy = {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  baseMs: number;
  capMs: number;
};

export const DEFAULT_BACKOFF: BackoffPolicy = { maxAttempts: 6, baseMs: 200, capMs: 5_000 };

/** The pause before retry number `retry` (1 for the first retry), given a random number in [0, 1). */
export const backoffDelay = (policy: BackoffPolicy, retry: number, random: number): number =>
  Math.floor(random * Math.min(policy.capMs, policy.baseMs * 2 ** (retry - 1)));

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
