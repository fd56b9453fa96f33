/**
 * The custom CloudWatch metrics the handlers emit with the Embedded Metric Format (EMF) and the
 * stack alarms on. Pure data: handlers and the stack read the same names.
 *
 * A handler publishes its counts with Powertools Metrics as one log line, with no dimensions
 * (functions/runtime/metrics.ts): `{"_aws":{"Timestamp":<ms>,"CloudWatchMetrics":[{"Namespace":"PatchPromise","Dimensions":[],
 *   "Metrics":[{"Name":"ApplicationFailed","Unit":"Count"}]}]},"ApplicationFailed":1}`
 */
export const METRIC_NAMESPACE = 'PatchPromise';

export const METRICS = {
  /** C6.2 / C8.1: an application failed and was rolled back (emitted by apply-result). */
  applicationFailed: 'ApplicationFailed',
  /** C6.3: a rollback failed; the server is now needs-attention (apply-result). */
  rollbackFailed: 'RollbackFailed',
  /** C3.5: a notice could not go out in time, so its change moved (notice, apply). */
  noticeDeadlineAtRisk: 'NoticeDeadlineAtRisk',
  /** C9.4: a backup failed (apply-result, backup). */
  backupFailed: 'BackupFailed',
} as const;
export type MetricName = (typeof METRICS)[keyof typeof METRICS];
