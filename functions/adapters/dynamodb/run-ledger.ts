/**
 * C11.2: a run delivered twice does its work once. A run is claimed by a conditional Put on its key
 * (the schedule's own scheduled time), naming its holder (the invocation's request id) and the
 * holder's deadline (DESIGN.md rule 5). A second claim loses while another live invocation holds
 * it. A run that fails gives its claim back (`release`); one that died is taken over by Lambda's
 * retry (the same request id) at once, or by any delivery after the dead holder's deadline. Every
 * step of a run resumes from the recorded state, so taking over a dead run's work is safe.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import * as z from 'zod/mini';
import type { RunLedger } from '../../application/ports.ts';
import { toIso } from '../../domain/calendar.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { InstantString } from '../../domain/records.ts';
import { contentHash } from './canonical-hash.ts';
import { fromItem } from './item-codec.ts';
import { getItem } from './reads.ts';
import { record, type StoreContext, withCapacity } from './store-context.ts';
import { primaryKey } from './table-design.ts';

const StoredRun = z.object({
  runKey: z.string().check(z.minLength(1)),
  claimedAt: InstantString,
  holder: z.optional(z.string()),
  until: z.optional(InstantString),
  completedAt: z.optional(InstantString),
  summary: z.optional(z.record(z.string(), z.unknown())),
});

export function createRunLedger(ctx: StoreContext): RunLedger {
  return {
    async get(runKey) {
      const item = await getItem(ctx, 'run', runKey);
      return item ? fromItem(StoredRun, item, 'run') : undefined;
    },
    async claim(runKey, holder, at) {
      const run = { runKey, claimedAt: toIso(at), holder: holder.id, until: toIso(holder.until) };
      try {
        const out = await ctx.doc.send(
          new PutCommand(
            withCapacity(ctx, {
              TableName: ctx.tableName,
              Item: {
                ...primaryKey('run', runKey),
                entity: 'run',
                record: run,
                createdHash: contentHash(run),
              },
              // mayTakeOver (domain/claims.ts), as a condition: its own holder, or a deadline passed.
              ConditionExpression:
                'attribute_not_exists(pk) OR (attribute_not_exists(#record.#completedAt) AND (#record.#holder = :me OR #record.#until <= :now))',
              ExpressionAttributeNames: {
                '#record': 'record',
                '#completedAt': 'completedAt',
                '#holder': 'holder',
                '#until': 'until',
              },
              ExpressionAttributeValues: { ':me': holder.id, ':now': toIso(at) },
            }),
          ),
        );
        record(ctx, 'PutItem', out.ConsumedCapacity);
        return true;
      } catch (error) {
        if (error instanceof ConditionalCheckFailedException) return false;
        throw error;
      }
    },
    async release(runKey) {
      try {
        const out = await ctx.doc.send(
          new DeleteCommand(
            withCapacity(ctx, {
              TableName: ctx.tableName,
              Key: primaryKey('run', runKey),
              ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#record.#completedAt)',
              ExpressionAttributeNames: { '#record': 'record', '#completedAt': 'completedAt' },
            }),
          ),
        );
        record(ctx, 'DeleteItem', out.ConsumedCapacity);
      } catch (error) {
        // Already completed or never claimed: nothing to give back.
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
      }
    },
    /** Records the run's summary once; completing an already completed run changes nothing. */
    async complete(runKey, at, summary) {
      try {
        const out = await ctx.doc.send(
          new UpdateCommand(
            withCapacity(ctx, {
              TableName: ctx.tableName,
              Key: primaryKey('run', runKey),
              UpdateExpression: 'SET #record.#completedAt = :at, #record.#summary = :summary',
              ConditionExpression: 'attribute_exists(pk) AND attribute_not_exists(#record.#completedAt)',
              ExpressionAttributeNames: {
                '#record': 'record',
                '#completedAt': 'completedAt',
                '#summary': 'summary',
              },
              ExpressionAttributeValues: { ':at': toIso(at), ':summary': summary },
            }),
          ),
        );
        record(ctx, 'UpdateItem', out.ConsumedCapacity);
      } catch (error) {
        if (!(error instanceof ConditionalCheckFailedException)) throw error;
        if (!(await getItem(ctx, 'run', runKey))) throw new NotFoundError('run', runKey);
      }
    },
  };
}
