/**
 * The two write shapes every versioned record shares: idempotent creation on its deterministic id,
 * and an update guarded by its `version` (optimistic concurrency). Each goes in one transaction
 * with the caller's audit events (C10.1).
 */
import type * as z from 'zod/v4/core';
import type { CreateResult } from '../../application/ports.ts';
import type { AuditEvent } from '../../domain/records.ts';
import { parseOrThrow } from '../../domain/validation.ts';
import { auditPuts } from './audit-log.ts';
import { contentHash } from './canonical-hash.ts';
import { type Item, toItem } from './item-codec.ts';
import type { StoreContext } from './store-context.ts';
import type { EntityName, IndexKeys } from './table-design.ts';
import {
  createCondition,
  sameContent,
  sameCreation,
  type TxPut,
  transact,
  versionCondition,
} from './transact.ts';

export type RecordSpec<S extends z.$ZodType> = {
  entity: EntityName;
  schema: S;
  keys: (record: z.output<S>) => IndexKeys;
  /** Shapes the record before it is stored (e.g. caps a Change's history). */
  prepare?: (record: z.output<S>) => z.output<S>;
};

type Identified = { id: string };

export function creationPut<S extends z.$ZodType>(
  spec: RecordSpec<S>,
  input: unknown,
): { put: TxPut; record: z.output<S> } {
  const parsed = parseOrThrow(spec.schema, input, spec.entity) as z.output<S> & Identified;
  const record = spec.prepare ? spec.prepare(parsed) : parsed;
  const createdHash = contentHash(record);
  const item = toItem({
    entity: spec.entity,
    id: parsed.id,
    record: record as object,
    createdHash,
    keys: spec.keys(record),
  });
  return {
    record,
    put: {
      item,
      condition: createCondition,
      role: 'record',
      label: `${spec.entity} ${parsed.id}`,
      isReplay: sameCreation(createdHash),
    },
  };
}

/** Same content as an earlier creation → 'existing'; different content → ConflictError. */
export async function createRecord<S extends z.$ZodType>(
  ctx: StoreContext,
  spec: RecordSpec<S>,
  input: unknown,
  audit: AuditEvent[],
): Promise<CreateResult> {
  const { put } = creationPut(spec, input);
  const outcome = await transact(ctx, [put, ...auditPuts(audit)]);
  return outcome === 'written' ? 'created' : 'existing';
}

/**
 * The guarded update of one record: it stores `next` with version `expectedVersion + 1`, only if
 * the stored version is still `expectedVersion`. A replay of the same update is a success.
 */
export function updatePut<S extends z.$ZodType>(
  spec: RecordSpec<S>,
  next: unknown,
  expectedVersion: number,
): { put: TxPut; record: z.output<S> } {
  const parsed = parseOrThrow(
    spec.schema,
    { ...(next as object), version: expectedVersion + 1 },
    spec.entity,
  ) as z.output<S> & Identified;
  const record = spec.prepare ? spec.prepare(parsed) : parsed;
  const item: Item = toItem({
    entity: spec.entity,
    id: parsed.id,
    record: record as object,
    createdHash: '',
    keys: spec.keys(record),
  });
  return {
    record,
    put: {
      item,
      mode: 'update',
      condition: versionCondition(expectedVersion),
      role: 'record',
      label: `${spec.entity} ${parsed.id}`,
      isReplay: sameContent(item),
      notFound: { entity: spec.entity, id: parsed.id },
    },
  };
}

export async function updateRecord<S extends z.$ZodType>(
  ctx: StoreContext,
  spec: RecordSpec<S>,
  next: unknown,
  expectedVersion: number,
  audit: AuditEvent[],
): Promise<z.output<S>> {
  const { put, record } = updatePut(spec, next, expectedVersion);
  await transact(ctx, [put, ...auditPuts(audit)]);
  return record;
}
