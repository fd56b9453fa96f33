/**
 * C10.2 check of C9, on obligations (domain/obligations-backups.ts): every slot of the backup
 * calendar kept by a successful backup, counted from the server's registration and up to its halt
 * (C9.1, C9.2, C6.3); no backup inside a maintenance window, and a moved one started when it was
 * moved to (C9.4); both copies kept (C9.3).
 */

import { singleCopyBackups } from './compliance-conduct.ts';
import { type ClauseVerdict, evidenceFor, type Facts, verdict } from './compliance-facts.ts';
import { backupsInWindows, lateBackups, missedBackupSlots } from './obligations-backups.ts';

export function checkBackups(f: Facts): ClauseVerdict {
  const slots = missedBackupSlots(f);
  const windows = backupsInWindows(f);
  const late = lateBackups(f);
  const breaches = [...slots.breaches, ...windows.breaches, ...late.breaches, ...singleCopyBackups(f)];
  return verdict('C9', 'Backups', breaches, slots.checked, evidenceFor(f, 'C9', ['backup.']), 'backup slots');
}
