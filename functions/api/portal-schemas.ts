/**
 * The schemas of the routes the customer portal and the CS console read (portal-routes.ts,
 * console-routes.ts, feed-routes.ts): validated by the router, documented in the OpenAPI document.
 */
import * as z from 'zod/mini';
import { ChangeState, MaintenanceWindow, named, Release, ReleaseClass } from '../domain/records.ts';
import '../domain/zod-messages.ts';

const instant = z.iso.datetime({ offset: true }).check(z.describe('ISO 8601 instant'));

export const LocalTime = named(
  z.object({
    at: z.string().check(z.describe('ISO 8601 instant')),
    local: z.string().check(z.describe('in the customer zone, named')),
  }),
  'LocalTime',
);

const ReleaseSummary = named(
  z.pick(Release, { id: true, title: true, description: true, version: true, class: true }),
  'ReleaseSummary',
);

export const CustomerOverview = named(
  z.object({
    customer: z.object({
      id: z.string(),
      name: z.string(),
      timeZone: z.string(),
      maintenanceWindow: MaintenanceWindow,
    }),
    now: LocalTime.check(z.describe("the service's clock")),
    windows: z.array(
      z.object({
        date: z.string().check(z.describe('local date the window or urgent night starts on')),
        start: LocalTime,
        end: LocalTime,
        kind: z.enum(['window', 'night']),
        changes: z.int(),
        servers: z.int(),
        classes: z.array(ReleaseClass),
        releases: z.array(ReleaseSummary),
        firstChangeId: z.optional(z.string()),
        postponeUntil: z
          .optional(LocalTime)
          .check(z.describe('C4.2 / C5.4: the last instant a request to move is accepted')),
        msLeft: z
          .optional(z.number())
          .check(z.describe('milliseconds from now to postponeUntil (negative once passed)')),
      }),
    ),
    repeats: z.array(
      z.object({
        changeId: z.string(),
        serverId: z.string(),
        releaseId: z.string(),
        attempt: z.int(),
        failedAt: z.optional(LocalTime),
        repeatAt: LocalTime,
      }),
    ),
    needsAttention: z.array(
      z.object({ serverId: z.string(), changeId: z.optional(z.string()), since: z.optional(LocalTime) }),
    ),
    servers: z.int(),
  }),
  'CustomerOverview',
);

export const PostponementChoices = named(
  z.object({
    changeId: z.string(),
    serverId: z.string(),
    class: ReleaseClass,
    state: ChangeState,
    release: z.optional(ReleaseSummary),
    applyAt: LocalTime,
    timeZone: z.string(),
    now: LocalTime,
    deadline: LocalTime,
    msLeft: z.number(),
    open: z.boolean(),
    closedReason: z.optional(z.object({ clause: z.string(), reason: z.string() })),
    options: z.array(
      z.object({
        date: z.string().check(z.describe('the newDate to send')),
        start: LocalTime,
        end: LocalTime,
        outcome: z
          .enum(['granted', 'pending-review', 'refused'])
          .check(z.describe('what the service would decide now')),
        clause: z.string(),
        reason: z.string(),
      }),
    ),
    limits: z.object({
      kind: z.enum(['scheduled', 'urgent']),
      maxDaysAfterOriginal: z.optional(z.int()),
      maxCount: z.optional(z.int()),
      used: z.optional(z.int()),
      defaultNights: z.optional(z.int()),
      maxNights: z.optional(z.int()),
      original: LocalTime,
    }),
    riskStatement: z.string().check(z.describe('C4.3: the words accepted with acceptRisk: true')),
  }),
  'PostponementChoices',
);

export const HistoryQuery = z.object({
  from: z.optional(instant).check(z.describe('start of the period (default: 90 days before its end)')),
  to: z.optional(instant).check(z.describe('end of the period (default: now)')),
  limit: z
    ._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(1000)), 200)
    .check(z.describe('events per page')),
  next: z
    .optional(z.string().check(z.regex(/^[A-Za-z0-9_-]{1,400}$/, 'must be the `next` of a previous page')))
    .check(z.describe('the `next` of the previous page, unchanged (opaque)')),
});

export const HistoryPage = named(
  z.object({
    events: z.array(
      z.object({
        id: z.string(),
        at: z.string(),
        atLocal: z.string(),
        type: z.string(),
        actor: z.string(),
        subjectId: z.string(),
        clause: z.optional(z.string()),
        summary: z.string(),
      }),
    ),
    next: z
      .optional(z.string())
      .check(z.describe('send it back as `next` for the following page; absent on the last')),
  }),
  'HistoryPage',
);

export const NoticeAsSent = named(
  z.object({
    id: z.string(),
    kind: z.string(),
    status: z.string(),
    to: z.array(z.string()),
    sentAt: z.optional(z.string()),
    sentAtLocal: z.optional(z.string()),
    subject: z.string(),
    text: z.string(),
    html: z.string(),
  }),
  'NoticeAsSent',
);

export const FeedStatus = named(
  z.object({
    active: z.boolean(),
    createdAt: z.optional(z.string()),
    createdAtLocal: z.optional(z.string()),
  }),
  'CalendarFeedStatus',
);

export const FeedCreated = named(
  z.object({
    active: z.literal(true),
    createdAt: z.string(),
    url: z.string().check(z.describe('the feed (https); shown once: only its hash is kept')),
    webcalUrl: z.string().check(z.describe('the same feed for calendar programs (webcal)')),
  }),
  'CalendarFeedCreated',
);

export const FeedParam = z.object({ secret: z.string().check(z.minLength(1), z.maxLength(200)) });

export const FleetQuery = z.object({
  days: z
    ._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(366)), 30)
    .check(z.describe('the compliance period, in days up to now')),
});
export const FleetGlance = named(
  z.object({
    now: z.string(),
    from: z.string(),
    customers: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        timeZone: z.string(),
        servers: z.int(),
        clauses: z.array(
          z.object({
            clause: z.string(),
            title: z.string(),
            status: z.enum(['held', 'not-held', 'no-evidence']),
          }),
        ),
        behind: z.array(
          z.object({
            serverId: z.string(),
            version: z.string(),
            latest: z.string(),
            releaseId: z.string(),
            why: z.string(),
          }),
        ),
        needsAttention: z.array(z.string()),
        failedBackups: z.array(
          z.object({
            id: z.string(),
            serverId: z.string(),
            image: z.string(),
            kind: z.string(),
            scheduledForLocal: z.string(),
            attempt: z.int(),
          }),
        ),
        pendingReviews: z.int(),
      }),
    ),
    alerts: z.array(
      z.object({
        id: z.string(),
        at: z.string(),
        reason: z.string(),
        clause: z.optional(z.string()),
        customerId: z.optional(z.string()),
        status: z.string(),
      }),
    ),
    pendingReviews: z.int(),
  }),
  'FleetGlance',
);

export const ReleasePreview = named(
  z.object({
    release: Release,
    exists: z.boolean(),
    changes: z.array(
      z.object({
        serverId: z.string(),
        customerId: z.string(),
        timeZone: z.string(),
        noticeAt: z.string(),
        noticeAtLocal: z.string(),
        applyAt: z.string(),
        applyAtLocal: z.string(),
      }),
    ),
    skipped: z.array(z.object({ serverId: z.string(), customerId: z.string(), reason: z.string() })),
  }),
  'ReleasePreview',
);
