/**
 * The contract metrics the stack alarms on (lib/metrics.ts), published with Powertools Metrics
 * (CloudWatch Embedded Metric Format): one document per invocation that has anything to count,
 * without dimensions (the default `service` dimension is cleared: the alarms watch each metric
 * across functions). Each handler says what its own typed result counts; nothing is guessed from
 * field names.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { METRIC_NAMESPACE, METRICS, type MetricName } from '../../lib/metrics.ts';
import type { CommandResult } from '../application/runs/command-result.ts';
import type { FannedOut } from '../application/runs/fan-out.ts';
import type { ApplyRunSummary } from '../application/runs/run-apply.ts';
import type { BackupRunSummary } from '../application/runs/run-backups.ts';
import type { NoticeRunSummary } from '../application/runs/run-notice.ts';
import type { Duplicate } from '../application/shared/run-input.ts';

export type MetricCounts = Partial<Record<MetricName, number>>;

/** C3.5: changes moved because their notice could not go out in time (notice and apply runs). */
export const replannedCounts = (summary: NoticeRunSummary | ApplyRunSummary): MetricCounts => ({
  [METRICS.noticeDeadlineAtRisk]: summary.replanned.length,
});

/** C9.4: backups whose command could not be sent. */
export const backupRunCounts = (summary: BackupRunSummary): MetricCounts => ({
  [METRICS.backupFailed]: summary.failedSends.length,
});

/** A run that nothing counts (the cutoff run). */
export const nothingCounted = (): MetricCounts => ({});

/** C6.2, C6.3, C9.4: one command result. */
export function commandResultCounts(result: CommandResult): MetricCounts {
  if (result.recorded === 'change' && result.outcome === 'failed-rolled-back')
    return { [METRICS.applicationFailed]: 1 };
  if (result.recorded === 'change' && result.outcome === 'rollback-failed')
    return { [METRICS.rollbackFailed]: 1 };
  if (result.recorded === 'backup' && result.outcome === 'failed') return { [METRICS.backupFailed]: 1 };
  return {};
}

/** A duplicate delivery, or a run handed out to shards, counts nothing itself (its shards do). */
export const ofRun =
  <S>(counts: (summary: S) => MetricCounts) =>
  (result: S | Duplicate | FannedOut): MetricCounts =>
    (result as { duplicate: boolean }).duplicate || 'fannedOut' in (result as object)
      ? {}
      : counts(result as S);

/** One Metrics per container, namespace PatchPromise, no dimensions. */
export function contractMetrics(): Metrics {
  const metrics = new Metrics({ namespace: METRIC_NAMESPACE });
  metrics.clearDefaultDimensions();
  return metrics;
}

/** Adds the counts above zero; true when there is anything to publish. */
export function addCounts(metrics: Metrics, counts: MetricCounts): boolean {
  const names = (Object.keys(counts) as MetricName[]).filter((n) => (counts[n] ?? 0) > 0);
  for (const name of names) metrics.addMetric(name, MetricUnit.Count, counts[name] ?? 0);
  return names.length > 0;
}

let shared: Metrics | undefined;

/** Publishes the counts as one EMF document on stdout (CloudWatch Logs turns it into metrics). */
export function publishCounts(counts: MetricCounts): void {
  shared ??= contractMetrics();
  if (addCounts(shared, counts)) shared.publishStoredMetrics();
}
