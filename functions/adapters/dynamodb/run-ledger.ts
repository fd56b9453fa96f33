/**
 * C11.2: a run delivered twice does its work once. A run is claimed by a conditional Put on its key
 * (the schedule's own scheduled time); the second claim loses. A claimed run that dies before
 * completing is not re-run under the same key: the next scheduled run catches up everything due up
 * to its own time, so nothing is dropped.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { z } from 'zod';
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
  runKey: z.string().min(1),
  claimedAt: InstantString,
  completedAt: InstantString.optional(),
  summary: z.record(z.string(), z.unknown()).optional(),
});

export function createRunLedger(ctx: StoreContext): RunLedger {
  return {
    async get(runKey) {
      const item = await getItem(ctx, 'run', runKey);
      return item ? fromItem(StoredRun, item, 'run') : undefined;
    },
    async claim(runKey, at) {
      const run = { runKey, claimedAt: toIso(at) };
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
              ConditionExpression: 'attribute_not_exists(pk)',
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
