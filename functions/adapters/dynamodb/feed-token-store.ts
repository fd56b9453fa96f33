/**
 * Calendar feed secrets (C12.1): stored by the sha256 hex of the secret the feed URL carries (the
 * caller hashes; the secret itself is never stored), listed by customer, created and revoked only
 * through Store.commit with their audit events (DESIGN.md rule 1).
 */
import * as z from 'zod/mini';
import type { FeedTokenRecord, FeedTokenStore } from '../../application/ports.ts';
import { CustomerId, InstantString } from '../../domain/records.ts';
import { contentHash } from './canonical-hash.ts';
import { fromItem, toItem } from './item-codec.ts';
import { getItem, queryPartition } from './reads.ts';
import type { StoreContext } from './store-context.ts';
import { INDEX } from './table-definition.ts';
import { primaryKey, timedSk } from './table-design.ts';
import { createCondition, sameCreation, type TxPut } from './transact.ts';

export const StoredFeedToken = z.object({
  hash: z.string().check(z.regex(/^[0-9a-f]{64}$/, 'must be a sha256 hex digest')),
  customerId: CustomerId,
  createdAt: InstantString,
  createdBy: z.string().check(z.minLength(1), z.maxLength(300)),
});

const feedPartition = (customerId: string) => `CUSTOMER#${customerId}#FEED`;

/** The feed secret's creation, for a transaction. */
export function feedTokenPut(token: FeedTokenRecord): TxPut {
  const stored = StoredFeedToken.parse(token);
  const createdHash = contentHash(stored);
  const item = toItem({
    entity: 'feed',
    id: stored.hash,
    record: stored,
    createdHash,
    keys: { gsi1pk: feedPartition(stored.customerId), gsi1sk: timedSk(stored.createdAt, stored.hash) },
  });
  return {
    item,
    condition: createCondition,
    role: 'record',
    label: 'calendar feed',
    isReplay: sameCreation(createdHash),
  };
}

/** The feed secret's removal (unconditional, so a repeat changes nothing). */
export function feedTokenRevokePut(hash: string): TxPut {
  return {
    item: primaryKey('feed', hash),
    mode: 'delete',
    condition: { expression: '' },
    role: 'audit',
    label: 'calendar feed',
    isReplay: () => true,
  };
}

export function createFeedTokenStore(ctx: StoreContext): FeedTokenStore {
  return {
    async get(hash) {
      const item = await getItem(ctx, 'feed', hash);
      return item ? fromItem(StoredFeedToken, item, 'calendar feed') : undefined;
    },
    async listByCustomer(customerId) {
      const items = await queryPartition(ctx, {
        index: INDEX.byParent,
        partition: feedPartition(customerId),
      });
      return items.map((item) => fromItem(StoredFeedToken, item, 'calendar feed'));
    },
  };
}
