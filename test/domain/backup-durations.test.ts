import { describe, expect, it } from 'vitest';
import {
  ASSUMED_MINUTES_PER_IMAGE,
  backupTimeoutSeconds,
  learnedBackupMinutes,
  slotMinutes,
} from '../../functions/domain/backup-durations.ts';
import { toInstant } from '../../functions/domain/calendar.ts';
import type { BackupKind, BackupRun } from '../../functions/domain/records.ts';

let n = 0;
/** One image's backup in command `commandId`, sent at `sentAt` and finished `minutes` later. */
function ran(
  commandId: string,
  kind: BackupKind,
  sentAt: string,
  minutes: number,
  over: Partial<BackupRun> = {},
) {
  n += 1;
  return {
    id: `b${n}`,
    serverId: 'mi-0123456789abcdef0',
    customerId: 'acme',
    image: `img${n}`,
    kind,
    scheduledFor: sentAt,
    state: 'succeeded',
    copies: ['local', 'cloud'],
    attempt: 1,
    send: { holder: 'h', until: sentAt, at: sentAt, key: commandId },
    commandId,
    finishedAt: toInstant(sentAt).add({ minutes }).toString(),
    version: 2,
    ...over,
  } satisfies BackupRun;
}

describe('C6.5 C9.4 backup durations learned from the fleet (issue 15 #3 #4)', () => {
  it('C6.5 a server with no finished backup is planned with the assumption', () => {
    expect(learnedBackupMinutes([])).toEqual(ASSUMED_MINUTES_PER_IMAGE);
    const unfinished = ran('c1', 'full', '2026-11-01T02:00:00Z', 60, {
      state: 'running',
      finishedAt: undefined,
    });
    expect(learnedBackupMinutes([unfinished])).toEqual(ASSUMED_MINUTES_PER_IMAGE);
  });

  it('C6.5 a command of four images that took 284 minutes is 71 per image, planned as 90 with the margin', () => {
    // The command's span is shared by its images: the same finish time on each.
    const images = [1, 2, 3, 4].map(() => ran('c-full', 'full', '2026-11-01T02:00:00Z', 284));
    expect(learnedBackupMinutes(images).full).toBe(90);
    expect(learnedBackupMinutes(images).incremental).toBe(ASSUMED_MINUTES_PER_IMAGE.incremental);
  });

  it('C6.5 the longest of the recent commands counts, failures included (the time was spent)', () => {
    const history = [
      ran('i1', 'incremental', '2026-11-01T23:00:00Z', 20),
      ran('i2', 'incremental', '2026-11-02T23:00:00Z', 40, { state: 'failed' }),
      ran('i3', 'incremental', '2026-11-03T23:00:00Z', 22),
    ];
    expect(learnedBackupMinutes(history).incremental).toBe(50);
  });

  it('C6.5 only the latest eight commands of a kind count: a backup that got faster is planned shorter', () => {
    const old = ran('old', 'incremental', '2026-10-01T23:00:00Z', 200);
    const recent = Array.from({ length: 8 }, (_, i) =>
      ran(`r${i}`, 'incremental', `2026-11-0${i + 1}T23:00:00Z`, 20),
    );
    expect(learnedBackupMinutes([old, ...recent]).incremental).toBe(25);
  });

  it('C9.1 a full slot lasts every image one after the other; an incremental, the AD image alone', () => {
    const perImage = { full: 90, incremental: 30 };
    expect(slotMinutes(perImage, 'full', 4)).toBe(360);
    expect(slotMinutes(perImage, 'incremental', 1)).toBe(30);
  });

  it('C9.4 the script timeout is half as long again as planned, in whole hours, from 1 to 48 hours', () => {
    expect(backupTimeoutSeconds(10)).toBe(3600);
    expect(backupTimeoutSeconds(360)).toBe(9 * 3600);
    expect(backupTimeoutSeconds(4 * 71)).toBe(8 * 3600);
    expect(backupTimeoutSeconds(50 * 120)).toBe(48 * 3600);
  });
});
