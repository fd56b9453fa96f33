/**
 * The read side of the store in pages (issue 16): every list the API serves, read as one key range
 * of an index scoped to the customer (and time), a page at a time, so a call costs the same at 5
 * servers as at 5,000. A page ends at `limit` records or at `maxBytes` of records, whichever comes
 * first, and names an opaque cursor (`next`) for the rest; `next` is absent on the last page.
 *
 * The compliance report (C10.2) can read its evidence the same way: backups, changes, postponement
 * requests and audit events of one customer in a period (`eachPage` reads them all, page by page).
 */
import type { Instant } from '../domain/calendar.ts';
import type {
  AuditEvent,
  BackupRun,
  Change,
  Customer,
  Notice,
  PostponementRequest,
  Server,
} from '../domain/records.ts';

export type PageRequest = {
  limit: number;
  /** The cursor a previous page handed out; a cursor from another list is refused (ValidationError). */
  next?: string | undefined;
  /** Stop before the records of the page add up to more than this (at least one record is kept). */
  maxBytes?: number | undefined;
};

export type Page<T> = { items: T[]; next?: string };

/** The field error of a cursor that is not one this list handed out (a 400 naming `next`). */
export const INVALID_CURSOR = 'is not a cursor this list handed out';

/** The same page with each record turned into what the caller shows. */
export const mapPage = <T, U>(page: Page<T>, f: (item: T) => U): Page<U> =>
  page.next === undefined ? { items: page.items.map(f) } : { items: page.items.map(f), next: page.next };

/** Inclusive on both ends. */
export type Period = { from: Instant; to: Instant };

export type ChangeSelection = 'upcoming' | 'past' | 'all';

export interface PagedReads {
  /** Every customer, by id. */
  customers(page: PageRequest): Promise<Page<Customer>>;
  /** The servers of one customer (by id), or of every customer (by customer, then id). */
  servers(customerId: string | undefined, page: PageRequest): Promise<Page<Server>>;
  /**
   * A customer's changes by apply time. `upcoming` = planned, notified or postponed; `past` = the
   * others. With `period`, only those whose apply time is within it.
   */
  changesOfCustomer(
    customerId: string,
    which: ChangeSelection,
    page: PageRequest,
    period?: Period,
  ): Promise<Page<Change>>;
  /** A customer's notices, by the time they were due to go out. */
  noticesOfCustomer(customerId: string, page: PageRequest): Promise<Page<Notice>>;
  /** A customer's backup runs scheduled within `period`, oldest first (C9). */
  backupsOfCustomer(customerId: string, period: Period, page: PageRequest): Promise<Page<BackupRun>>;
  /** A customer's postponement requests received within `period` (C4, C5.4). */
  requestsOfCustomer(
    customerId: string,
    period: Period,
    page: PageRequest,
  ): Promise<Page<PostponementRequest>>;
  /** A customer's audit events within `period` (C10.1, C10.2). */
  auditOfCustomer(customerId: string, period: Period, page: PageRequest): Promise<Page<AuditEvent>>;
  /** Requests waiting for the CS team (C4.4), oldest first. */
  pendingReviews(page: PageRequest): Promise<Page<PostponementRequest>>;
}

/** Reads every page of a paged read, `limit` records at a time (for a report, not for an API answer). */
export async function* eachPage<T>(
  read: (page: PageRequest) => Promise<Page<T>>,
  limit = 500,
): AsyncGenerator<T[]> {
  let next: string | undefined;
  do {
    const page = await read({ limit, next });
    yield page.items;
    next = page.next;
  } while (next);
}
