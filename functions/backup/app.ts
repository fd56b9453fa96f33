/** C9.1–C9.4, C6.5: the backup function without its wiring (see notice/app.ts). */

import { runBackups } from '../application/runs/run-backups.ts';
import type { BackupDeps } from '../application/shared/deps.ts';
import { parseOrThrow } from '../domain/validation.ts';
import { toRunInput } from '../runtime/scheduled-run.ts';
import { BackupRunEvent } from './schema.ts';

export const backupApp = (deps: BackupDeps) => async (event: unknown) => {
  const input = toRunInput(parseOrThrow(BackupRunEvent, event, 'backup run input'));
  const kind = input.run === 'backup-full' ? 'full' : 'incremental';
  return runBackups(deps, { ...input, kind });
};
