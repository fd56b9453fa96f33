/** Backup runs (C9): by server and date, due (planned or failed, C9.4 retries) and running. */
import type { BackupStore, BackupUpdate, CreateResult } from '../../application/ports.ts';
import { toIso } from '../../domain/calendar.ts';
import { ConflictError, ValidationError } from '../../domain/errors.ts';
import { type AuditEvent, BackupRun } from '../../domain/records.ts';
import { auditPuts } from './audit-log.ts';
import { fromItem, type Item } from './item-codec.ts';
import { getItem, ofCustomers, queryAgenda, queryPartition } from './reads.ts';
import { backupSpec } from './record-specs.ts';
import { createRecord, creationPut, updatePut, updateRecord } from './record-writes.ts';
import type { StoreContext } from './store-context.ts';
import { INDEX } from './table-definition.ts';
import { timedSk, upToBound } from './table-design.ts';
import { TRANSACTION_LIMIT, transact } from './transact.ts';

const spec = backupSpec;
const FAR_PAST = '0000';
const FAR_FUTURE = '9999';

export function createBackupStore(ctx: StoreContext): BackupStore {
  const parse = (items: Item[]) => items.map((i) => fromItem(BackupRun, i, 'backup run'));
  return {
    createBackup: (run, audit) => createRecord(ctx, spec, run, [audit]),
    async createBackups(runs) {
      /**
       * C9.4 C11.2: the first writer of a slot wins. A slot's moved time and planned minutes depend on
       * what the run saw (pending changes, the server's recent backups), so a replayed or catch-up
       * run may compute the same slot differently: the slot as first created stands, and the run
       * goes on (issue 15, "also found").
       */
      const createFirst = async (run: BackupRun, audit: AuditEvent): Promise<CreateResult> => {
        try {
          return await createRecord(ctx, spec, run, [audit]);
        } catch (error) {
          if (error instanceof ConflictError && (await getItem(ctx, 'backup', run.id))) return 'existing';
          throw error;
        }
      };
      let created = 0;
      for (let i = 0; i < runs.length; i += BACKUPS_PER_TRANSACTION) {
        const part = runs.slice(i, i + BACKUPS_PER_TRANSACTION);
        try {
          const outcome = await transact(
            ctx,
            part.flatMap(({ run, audit }) => [creationPut(spec, run).put, ...auditPuts([audit])]),
          );
          if (outcome === 'written') created += part.length;
        } catch (error) {
          if (!(error instanceof ConflictError)) throw error;
          // Some exist already (an earlier run made them), others not: one at a time, each judged alone.
          for (const { run, audit } of part) if ((await createFirst(run, audit)) === 'created') created += 1;
        }
      }
      return created;
    },
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
    async listBackupsDue(upTo, customerIds) {
      return parse(await queryAgenda(ctx, 'backup-due', upToBound(toIso(upTo)), ofCustomers(customerIds)));
    },
    async listBackupsRunning(customerIds) {
      return parse(await queryAgenda(ctx, 'backup-running', undefined, ofCustomers(customerIds)));
    },
    async listRunningBackupsOfCommand(commandId, serverId) {
      return parse(
        await queryPartition(ctx, {
          index: INDEX.byOwner,
          partition: `COMMAND#${commandId}#BACKUP`,
          skBetween: [`${serverId}#`, `${serverId}$`], // '$' sorts right after '#'
        }),
      );
    },
    updateBackup: (next, expectedVersion, audit) => updateRecord(ctx, spec, next, expectedVersion, [audit]),
    updateBackups: (updates) => writeBackupUpdates(ctx, updates),
  };
}

/** Backups per transaction: each brings its audit event (DynamoDB allows 100 items). */
const BACKUPS_PER_TRANSACTION = TRANSACTION_LIMIT / 2;

async function writeBackupUpdates(ctx: StoreContext, updates: readonly BackupUpdate[]): Promise<BackupRun[]> {
  const ids = updates.map((u) => u.next.id);
  if (new Set(ids).size !== ids.length) {
    throw new ValidationError('each backup may appear only once in one update', [
      { path: 'updates', message: 'duplicate backup id' },
    ]);
  }
  const planned = updates.map((u) => ({ ...updatePut(spec, u.next, u.expectedVersion), audit: u.audit }));
  const lost: string[] = [];
  for (let i = 0; i < planned.length; i += BACKUPS_PER_TRANSACTION) {
    const part = planned.slice(i, i + BACKUPS_PER_TRANSACTION);
    try {
      await transact(
        ctx,
        part.flatMap((p) => [p.put, ...auditPuts([p.audit])]),
      );
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      lost.push(...part.map((p) => p.record.id));
    }
  }
  if (lost.length > 0) throw new ConflictError(`backups not written (changed meanwhile): ${lost.join(', ')}`);
  return planned.map((p) => p.record);
}
