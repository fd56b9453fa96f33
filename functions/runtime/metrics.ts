/**
 * The contract metrics the stack alarms on (lib/metrics.ts), emitted as CloudWatch Embedded Metric
 * Format lines: one JSON log line per invocation that has anything to count, no dimensions.
 */
import { METRIC_NAMESPACE, METRICS, type MetricName } from '../../lib/metrics.ts';
import type { Clock } from '../application/ports.ts';

export type MetricCounts = Partial<Record<MetricName, number>>;

/** What a run summary or a command result says about the contract's alarms. */
export function contractMetricsOf(result: unknown): MetricCounts {
  const counts: MetricCounts = {};
  if (typeof result !== 'object' || result === null) return counts;
  const r = result as Record<string, unknown>;
  // C3.5: changes moved because their notice could not go out in time.
  if (Array.isArray(r.replanned) && r.replanned.length > 0)
    counts[METRICS.noticeDeadlineAtRisk] = r.replanned.length;
  // C9.4: backups whose command could not be sent.
  if (
    String(r.runKey ?? '').startsWith('run:backup') &&
    Array.isArray(r.failedSends) &&
    r.failedSends.length > 0
  )
    counts[METRICS.backupFailed] = r.failedSends.length;
  // C6.2, C6.3, C9.4: one command result.
  if (r.recorded === 'change' && r.outcome === 'failed-rolled-back') counts[METRICS.applicationFailed] = 1;
  if (r.recorded === 'change' && r.outcome === 'rollback-failed') counts[METRICS.rollbackFailed] = 1;
  if (r.recorded === 'backup' && r.outcome === 'failed') counts[METRICS.backupFailed] = 1;
  return counts;
}

/** The EMF document for `counts`, or undefined when there is nothing to count. */
export function emfLine(counts: MetricCounts, clock: Clock): string | undefined {
  const names = (Object.keys(counts) as MetricName[]).filter((n) => (counts[n] ?? 0) > 0);
  if (names.length === 0) return undefined;
  return JSON.stringify({
    _aws: {
      Timestamp: clock.now().epochMilliseconds,
      CloudWatchMetrics: [
        {
          Namespace: METRIC_NAMESPACE,
          Dimensions: [[]],
          Metrics: names.map((Name) => ({ Name, Unit: 'Count' })),
        },
      ],
    },
    ...Object.fromEntries(names.map((n) => [n, counts[n]])),
  });
}

/** Writes the EMF line for `result` to stdout (CloudWatch Logs turns it into metrics). */
export function emitContractMetrics(
  result: unknown,
  clock: Clock,
  write = (line: string) => console.log(line),
): void {
  const line = emfLine(contractMetricsOf(result), clock);
  if (line) write(line);
}
