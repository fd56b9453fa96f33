import { describe, expect, it } from 'vitest';
import { Temporal } from '../../../functions/domain/calendar.ts';
import { contractMetricsOf, emfLine, emitContractMetrics } from '../../../functions/runtime/metrics.ts';
import { METRIC_NAMESPACE } from '../../../lib/metrics.ts';

const clock = { now: () => Temporal.Instant.from('2026-11-25T01:30:00Z') };

describe('contract metrics for the alarms (EMF)', () => {
  it('C6.2 a change that failed and was rolled back counts ApplicationFailed', () => {
    expect(
      contractMetricsOf({ recorded: 'change', changeId: 'r:mi', outcome: 'failed-rolled-back' }),
    ).toEqual({
      ApplicationFailed: 1,
    });
  });

  it('C6.3 a failed rollback counts RollbackFailed, and a success counts nothing (C8.1)', () => {
    expect(contractMetricsOf({ recorded: 'change', outcome: 'rollback-failed' })).toEqual({
      RollbackFailed: 1,
    });
    expect(contractMetricsOf({ recorded: 'change', outcome: 'succeeded' })).toEqual({});
  });

  it('C9.4 a failed backup result and a backup run that could not send count BackupFailed', () => {
    expect(contractMetricsOf({ recorded: 'backup', backupIds: ['b'], outcome: 'failed' })).toEqual({
      BackupFailed: 1,
    });
    expect(
      contractMetricsOf({
        duplicate: false,
        runKey: 'run:backup-full:Europe/London:x',
        failedSends: ['a', 'b'],
      }),
    ).toEqual({ BackupFailed: 2 });
  });

  it('C3.5 changes replanned because their notice missed its deadline count NoticeDeadlineAtRisk', () => {
    expect(
      contractMetricsOf({ duplicate: false, runKey: 'run:notice:x', replanned: ['a', 'b', 'c'] }),
    ).toEqual({
      NoticeDeadlineAtRisk: 3,
    });
  });

  it('writes one EMF document with the namespace, no dimensions and the counts; nothing when there is nothing', () => {
    const line = emfLine({ ApplicationFailed: 1 }, clock);
    expect(JSON.parse(line ?? '{}')).toEqual({
      _aws: {
        Timestamp: Date.parse('2026-11-25T01:30:00Z'),
        CloudWatchMetrics: [
          {
            Namespace: METRIC_NAMESPACE,
            Dimensions: [[]],
            Metrics: [{ Name: 'ApplicationFailed', Unit: 'Count' }],
          },
        ],
      },
      ApplicationFailed: 1,
    });
    const written: string[] = [];
    emitContractMetrics({ duplicate: true, runKey: 'run:notice:x' }, clock, (l) => written.push(l));
    expect(written).toEqual([]);
  });
});
