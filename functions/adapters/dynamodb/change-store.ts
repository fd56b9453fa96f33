/**
 * Changes (Words) and their due-time agendas (C3.1, C3.2, C5.2, C11.2).
 *
 * updateChanges atomicity: when the updates and audit events fit in one transaction (at most 100
 * items) they commit all or nothing. Beyond that they are split into transactions of at most 100
 * items; a change's update always travels with the audit events whose subjectId is that change (so
 * each change and its own record commit together), and events about no listed change go with the
 * first transaction. Every transaction is attempted; if some lose a race, the others stay committed
 * and one ConflictError names the changes that were not written (the next run picks them up).
 */
import type { ChangeStore, ChangeUpdate } from '../../application/ports.ts';
import { toIso } from '../../domain/calendar.ts';
import { ConflictError, ValidationError } from '../../domain/errors.ts';
import { type AuditEvent, Change } from '../../domain/records.ts';
import { auditPuts } from './audit-log.ts';
import { fromItem, type Item } from './item-codec.ts';
import { getItem, getItems, ofCustomers, queryAgenda, queryPartition } from './reads.ts';
import { changeSpec } from './record-specs.ts';
import { createRecord, updatePut } from './record-writes.ts';
import type { StoreContext } from './store-context.ts';
import { INDEX } from './table-definition.ts';
import { upToBound } from './table-design.ts';
import { TRANSACTION_LIMIT, type TxPut, transact } from './transact.ts';

const spec = changeSpec;

export function createChangeStore(ctx: StoreContext): ChangeStore {
  const parse = (items: Item[]) => items.map((i) => fromItem(Change, i, 'change'));
  return {
    createChange: (change, audit) => createRecord(ctx, spec, change, [audit]),
    async getChange(id) {
      const item = await getItem(ctx, 'change', id);
      return item ? fromItem(Change, item, 'change') : undefined;
    },
    async getChanges(ids) {
      return parse(await getItems(ctx, 'change', ids));
    },
    async listChangesByServer(serverId) {
      return parse(
        await queryPartition(ctx, { index: INDEX.byParent, partition: `SERVER#${serverId}#CHANGE` }),
      );
    },
    async listChangesByCustomer(customerId) {
      return parse(
        await queryPartition(ctx, { index: INDEX.byOwner, partition: `CUSTOMER#${customerId}#CHANGE` }),
      );
    },
    async listChangesToNotify(upTo, customerIds) {
      return parse(await queryAgenda(ctx, 'notice', upToBound(toIso(upTo)), ofCustomers(customerIds)));
    },
    async listChangesToApply(upTo, customerIds) {
      return parse(await queryAgenda(ctx, 'apply', upToBound(toIso(upTo)), ofCustomers(customerIds)));
    },
    async listChangesApplying(customerIds) {
      return parse(await queryAgenda(ctx, 'applying', undefined, ofCustomers(customerIds)));
    },
    async countChangesByCustomer(agenda, upTo) {
      const counts = new Map<string, number>();
      const tally = (item: Item) => {
        const id = String((item.record as { customerId?: unknown }).customerId);
        counts.set(id, (counts.get(id) ?? 0) + 1);
        return false; // counted, not kept
      };
      await queryAgenda(ctx, agenda, upTo ? upToBound(toIso(upTo)) : undefined, tally);
      return counts;
    },
    async updateChanges(updates, audit) {
      return writeUpdates(ctx, updates, audit);
    },
  };
}

async function writeUpdates(
  ctx: StoreContext,
  updates: ChangeUpdate[],
  audit: AuditEvent[],
): Promise<Change[]> {
  const ids = updates.map((u) => u.next.id);
  if (new Set(ids).size !== ids.length) {
    throw new ValidationError('each change may appear only once in one update', [
      { path: 'updates', message: 'duplicate change id' },
    ]);
  }
  const planned = updates.map((u) => updatePut(spec, u.next, u.expectedVersion));
  const events = auditPuts(audit);
  if (planned.length + events.length <= TRANSACTION_LIMIT) {
    await transact(ctx, [...planned.map((p) => p.put), ...events]);
    return planned.map((p) => p.record);
  }
  const groups = planned.map((p) => ({
    record: p.record,
    puts: [p.put, ...events.filter((_, i) => audit[i]?.subjectId === p.record.id)],
  }));
  const loose = events.filter((_, i) => !ids.includes(audit[i]?.subjectId ?? ''));
  // Events about no listed change ride with the first change, or alone when they do not fit.
  const looseFits = loose.length + (groups[0]?.puts.length ?? 0) <= TRANSACTION_LIMIT;
  const looseChunks: Chunk[] = [];
  for (let i = 0; !looseFits && i < loose.length; i += TRANSACTION_LIMIT) {
    looseChunks.push({ ids: [], puts: loose.slice(i, i + TRANSACTION_LIMIT) });
  }
  const chunks = [...looseChunks, ...pack(groups, looseFits ? loose : [])];
  const lost: string[] = [];
  for (const chunk of chunks) {
    try {
      await transact(ctx, chunk.puts);
    } catch (error) {
      if (!(error instanceof ConflictError)) throw error;
      lost.push(...chunk.ids);
    }
  }
  if (lost.length > 0) throw new ConflictError(`changes not written (changed meanwhile): ${lost.join(', ')}`);
  return planned.map((p) => p.record);
}

type Group = { record: Change; puts: TxPut[] };
type Chunk = { ids: string[]; puts: TxPut[] };

/** Packs whole groups into transactions of at most TRANSACTION_LIMIT items. */
function pack(groups: Group[], loose: TxPut[]): Chunk[] {
  const chunks: Chunk[] = [];
  let current: Chunk = { ids: [], puts: [...loose] };
  for (const group of groups) {
    if (group.puts.length > TRANSACTION_LIMIT) {
      throw new ValidationError(`change ${group.record.id} has too many audit events for one transaction`, [
        { path: 'audit', message: `at most ${TRANSACTION_LIMIT - 1} events per change` },
      ]);
    }
    if (current.puts.length + group.puts.length > TRANSACTION_LIMIT) {
      chunks.push(current);
      current = { ids: [], puts: [] };
    }
    current.ids.push(group.record.id);
    current.puts.push(...group.puts);
  }
  if (current.puts.length > 0) chunks.push(current);
  return chunks;
}
