/** Backup runs (C9): by server and date, due (planned or failed, C9.4 retries) and running. */
import type { BackupStore } from '../../application/ports.ts';
import { toIso } from '../../domain/calendar.ts';
import { BackupRun } from '../../domain/records.ts';
import { backupKeys } from './entity-keys.ts';
import { fromItem, type Item } from './item-codec.ts';
import { getItem, queryAgenda, queryPartition } from './reads.ts';
import { createRecord, type RecordSpec, updateRecord } from './record-writes.ts';
import type { StoreContext } from './store-context.ts';
import { INDEX } from './table-definition.ts';
import { timedSk, upToBound } from './table-design.ts';

const spec: RecordSpec<typeof BackupRun> = { entity: 'backup', schema: BackupRun, keys: backupKeys };
const FAR_PAST = '0000';
const FAR_FUTURE = '9999';

export function createBackupStore(ctx: StoreContext): BackupStore {
  const parse = (items: Item[]) => items.map((i) => fromItem(BackupRun, i, 'backup run'));
  return {
    createBackup: (run, audit) => createRecord(ctx, spec, run, [audit]),
    async getBackup(id) {
      const item = await getItem(ctx, 'backup', id);
      return item ? fromItem(BackupRun, item, 'backup run') : undefined;
    },
    /** Inclusive of `from` and `to` on `scheduledFor`. */
    async listBackupsByServer(serverId, from, to) {
      const low = from ? timedSk(toIso(from), '') : FAR_PAST;
      const high = to ? upToBound(toIso(to)) : FAR_FUTURE;
      return parse(
        await queryPartition(ctx, {
          index: INDEX.byParent,
          partition: `SERVER#${serverId}#BACKUP`,
          skBetween: [low, high],
        }),
      );
    },
    async listBackupsDue(upTo) {
      return parse(await queryAgenda(ctx, 'backup-due', upToBound(toIso(upTo))));
    },
    async listBackupsRunning() {
      return parse(await queryAgenda(ctx, 'backup-running'));
    },
    updateBackup: (next, expectedVersion, audit) => updateRecord(ctx, spec, next, expectedVersion, [audit]),
  };
}
