/**
 * The contract's records (CONTRACT.md "Words"), as zod schemas with the TypeScript types derived
 * from them. Every record crossing a boundary (API, email, store, scenario file) is parsed here, so
 * invalid data is refused with a message that names the field and the rule.
 *
 * Instants are ISO 8601 UTC strings (`2026-11-25T01:00:00.000Z`); local dates are `YYYY-MM-DD`;
 * local times `HH:MM`. Computation happens on Temporal values (see calendar.ts).
 */
import { z } from 'zod';

export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export const Weekday = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof Weekday>;

/** An instant, always normalised to UTC with a `Z` suffix. */
export const InstantString = z.iso
  .datetime({ offset: true })
  .transform((s) => new Date(s).toISOString())
  .describe('ISO 8601 instant');
export type InstantString = string;

export const LocalDate = z.iso.date().describe('local calendar date YYYY-MM-DD');
export const LocalTime = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time HH:MM (24-hour)')
  .describe('local wall-clock time HH:MM');

export const TimeZone = z.string().refine(isIanaTimeZone, {
  message: 'must be an IANA time zone such as Europe/London',
});

/** Zones already checked: every record parse checks its zone, and Intl is slow to ask. */
const KNOWN_ZONES = new Map<string, boolean>();

export function isIanaTimeZone(zone: string): boolean {
  const known = KNOWN_ZONES.get(zone);
  if (known !== undefined) return known;
  let valid = zone.includes('/') || zone === 'UTC';
  if (valid) {
    try {
      new Intl.DateTimeFormat('en-GB', { timeZone: zone });
    } catch {
      valid = false;
    }
  }
  if (KNOWN_ZONES.size < 1000) KNOWN_ZONES.set(zone, valid);
  return valid;
}

export const CustomerId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be 2–63 lowercase letters, digits or dashes');
export const ServerId = z
  .string()
  .regex(/^mi-[0-9a-f]{17}$/, 'must be an SSM hybrid managed instance id: mi- followed by 17 hex digits');
export const ReleaseId = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/, 'must be 1–80 letters, digits, dots, dashes or underscores');
export const Platform = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be 1–40 lowercase letters, digits or dashes');
export const Email = z.email('must be an email address').transform((s) => s.toLowerCase());

/**
 * A maintenance window (Words): starts on the hour between 00:00 and 05:00 local, so the hourly
 * overnight apply run picks it up.
 */
export const MaintenanceWindow = z.object({
  weekday: Weekday,
  start: LocalTime.refine((t) => /^0[0-5]:00$/.test(t), {
    message: 'a window starts on the hour between 00:00 and 05:00 local',
  }),
  durationHours: z.number().int().min(1).max(12),
});
export type MaintenanceWindow = z.infer<typeof MaintenanceWindow>;

export const Customer = z.object({
  id: CustomerId,
  name: z.string().trim().min(1).max(200),
  timeZone: TimeZone.default('Europe/London'),
  contacts: z.array(Email).min(1, 'a customer needs at least one contact').max(50),
  maintenanceWindow: MaintenanceWindow.default({ weekday: 'WED', start: '01:00', durationHours: 4 }),
});
export type Customer = z.infer<typeof Customer>;

export const Image = z.object({
  name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'must be 1–63 letters, digits, dots, dashes'),
  activeDirectory: z.boolean().default(false),
});
export type Image = z.infer<typeof Image>;

export const ServerStatus = z.enum(['active', 'needs-attention']);
export type ServerStatus = z.infer<typeof ServerStatus>;

export const Server = z
  .object({
    id: ServerId,
    customerId: CustomerId,
    platform: Platform,
    version: z.string().min(1).max(80),
    images: z.array(Image).min(1, 'a server hosts at least one image').max(50),
    status: ServerStatus.default('active'),
  })
  .refine((s) => s.images.filter((i) => i.activeDirectory).length <= 1, {
    message: 'a server has at most one Active Directory image',
    path: ['images'],
  })
  .refine((s) => new Set(s.images.map((i) => i.name)).size === s.images.length, {
    message: 'image names must be unique on a server',
    path: ['images'],
  });
export type Server = z.infer<typeof Server>;

/** C1: the three classes of release. */
export const ReleaseClass = z.enum(['upgrade', 'important', 'urgent']);
export type ReleaseClass = z.infer<typeof ReleaseClass>;

export const Release = z.object({
  id: ReleaseId,
  platform: Platform,
  version: z.string().min(1).max(80),
  class: ReleaseClass,
  title: z.string().trim().min(1).max(200),
  /** C3.3 "why": what the change addresses, in words a customer can read. */
  description: z.string().trim().max(2000).default(''),
  vendorReference: z.string().trim().max(200).optional(),
  /** C1.3: for an urgent release this is the CS team's declaration (who and when). */
  validatedBy: z.string().trim().min(1).max(200),
  validatedAt: InstantString,
});
export type Release = z.infer<typeof Release>;

/** The life of a Change (Words), enforced by change-state.ts. */
export const ChangeState = z.enum([
  'planned',
  'notified',
  'postponed',
  'applying',
  'succeeded',
  'failed-rolled-back',
  'rollback-failed',
  'superseded',
]);
export type ChangeState = z.infer<typeof ChangeState>;

export const ChangeTransition = z.object({
  at: InstantString,
  from: ChangeState.nullable(),
  to: ChangeState,
  actor: z.string().min(1),
  reason: z.string().max(1000),
  clause: z.string().optional(),
});
export type ChangeTransition = z.infer<typeof ChangeTransition>;

export const Change = z.object({
  /** `${releaseId}:${serverId}`: one release applied to one server. */
  id: z.string().min(1),
  releaseId: ReleaseId,
  serverId: ServerId,
  customerId: CustomerId,
  class: ReleaseClass,
  state: ChangeState,
  /** When the overnight apply run should send it (a window start, or 01:00 for urgent). */
  applyAt: InstantString,
  /** The 12:00 notice run that must notify it (C3.2, C5.2). */
  noticeAt: InstantString,
  /** The window first notified to the customer: the origin of C4.4's 28-day limit. */
  originalApplyAt: InstantString.optional(),
  postponementCount: z.number().int().min(0).default(0),
  /** 1 for the first application, +1 for every repeat after a failure (C6.4). */
  attempt: z.number().int().min(1).default(1),
  noticeId: z.string().optional(),
  commandId: z.string().optional(),
  /** Optimistic-concurrency version: every write bumps it and is conditional on it. */
  version: z.number().int().min(0),
  history: z.array(ChangeTransition).default([]),
});
export type Change = z.infer<typeof Change>;

export const Channel = z.enum(['email', 'api']);
export type Channel = z.infer<typeof Channel>;

/** C4.3: the explicit acceptance of the interim risks, recorded word for word. */
export const RiskAcceptance = z.object({
  by: z.string().min(1),
  at: InstantString,
  words: z.string().trim().min(1).max(2000),
});
export type RiskAcceptance = z.infer<typeof RiskAcceptance>;

export const DecisionOutcome = z.enum(['granted', 'refused', 'pending-review']);
export type DecisionOutcome = z.infer<typeof DecisionOutcome>;

export const PostponementDecision = z.object({
  outcome: DecisionOutcome,
  clause: z.string().min(1),
  reason: z.string().min(1),
  newApplyAt: InstantString.optional(),
  decidedBy: z.string().min(1),
  decidedAt: InstantString,
});
export type PostponementDecision = z.infer<typeof PostponementDecision>;

export const PostponementRequest = z.object({
  id: z.string().min(1),
  changeId: z.string().min(1),
  customerId: CustomerId,
  via: Channel,
  /** Sender address (email) or API identity. */
  requester: z.string().min(1).max(320),
  reason: z.string().trim().min(1, 'an important business reason is required (C4.1)').max(2000),
  /** Optional local date the customer asks for; otherwise the next window (C4.4) or night (C5.4). */
  requestedDate: LocalDate.optional(),
  riskAcceptance: RiskAcceptance.optional(),
  /** C11.3: the service's own receipt time. */
  receivedAt: InstantString,
  decision: PostponementDecision.optional(),
});
export type PostponementRequest = z.infer<typeof PostponementRequest>;

export const NoticeKind = z.enum([
  'scheduled',
  'urgent',
  'postponement-granted',
  'postponement-refused',
  'postponement-review',
  'failure',
]);
export type NoticeKind = z.infer<typeof NoticeKind>;

export const NoticeLine = z.object({
  changeId: z.string().min(1),
  serverId: ServerId,
  releaseId: ReleaseId,
  applyAt: InstantString,
});
export type NoticeLine = z.infer<typeof NoticeLine>;

export const NoticeStatus = z.enum(['pending', 'sent', 'failed']);
export const Notice = z.object({
  id: z.string().min(1),
  customerId: CustomerId,
  kind: NoticeKind,
  to: z.array(Email).min(1),
  changes: z.array(NoticeLine),
  /** C4.2 / C5.4: the last instant a postponement request is accepted for these changes. */
  postponeUntil: InstantString.optional(),
  /** The latest instant this notice may be sent and still keep its clause (C3.2, C5.2, C8.2). */
  sendBy: InstantString,
  status: NoticeStatus,
  sentAt: InstantString.optional(),
  messageId: z.string().optional(),
  version: z.number().int().min(0),
});
export type Notice = z.infer<typeof Notice>;

export const BackupKind = z.enum(['full', 'incremental']);
export type BackupKind = z.infer<typeof BackupKind>;
export const CopyTarget = z.enum(['local', 'cloud']);
export const BackupState = z.enum(['planned', 'running', 'succeeded', 'failed']);
export type BackupState = z.infer<typeof BackupState>;

export const BackupRun = z.object({
  id: z.string().min(1),
  serverId: ServerId,
  customerId: CustomerId,
  image: z.string().min(1),
  kind: BackupKind,
  /** The slot in the backup calendar (C9.4), after moving out of a window. */
  scheduledFor: InstantString,
  state: BackupState,
  copies: z.array(CopyTarget).default([]),
  attempt: z.number().int().min(1).default(1),
  commandId: z.string().optional(),
  finishedAt: InstantString.optional(),
  version: z.number().int().min(0),
});
export type BackupRun = z.infer<typeof BackupRun>;

/** C10.1: every notice, request, decision, acceptance, application, rollback and backup. */
export const AuditEvent = z.object({
  id: z.string().min(1),
  at: InstantString,
  actor: z.string().min(1),
  type: z.string().regex(/^[a-z]+(\.[a-z-]+)+$/, 'must be a dotted event type such as change.notified'),
  customerId: CustomerId.optional(),
  subjectId: z.string().min(1),
  clause: z.string().optional(),
  data: z.record(z.string(), z.unknown()).default({}),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

/** Parse with a schema and turn zod issues into one ValidationError naming each field and rule. */
export { parseOrThrow } from './validation.ts';
