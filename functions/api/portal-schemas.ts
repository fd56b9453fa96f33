/**
 * The schemas of the routes the customer portal and the CS console read (portal-routes.ts,
 * console-routes.ts, feed-routes.ts): validated by the router, documented in the OpenAPI document.
 */
import * as z from 'zod';
import { ChangeState, MaintenanceWindow, Release, ReleaseClass } from '../domain/records.ts';

const instant = z.iso.datetime({ offset: true }).describe('ISO 8601 instant');

export const LocalTime = z
  .object({
    at: z.string().describe('ISO 8601 instant'),
    local: z.string().describe('in the customer zone, named'),
  })
  .meta({ id: 'LocalTime' });

const ReleaseSummary = Release.pick({
  id: true,
  title: true,
  description: true,
  version: true,
  class: true,
}).meta({
  id: 'ReleaseSummary',
});

export const CustomerOverview = z
  .object({
    customer: z.object({
      id: z.string(),
      name: z.string(),
      timeZone: z.string(),
      maintenanceWindow: MaintenanceWindow,
    }),
    now: LocalTime.describe("the service's clock"),
    windows: z.array(
      z.object({
        date: z.string().describe('local date the window or urgent night starts on'),
        start: LocalTime,
        end: LocalTime,
        kind: z.enum(['window', 'night']),
        changes: z.number().int(),
        servers: z.number().int(),
        classes: z.array(ReleaseClass),
        releases: z.array(ReleaseSummary),
        firstChangeId: z.string().optional(),
        postponeUntil: LocalTime.optional().describe(
          'C4.2 / C5.4: the last instant a request to move is accepted',
        ),
        msLeft: z
          .number()
          .optional()
          .describe('milliseconds from now to postponeUntil (negative once passed)'),
      }),
    ),
    repeats: z.array(
      z.object({
        changeId: z.string(),
        serverId: z.string(),
        releaseId: z.string(),
        attempt: z.number().int(),
        failedAt: LocalTime.optional(),
        repeatAt: LocalTime,
      }),
    ),
    needsAttention: z.array(
      z.object({ serverId: z.string(), changeId: z.string().optional(), since: LocalTime.optional() }),
    ),
    servers: z.number().int(),
  })
  .meta({ id: 'CustomerOverview' });

export const PostponementChoices = z
  .object({
    changeId: z.string(),
    serverId: z.string(),
    class: ReleaseClass,
    state: ChangeState,
    release: ReleaseSummary.optional(),
    applyAt: LocalTime,
    timeZone: z.string(),
    now: LocalTime,
    deadline: LocalTime,
    msLeft: z.number(),
    open: z.boolean(),
    closedReason: z.object({ clause: z.string(), reason: z.string() }).optional(),
    options: z.array(
      z.object({
        date: z.string().describe('the newDate to send'),
        start: LocalTime,
        end: LocalTime,
        outcome: z
          .enum(['granted', 'pending-review', 'refused'])
          .describe('what the service would decide now'),
        clause: z.string(),
        reason: z.string(),
      }),
    ),
    limits: z.object({
      kind: z.enum(['scheduled', 'urgent']),
      maxDaysAfterOriginal: z.number().int().optional(),
      maxCount: z.number().int().optional(),
      used: z.number().int().optional(),
      defaultNights: z.number().int().optional(),
      maxNights: z.number().int().optional(),
      original: LocalTime,
    }),
    riskStatement: z.string().describe('C4.3: the words accepted with acceptRisk: true'),
  })
  .meta({ id: 'PostponementChoices' });

export const HistoryQuery = z.object({
  from: instant.optional().describe('start of the period (default: 90 days before its end)'),
  to: instant.optional().describe('end of the period (default: now)'),
  limit: z.coerce.number().int().min(1).max(1000).default(200).describe('events per page'),
  next: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,400}$/, 'must be the `next` of a previous page')
    .optional()
    .describe('the `next` of the previous page, unchanged (opaque)'),
});

export const HistoryPage = z
  .object({
    events: z.array(
      z.object({
        id: z.string(),
        at: z.string(),
        atLocal: z.string(),
        type: z.string(),
        actor: z.string(),
        subjectId: z.string(),
        clause: z.string().optional(),
        summary: z.string(),
      }),
    ),
    next: z.string().optional().describe('send it back as `next` for the following page; absent on the last'),
  })
  .meta({ id: 'HistoryPage' });

export const NoticeAsSent = z
  .object({
    id: z.string(),
    kind: z.string(),
    status: z.string(),
    to: z.array(z.string()),
    sentAt: z.string().optional(),
    sentAtLocal: z.string().optional(),
    subject: z.string(),
    text: z.string(),
    html: z.string(),
  })
  .meta({ id: 'NoticeAsSent' });

export const FeedStatus = z
  .object({
    active: z.boolean(),
    createdAt: z.string().optional(),
    createdAtLocal: z.string().optional(),
  })
  .meta({ id: 'CalendarFeedStatus' });

export const FeedCreated = z
  .object({
    active: z.literal(true),
    createdAt: z.string(),
    url: z.string().describe('the feed (https); shown once: only its hash is kept'),
    webcalUrl: z.string().describe('the same feed for calendar programs (webcal)'),
  })
  .meta({ id: 'CalendarFeedCreated' });

export const FeedParam = z.object({ secret: z.string().min(1).max(200) });

export const FleetQuery = z.object({
  days: z.coerce
    .number()
    .int()
    .min(1)
    .max(366)
    .default(30)
    .describe('the compliance period, in days up to now'),
});

export const FleetGlance = z
  .object({
    now: z.string(),
    from: z.string(),
    customers: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        timeZone: z.string(),
        servers: z.number().int(),
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
            attempt: z.number().int(),
          }),
        ),
        pendingReviews: z.number().int(),
      }),
    ),
    alerts: z.array(
      z.object({
        id: z.string(),
        at: z.string(),
        reason: z.string(),
        clause: z.string().optional(),
        customerId: z.string().optional(),
        status: z.string(),
      }),
    ),
    pendingReviews: z.number().int(),
  })
  .meta({ id: 'FleetGlance' });

export const ReleasePreview = z
  .object({
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
  })
  .meta({ id: 'ReleasePreview' });
