/** The append-only audit log (C10.1): items created once with attribute_not_exists, never updated. */

import type { AuditLog } from '../../application/ports.ts';
import { type Instant, toIso } from '../../domain/calendar.ts';
import { ConflictError } from '../../domain/errors.ts';
import { AuditEvent } from '../../domain/records.ts';
import { parseOrThrow } from '../../domain/validation.ts';
import { contentHash } from './canonical-hash.ts';
import { auditKeys } from './entity-keys.ts';
import { fromItem, type Item, toItem } from './item-codec.ts';
import { queryPartition } from './reads.ts';
import type { StoreContext } from './store-context.ts';
import { INDEX } from './table-definition.ts';
import { timedSk, upToBound } from './table-design.ts';
import { auditPut, TRANSACTION_LIMIT, type TxPut, transact } from './transact.ts';

export function auditItem(event: AuditEvent): Item {
  const parsed = parseOrThrow(AuditEvent, event, 'audit event');
  return toItem({
    entity: 'audit',
    id: parsed.id,
    record: parsed,
    createdHash: contentHash(parsed),
    keys: auditKeys(parsed),
  });
}

export const auditPuts = (events: AuditEvent[]): TxPut[] => events.map((e) => auditPut(auditItem(e), e.id));

export function createAuditLog(ctx: StoreContext): AuditLog {
  const parse = (items: Item[]) => items.map((i) => fromItem(AuditEvent, i, 'audit event'));
  return {
    /**
     * Chunks of 100 per transaction. An event already stored with the same content is a replay and
     * is skipped; one stored with different content is a ConflictError.
     */
    async append(events) {
      // Each event decides replay vs conflict on its own, so all act as records here.
      const puts = auditPuts(events).map((p): TxPut => ({ ...p, role: 'record' }));
      for (let i = 0; i < puts.length; i += TRANSACTION_LIMIT) {
        await appendChunk(ctx, puts.slice(i, i + TRANSACTION_LIMIT));
      }
    },
    async listByCustomer(customerId, from, to) {
      return parse(
        await queryPartition(ctx, {
          index: INDEX.byParent,
          partition: `CUSTOMER#${customerId}#AUDIT`,
          skBetween: periodBounds(from, to),
        }),
      );
    },
    async listBySubject(subjectId) {
      return parse(
        await queryPartition(ctx, { index: INDEX.byOwner, partition: `SUBJECT#${subjectId}#AUDIT` }),
      );
    },
  };
}

/** Inclusive [from, to] over `<at>#<id>` sort keys. */
export const periodBounds = (from: Instant, to: Instant): [string, string] => [
  timedSk(toIso(from), ''),
  upToBound(toIso(to)),
];

/** A chunk holding some already-stored events is written again event by event, skipping replays. */
async function appendChunk(ctx: StoreContext, puts: TxPut[]): Promise<void> {
  try {
    await transact(ctx, puts);
  } catch (error) {
    if (!(error instanceof ConflictError) || puts.length === 1) throw error;
    for (const put of puts) await transact(ctx, [put]);
  }
}
