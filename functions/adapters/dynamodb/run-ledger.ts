/**
 * C11.2: a run delivered twice does its work once. A run is claimed by a conditional Put on its key
 * (the schedule's own scheduled time); the second claim loses while the first holds it. A run that
 * fails gives its claim back (`release`), and a claim held longer than RUN_LEASE_MINUTES (the Lambda
 * limit) without completing is stale: its run died, so a retry of that delivery may take it over.
 * Every step of a run is idempotent, so taking over a dead run's work is safe.
 */
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
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

/** No run outlives a Lambda invocation (15 minutes): a claim older than that belongs to a dead run. */
export const RUN_LEASE_MINUTES = 15;

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
              ConditionExpression:
                'attribute_not_exists(pk) OR (attribute_not_exists(#record.#completedAt) AND #record.#claimedAt < :staleBefore)',
              ExpressionAttributeNames: {
                '#record': 'record',
                '#completedAt': 'completedAt',
                '#claimedAt': 'claimedAt',
              },
              ExpressionAttributeValues: {
                ':staleBefore': toIso(at.subtract({ minutes: RUN_LEASE_MINUTES })),
              },
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
