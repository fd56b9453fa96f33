/**
 * Record ↔ item. An item wraps the domain record under `record` with its keys and hashes
 * (table-design.ts); reads parse `record` with the domain zod schema, never return raw maps.
 */
import type * as z from 'zod/v4/core';
import { ValidationError } from '../../domain/errors.ts';
import { parseOrThrow } from '../../domain/validation.ts';
import { contentHash } from './canonical-hash.ts';
import { type EntityName, type IndexKeys, MAX_ITEM_BYTES, primaryKey } from './table-design.ts';

export type Item = Record<string, unknown>;

export type ItemParts = {
  entity: EntityName;
  id: string;
  record: object;
  /** Hash of the record as first created; kept unchanged by every later write. */
  createdHash: string;
  keys?: IndexKeys;
  ttl?: number;
};

export function toItem(parts: ItemParts): Item {
  const item: Item = {
    ...primaryKey(parts.entity, parts.id),
    entity: parts.entity,
    ...parts.keys,
    record: parts.record,
    createdHash: parts.createdHash,
    contentHash: contentHash(parts.record),
    ...(parts.ttl === undefined ? {} : { ttl: parts.ttl }),
  };
  const bytes = Buffer.byteLength(JSON.stringify(item), 'utf8');
  if (bytes > MAX_ITEM_BYTES) {
    throw new ValidationError(`${parts.entity} ${parts.id} is too large to store (${bytes} bytes)`, [
      { path: '(root)', message: `must stay under ${MAX_ITEM_BYTES} bytes` },
    ]);
  }
  return item;
}

/** Parses a stored item's record with the domain schema. */
export function fromItem<S extends z.$ZodType>(schema: S, item: Item, what: string): z.output<S> {
  return parseOrThrow(schema, item.record, `stored ${what}`);
}

/** What a failed condition tells about the stored item (from ALL_OLD, raw or unmarshalled). */
export type StoredState = { exists: boolean; createdHash?: string; contentHash?: string };

export function storedState(raw: Record<string, unknown> | undefined): StoredState {
  if (!raw) return { exists: false };
  return { exists: true, createdHash: stringOf(raw.createdHash), contentHash: stringOf(raw.contentHash) };
}

function stringOf(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'S' in value && typeof value.S === 'string') return value.S;
  return undefined;
}
