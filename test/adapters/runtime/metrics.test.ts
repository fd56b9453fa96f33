import { describe, expect, it } from 'vitest';
import type { ApplyRunSummary } from '../../../functions/application/runs/run-apply.ts';
import type { BackupRunSummary } from '../../../functions/application/runs/run-backups.ts';
import type { NoticeRunSummary } from '../../../functions/application/runs/run-notice.ts';
import {
  addCounts,
  backupRunCounts,
  commandResultCounts,
  contractMetrics,
  ofRun,
  replannedCounts,
} from '../../../functions/runtime/metrics.ts';
import { METRIC_NAMESPACE } from '../../../lib/metrics.ts';

const noticeRun = (replanned: string[]): NoticeRunSummary => ({
  duplicate: false,
  runKey: 'run:notice:x',
  noticesSent: 0,
  changesNotified: 0,
  replanned,
  failed: [],
  resumed: 0,
});

describe('contract metrics for the alarms (Powertools Metrics, EMF), from typed results', () => {
  it('C6.2 a change that failed and was rolled back counts ApplicationFailed', () => {
    expect(
      commandResultCounts({ recorded: 'change', changeId: 'r:mi', outcome: 'failed-rolled-back' }),
    ).toEqual({ ApplicationFailed: 1 });
  });

  it('C6.3 a failed rollback counts RollbackFailed, and a success counts nothing (C8.1)', () => {
    expect(commandResultCounts({ recorded: 'change', changeId: 'r:mi', outcome: 'rollback-failed' })).toEqual(
      {
        RollbackFailed: 1,
      },
    );
    expect(commandResultCounts({ recorded: 'change', changeId: 'r:mi', outcome: 'succeeded' })).toEqual({});
    expect(commandResultCounts({ recorded: 'nothing', reason: 'command still InProgress' })).toEqual({});
  });

  it('C9.4 a failed backup result and a backup run that could not send count BackupFailed', () => {
    expect(commandResultCounts({ recorded: 'backup', backupIds: ['b'], outcome: 'failed' })).toEqual({
      BackupFailed: 1,
    });
    const run = {
      duplicate: false,
      runKey: 'run:backup-full:x',
      failedSends: ['a', 'b'],
    } as BackupRunSummary;
    expect(ofRun(backupRunCounts)(run)).toEqual({ BackupFailed: 2 });
  });

  it('C3.5 changes the notice or apply run replanned because their notice missed its deadline count NoticeDeadlineAtRisk', () => {
    expect(ofRun(replannedCounts)(noticeRun(['a', 'b', 'c']))).toEqual({ NoticeDeadlineAtRisk: 3 });
    const apply = { duplicate: false, runKey: 'run:apply:x', replanned: ['a'], failedSends: [] };
    expect(ofRun(replannedCounts)(apply as unknown as ApplyRunSummary)).toEqual({ NoticeDeadlineAtRisk: 1 });
  });

  it('C11.2 a duplicate delivery and a run handed out to shards count nothing themselves', () => {
    expect(ofRun(replannedCounts)({ duplicate: true, runKey: 'run:notice:x' })).toEqual({});
    expect(
      ofRun(replannedCounts)({
        duplicate: false,
        runKey: 'run:notice:x',
        fannedOut: true,
        shards: 2,
        customers: 4,
        servers: 12,
      }),
    ).toEqual({});
  });

  it('one EMF document in the namespace, without dimensions, with the counts above zero; nothing when there is nothing', () => {
    const metrics = contractMetrics();
    expect(addCounts(metrics, { NoticeDeadlineAtRisk: 0 })).toBe(false);
    expect(addCounts(metrics, { ApplicationFailed: 1, BackupFailed: 0 })).toBe(true);
    const emf = metrics.serializeMetrics();
    expect(emf._aws.CloudWatchMetrics).toEqual([
      {
        Namespace: METRIC_NAMESPACE,
        Dimensions: [],
        Metrics: [{ Name: 'ApplicationFailed', Unit: 'Count' }],
      },
    ]);
    expect(emf).toMatchObject({ ApplicationFailed: 1 });
    expect(emf).not.toHaveProperty('service');
  });
});
