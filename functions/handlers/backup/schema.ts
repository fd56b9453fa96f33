/** C9.1 / C9.2: the weekly full and daily incremental backup runs' scheduler payload. */
import { scheduledRunEvent } from '../../runtime/scheduled-run.ts';

export const BackupRunEvent = scheduledRunEvent(['backup-full', 'backup-incremental', 'backup-due']);
