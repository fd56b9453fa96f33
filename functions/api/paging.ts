/**
 * Every list route answers a page (issue 16): `limit` records at most (default 100, at most 1000),
 * ending early so its records stay under PAGE_BYTES, with `next` (an opaque cursor) when there is
 * more. The client sends `next` back unchanged for the following page. Together with the views'
 * few added fields, an answer stays under 1 MB whatever the size of the customer.
 */
import * as z from 'zod/mini';
import { INVALID_CURSOR, type Page, type PageRequest } from '../application/paged-reads.ts';
import type { Refusal } from './route.ts';

export const PAGE_LIMIT = { default: 100, max: 1000 } as const;
/**
 * Bytes of stored records per page. An answer (records plus local-time fields) then stays far under
 * 1 MB, and its time, which grows with its bytes (DynamoDB's read and the parsing), stays within
 * the API's p99 goal at the largest page (bench/RESULTS.md, "The API at a large customer").
 */
export const PAGE_BYTES = 256 * 1024;

export const PageQuery = z.object({
  limit: z
    ._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(PAGE_LIMIT.max)), PAGE_LIMIT.default)
    .check(
      z.describe(
        `records per page, at most ${PAGE_LIMIT.max} (a page also ends before ${PAGE_BYTES / 1024} KB)`,
      ),
    ),
  next: z
    .optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,4096}$/, 'must be the `next` of a previous page')))
    .check(z.describe('the `next` of the previous page, unchanged (opaque)')),
});

/** A list answer: the page's records under `key`, and `next` unless this is the last page. */
export const pageSchema = <T extends z.ZodMiniType>(key: string, item: T) =>
  z.object({
    [key]: z.array(item),
    next: z
      .optional(z.string())
      .check(z.describe('send it back as `next` for the following page; absent on the last')),
  });

/** The 400 of a cursor from another list (or another customer, C12.1), as route refusals list it. */
export const CURSOR_REFUSAL: Refusal = { path: 'next', message: INVALID_CURSOR };

export const pageRequestOf = (query: { limit: number; next?: string | undefined }): PageRequest => ({
  limit: query.limit,
  next: query.next,
  maxBytes: PAGE_BYTES,
});

export const pageBody = <T>(key: string, page: Page<T>): Record<string, unknown> =>
  page.next === undefined ? { [key]: page.items } : { [key]: page.items, next: page.next };
