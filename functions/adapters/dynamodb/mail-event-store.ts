/**
 * The mail service's sending events, as the mail-events function records them (DESIGN.md rule 4):
 * one item per attempt and event type, so a repeated event is a replay.
 */
import * as z from 'zod/mini';
import type { MailEventRecord, MailEventStore } from '../../application/ports.ts';
import { InstantString } from '../../domain/records.ts';
import { contentHash } from './canonical-hash.ts';
import { mailEventId, mailEventKeys } from './entity-keys.ts';
import { fromItem, toItem } from './item-codec.ts';
import { queryPartition } from './reads.ts';
import type { StoreContext } from './store-context.ts';
import { INDEX } from './table-definition.ts';
import { createCondition, transact } from './transact.ts';

export const StoredMailEvent = z.object({
  attemptId: z.string().check(z.minLength(1)),
  noticeId: z.optional(z.string()),
  type: z.enum(['send', 'reject', 'bounce', 'delivery', 'complaint', 'rendering-failure', 'delivery-delay']),
  messageId: z.string().check(z.minLength(1)),
  at: InstantString,
});

export function createMailEventStore(ctx: StoreContext): MailEventStore {
  return {
    async recordMailEvent(event) {
      const record = StoredMailEvent.parse(event);
      const item = toItem({
        entity: 'mailevent',
        id: mailEventId(record),
        record,
        createdHash: contentHash(record),
        keys: mailEventKeys(record),
      });
      // The first report of an event stands; SES may deliver an event twice (at least once).
      await transact(ctx, [
        { item, condition: createCondition, role: 'record', label: 'mail event', isReplay: () => true },
      ]);
    },
    async listMailEvents(attemptId) {
      const items = await queryPartition(ctx, {
        index: INDEX.byParent,
        partition: `ATTEMPT#${attemptId}#MAIL`,
      });
      return items.map((i) => fromItem(StoredMailEvent, i, 'mail event') as MailEventRecord);
    },
  };
}
