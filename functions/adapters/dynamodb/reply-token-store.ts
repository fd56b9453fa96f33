/**
 * Reply tokens (C12.2): stored by the sha256 hex of the token (the caller hashes), single use
 * (a conditional consume), valid while `at` is before `expiresAt`, and removed by TTL some time
 * after expiry (the consume check, not the TTL sweep, is what refuses an expired token).
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { ReplyTokenRecord, ReplyTokenStore } from '../../application/ports.ts';
import { toIso } from '../../domain/calendar.ts';
import { PolicyRefusal } from '../../domain/errors.ts';
import { CustomerId, InstantString } from '../../domain/records.ts';
import { contentHash } from './canonical-hash.ts';
import { fromItem, toItem } from './item-codec.ts';
import { getItem } from './reads.ts';
import { record, type StoreContext, withCapacity } from './store-context.ts';
import { primaryKey } from './table-design.ts';
import { createCondition, sameCreation, type TxPut, transact } from './transact.ts';

export const StoredReplyToken = z.object({
  hash: z.string().check(z.regex(/^[0-9a-f]{64}$/, 'must be a sha256 hex digest')),
  noticeId: z.string().check(z.minLength(1)),
  customerId: CustomerId,
  expiresAt: InstantString,
  usedAt: z.optional(InstantString),
  /** The message that used it (a replay of that message finds it used by itself). */
  usedBy: z.optional(z.string()),
});

/** Kept this long after expiry so a late reuse is refused as "expired", not "unknown". */
const TTL_GRACE_SECONDS = 30 * 24 * 3600;

/** The token's creation, for a transaction (the claim of the attempt that carries it). */
export function tokenPut(token: ReplyTokenRecord): TxPut {
  const stored = StoredReplyToken.parse({ ...token, expiresAt: toIso(token.expiresAt) });
  const createdHash = contentHash(stored);
  const item = toItem({
    entity: 'token',
    id: stored.hash,
    record: stored,
    createdHash,
    ttl: Math.floor(token.expiresAt.epochMilliseconds / 1000) + TTL_GRACE_SECONDS,
  });
  return {
    item,
    condition: createCondition,
    role: 'record',
    label: 'reply token',
    isReplay: sameCreation(createdHash),
  };
}

/**
 * C12.2: a token whose attempt was lost is removed (unconditionally, so a repeat changes nothing):
 * a reply can only ever carry the token of the one copy that reached the customer.
 */
export function tokenRevokePut(hash: string): TxPut {
  return {
    item: primaryKey('token', hash),
    mode: 'delete',
    condition: { expression: '' },
    role: 'audit',
    label: 'reply token',
    isReplay: () => true,
  };
}

export function createReplyTokenStore(ctx: StoreContext): ReplyTokenStore {
  return {
    async issue(token) {
      await transact(ctx, [tokenPut(token)]);
    },
    async owner(hash) {
      const item = await getItem(ctx, 'token', hash);
      if (!item) return undefined;
      const token = fromItem(StoredReplyToken, item, 'reply token');
      return { noticeId: token.noticeId, customerId: token.customerId };
    },
    async consume(hash, at, by) {
      const now = toIso(at);
      try {
        const out = await ctx.doc.send(
          new UpdateCommand(
            withCapacity(ctx, {
              TableName: ctx.tableName,
              Key: primaryKey('token', hash),
              UpdateExpression: 'SET #record.#usedAt = :now, #record.#usedBy = :by',
              ConditionExpression:
                'attribute_exists(pk) AND (attribute_not_exists(#record.#usedAt) OR #record.#usedBy = :by) AND #record.#expiresAt > :now',
              ExpressionAttributeNames: {
                '#record': 'record',
                '#usedAt': 'usedAt',
                '#usedBy': 'usedBy',
                '#expiresAt': 'expiresAt',
              },
              ExpressionAttributeValues: { ':now': now, ':by': by },
              ReturnValues: 'ALL_NEW',
            }),
          ),
        );
        record(ctx, 'UpdateItem', out.ConsumedCapacity);
        const token = fromItem(StoredReplyToken, out.Attributes ?? {}, 'reply token');
        return { noticeId: token.noticeId, customerId: token.customerId };
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        throw new PolicyRefusal('C12.2', await refusalReason(ctx, hash));
      }
    },
  };
}

async function refusalReason(ctx: StoreContext, hash: string): Promise<string> {
  const item = await getItem(ctx, 'token', hash);
  if (!item) return 'the reply token is not one we issued';
  const token = fromItem(StoredReplyToken, item, 'reply token');
  return token.usedAt ? 'the reply token was already used' : 'the reply token has expired';
}
