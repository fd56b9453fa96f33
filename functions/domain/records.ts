/**
 * The contract's records (docs/contract.md "Terms"), as zod schemas with the TypeScript types derived
 * from them. Every record crossing a boundary (API, email, store, scenario file) is parsed here, so
 * invalid data is refused with a message that names the field and the rule.
 *
 * Instants are ISO 8601 UTC strings (`2026-11-25T01:00:00.000Z`); local dates are `YYYY-MM-DD`;
 * local times `HH:MM`. Computation happens on Temporal values (see calendar.ts).
 */
import * as z from 'zod/mini';
import { TIME_ZONES } from './time-zones.ts';
import './zod-messages.ts';

export const WEEKDAYS = ['MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT', 'SUN'] as const;
export const Weekday = z.enum(WEEKDAYS);
export type Weekday = z.infer<typeof Weekday>;

/**
 * A zod string format whose own regex also goes into the API document: OpenAPI's `format`
 * (date-time, date, email) is looser than zod's check, so the pattern is what keeps a
 * schema-valid request a server-valid one.
 */
function documentedFormat<S extends z.ZodMiniType & { _zod: { def: { pattern?: RegExp } } }>(schema: S): S {
  const pattern = schema._zod.def.pattern;
  return pattern ? schema.check(z.meta({ pattern: pattern.source })) : schema;
}

/**
 * Names a schema in the API document (its component id), on a copy of it. Not a `meta` check:
 * zod/mini's `.check()` carries every earlier check into the schema it derives, so a derived
 * schema would claim the same id.
 */
export function named<S extends z.ZodMiniType>(schema: S, id: string, description?: string): S {
  const copy = z.clone(schema);
  z.globalRegistry.add(copy, description === undefined ? { id } : { id, description });
  return copy;
}

/** ISO 8601 instant with its offset: `2026-11-25T01:00:00Z`, `2026-11-25T02:00:00.000+01:00`. */
export const IsoInstant = documentedFormat(z.iso.datetime({ offset: true })).check(
  z.describe('ISO 8601 instant'),
);

/**
 * A transform's output, described for the API document: JSON Schema cannot say what a function
 * returns, so each normalising transform states the shape of what it gives.
 */
const normalise = <T>(
  fn: (value: T) => string,
  output: { format: string; pattern?: string; description: string },
) => z.transform(fn).register(z.globalRegistry, { type: 'string', ...output });

/** An instant, always normalised to UTC with a `Z` suffix. */
export const InstantString = z.pipe(
  IsoInstant,
  normalise((s: string) => new Date(s).toISOString(), {
    format: 'date-time',
    pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z$',
    description: 'ISO 8601 instant in UTC',
  }),
);
export type InstantString = string;

export const LocalDate = documentedFormat(z.iso.date()).check(z.describe('local calendar date YYYY-MM-DD'));

/**
 * Free text a person must fill in: at least one visible character, trimmed, at most `max`
 * characters. "Not blank" is a pattern (not a length after trimming) so the document states it.
 */
export const Text = (max: number, blank = 'must not be blank') =>
  z.string().check(z.regex(/\S/, blank), z.trim(), z.maxLength(max));
export const LocalTime = z
  .string()
  .check(
    z.regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be a local time HH:MM (24-hour)'),
    z.describe('local wall-clock time HH:MM'),
  );

const nonEmpty = z.string().check(z.minLength(1));

/**
 * DESIGN.md rule 2: who performs a side effect (an invocation's request id), until when (its
 * deadline) and since when. See domain/claims.ts for when another invocation may take it over.
 */
export const ClaimRecord = z.object({
  holder: z.string().check(z.minLength(1), z.maxLength(200)),
  until: InstantString,
  at: InstantString,
});

/** A send claimed on a change or a backup: the Comment its SSM command carries (unique to the send). */
export const SendClaim = z.extend(ClaimRecord, { key: z.string().check(z.minLength(1), z.maxLength(100)) });
export type SendClaim = z.infer<typeof SendClaim>;

/** C11.1: one of the IANA zones of time-zones.ts (each known to the runtime's ICU). */
export const TimeZone = named(
  z.enum(TIME_ZONES as [string, ...string[]], { error: 'must be an IANA time zone such as Europe/London' }),
  'TimeZone',
  "IANA time zone (a customer's default: Europe/London)",
);

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
  .check(z.regex(/^[a-z0-9][a-z0-9-]{1,62}$/, 'must be 2–63 lowercase letters, digits or dashes'));
export const ServerId = z
  .string()
  .check(
    z.regex(/^mi-[0-9a-f]{17}$/, 'must be an SSM hybrid managed instance id: mi- followed by 17 hex digits'),
  );
export const ReleaseId = z
  .string()
  .check(
    z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,79}$/, 'must be 1–80 letters, digits, dots, dashes or underscores'),
  );
export const Platform = z
  .string()
  .check(z.regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'must be 1–40 lowercase letters, digits or dashes'));
const EmailAddress = documentedFormat(z.email('must be an email address'));
export const Email = z.pipe(
  EmailAddress,
  normalise((s: string) => s.toLowerCase(), {
    format: 'email',
    pattern: EmailAddress._zod.def.pattern?.source,
    description: 'email address, lower-cased',
  }),
);

/**
 * A maintenance window (Words): starts on the hour between 00:00 and 05:00 local, so the hourly
 * overnight apply run picks it up.
 */
export const WINDOW_STARTS: readonly string[] = ['00:00', '01:00', '02:00', '03:00', '04:00', '05:00'];
export const MaintenanceWindow = z.object({
  weekday: Weekday,
  start: z
    .enum(WINDOW_STARTS as [string, ...string[]], {
      error: 'a window starts on the hour between 00:00 and 05:00 local',
    })
    .check(z.describe('local wall-clock time HH:MM, on the hour between 00:00 and 05:00')),
  durationHours: z.int().check(z.gte(1), z.lte(12)),
});
export type MaintenanceWindow = z.infer<typeof MaintenanceWindow>;

export const Customer = z.object({
  id: CustomerId,
  name: Text(200),
  timeZone: z._default(TimeZone, 'Europe/London'),
  contacts: z.array(Email).check(z.minLength(1, 'a customer needs at least one contact'), z.maxLength(50)),
  maintenanceWindow: z._default(MaintenanceWindow, { weekday: 'WED', start: '01:00', durationHours: 4 }),
});
export type Customer = z.infer<typeof Customer>;

export const Image = z.object({
  name: z
    .string()
    .check(z.regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,62}$/, 'must be 1–63 letters, digits, dots, dashes')),
  activeDirectory: z._default(z.boolean(), false),
});
export type Image = z.infer<typeof Image>;

/** A rule JSON Schema cannot state (uniqueItems compares whole items): the API lists it as a refusal. */
export const UNIQUE_IMAGE_NAMES = 'image names must be unique on a server';

export const ServerStatus = z.enum(['active', 'needs-attention']);
export type ServerStatus = z.infer<typeof ServerStatus>;

export const Server = z
  .object({
    id: ServerId,
    customerId: CustomerId,
    platform: Platform,
    version: z.string().check(z.minLength(1), z.maxLength(80)),
    images: z.array(Image).check(
      z.minLength(1, 'a server hosts at least one image'),
      z.maxLength(50),
      // The first rule below, as the API document states it: at most one item is the AD image.
      z.meta({
        contains: {
          type: 'object',
          properties: { activeDirectory: { const: true } },
          required: ['activeDirectory'],
        },
        minContains: 0,
        maxContains: 1,
      }),
    ),
    status: z._default(ServerStatus, 'active'),
  })
  .check(
    z.refine((s) => s.images.filter((i) => i.activeDirectory).length <= 1, {
      message: 'a server has at most one Active Directory image',
      path: ['images'],
    }),
    z.refine((s) => new Set(s.images.map((i) => i.name)).size === s.images.length, {
      message: UNIQUE_IMAGE_NAMES,
      path: ['images'],
    }),
  );
export type Server = z.infer<typeof Server>;

/**
 * How the CS team registers a server: a Server, where the Active Directory image (C9.2: backed up
 * incrementally every day) may also be named by `activeDirectoryImage`. A name that is not among
 * `images`, or that contradicts an image flagged otherwise, is refused: dropping it silently would
 * leave the server without its daily AD backup. `serverOfRegistration` turns it into the Server.
 */
export const ServerRegistration = z
  .safeExtend(Server, {
    activeDirectoryImage: z
      .optional(Image.shape.name)
      .check(z.describe('the Active Directory image (C9.2): one of `images` by name')),
  })
  .check(
    z.refine(
      (s) => s.activeDirectoryImage === undefined || s.images.some((i) => i.name === s.activeDirectoryImage),
      {
        message: 'must be one of the server images (C9.2: the AD image is backed up daily)',
        path: ['activeDirectoryImage'],
      },
    ),
    z.refine(
      (s) =>
        s.activeDirectoryImage === undefined ||
        s.images.every((i) => !i.activeDirectory || i.name === s.activeDirectoryImage),
      {
        message: 'another image is already flagged as the Active Directory image',
        path: ['activeDirectoryImage'],
      },
    ),
  );
export type ServerRegistration = z.infer<typeof ServerRegistration>;

export function serverOfRegistration({ activeDirectoryImage, ...server }: ServerRegistration): Server {
  if (activeDirectoryImage === undefined) return server;
  return {
    ...server,
    images: server.images.map((i) => ({ ...i, activeDirectory: i.name === activeDirectoryImage })),
  };
}

/** C1: the three classes of release. */
export const ReleaseClass = z.enum(['upgrade', 'important', 'urgent']);
export type ReleaseClass = z.infer<typeof ReleaseClass>;

export const Release = z.object({
  id: ReleaseId,
  platform: Platform,
  version: Text(80),
  class: ReleaseClass,
  title: Text(200),
  /** C3.3 "why": what the change addresses, in words a customer can read. */
  description: z._default(z.string().check(z.trim(), z.maxLength(2000)), ''),
  vendorReference: z.optional(z.string().check(z.trim(), z.maxLength(200))),
  /** C1.3: for an urgent release this is the CS team's declaration (who and when). */
  validatedBy: z.string().check(z.trim(), z.minLength(1), z.maxLength(200)),
  validatedAt: InstantString,
});
export type Release = z.infer<typeof Release>;

/**
 * C4.6: a granted postponement binds the server. A change that supersedes a postponed one either
 * inherits its granted date (`inherited`: not applied before it) or, urgent, goes earlier
 * (`overridden`: its notice says so).
 */
export const PostponementBinding = z.object({
  changeId: nonEmpty,
  releaseId: ReleaseId,
  until: InstantString,
  mode: z.enum(['inherited', 'overridden']),
});
export type PostponementBinding = z.infer<typeof PostponementBinding>;

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
  from: z.nullable(ChangeState),
  to: ChangeState,
  actor: nonEmpty,
  reason: z.string().check(z.maxLength(1000)),
  clause: z.optional(z.string()),
});
export type ChangeTransition = z.infer<typeof ChangeTransition>;

export const Change = z.object({
  /** `${releaseId}:${serverId}`: one release applied to one server. */
  id: nonEmpty,
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
  originalApplyAt: z.optional(InstantString),
  /** C4.6: the granted postponement of a superseded change this one inherits, or overrides. */
  binding: z.optional(PostponementBinding),
  postponementCount: z._default(z.int().check(z.gte(0)), 0),
  /** 1 for the first application, +1 for every repeat after a failure (C6.4). */
  attempt: z._default(z.int().check(z.gte(1)), 1),
  noticeId: z.optional(z.string()),
  /** DESIGN.md rule 2: the send claimed when the change went `applying`, before SendCommand. */
  send: z.optional(SendClaim),
  commandId: z.optional(z.string()),
  /** Optimistic-concurrency version: every write bumps it and is conditional on it. */
  version: z.int().check(z.gte(0)),
  history: z._default(z.array(ChangeTransition), []),
});
export type Change = z.infer<typeof Change>;

export const Channel = z.enum(['email', 'api']);
export type Channel = z.infer<typeof Channel>;

/** C4.3: the explicit acceptance of the interim risks, recorded word for word. */
export const RiskAcceptance = z.object({
  by: nonEmpty,
  at: InstantString,
  words: z.string().check(z.trim(), z.minLength(1), z.maxLength(2000)),
});
export type RiskAcceptance = z.infer<typeof RiskAcceptance>;

export const DecisionOutcome = z.enum(['granted', 'refused', 'pending-review']);
export type DecisionOutcome = z.infer<typeof DecisionOutcome>;

export const PostponementDecision = z.object({
  outcome: DecisionOutcome,
  clause: nonEmpty,
  reason: nonEmpty,
  newApplyAt: z.optional(InstantString),
  decidedBy: nonEmpty,
  decidedAt: InstantString,
});
export type PostponementDecision = z.infer<typeof PostponementDecision>;

export const PostponementRequest = z.object({
  id: nonEmpty,
  changeId: nonEmpty,
  customerId: CustomerId,
  via: Channel,
  /** Sender address (email) or API identity. */
  requester: z.string().check(z.minLength(1), z.maxLength(320)),
  reason: Text(2000, 'an important business reason is required (C4.1)'),
  /** Optional local date the customer asks for; otherwise the next window (C4.4) or night (C5.4). */
  requestedDate: z.optional(LocalDate),
  riskAcceptance: z.optional(RiskAcceptance),
  /** C11.3: the service's own receipt time. */
  receivedAt: InstantString,
  decision: z.optional(PostponementDecision),
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
  changeId: nonEmpty,
  serverId: ServerId,
  releaseId: ReleaseId,
  applyAt: InstantString,
  /** C4.6: the postponement this change inherits or overrides, said in the notice. */
  binding: z.optional(PostponementBinding),
});
export type NoticeLine = z.infer<typeof NoticeLine>;

/**
 * DESIGN.md rule 2: `pending` = to be sent, nothing left yet; `sending` = an attempt is claimed and
 * may have left (resolved through the mail service's events, never by guessing); `sent`; `failed`
 * = will not be sent (refused by the mail service, or too late to keep its clause).
 */
export const NoticeStatus = z.enum(['pending', 'sending', 'sent', 'failed']);
export type NoticeStatus = z.infer<typeof NoticeStatus>;

/** One sending attempt: its id travels with the message (SES tag, header) so its events find it. */
export const NoticeAttempt = z.extend(ClaimRecord, {
  n: z.int().check(z.gte(1)),
  id: z.string().check(z.regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be a mail-tag-safe attempt id')),
  /** The reply token this attempt carries (C12.2), revoked if the attempt is found lost. */
  tokenHash: z.optional(z.string()),
});
export type NoticeAttempt = z.infer<typeof NoticeAttempt>;
/**
 * What a notice says besides its lines, kept with it so that any invocation can compose it again
 * (a new attempt after a lost one, DESIGN.md rule 4).
 */
export const NoticeDetails = z.object({
  window: z.optional(z.object({ start: InstantString, end: InstantString })),
  newApplyAt: z.optional(InstantString),
  refusal: z.optional(
    z.object({ clause: nonEmpty, reason: z.string().check(z.minLength(1), z.maxLength(2000)) }),
  ),
  repeatAt: z.optional(InstantString),
  /** C4.4: the request a review notice asks the CS team to decide. */
  requestId: z.optional(z.string()),
  actor: z.optional(z.string()),
});
export type NoticeDetails = z.infer<typeof NoticeDetails>;

export const Notice = z.object({
  id: nonEmpty,
  customerId: CustomerId,
  kind: NoticeKind,
  to: z.array(Email).check(z.minLength(1)),
  changes: z.array(NoticeLine),
  /** C4.2 / C5.4: the last instant a postponement request is accepted for these changes. */
  postponeUntil: z.optional(InstantString),
  /** The latest instant this notice may be sent and still keep its clause (C3.2, C5.2, C8.2). */
  sendBy: InstantString,
  status: NoticeStatus,
  /** When the notice was created: its place in the outbox (DESIGN.md rule 7). */
  createdAt: z.optional(InstantString),
  /** How many changes it covers (C3.4: one notice per window, however many servers). */
  changeCount: z.optional(z.int().check(z.gte(0))),
  details: z.optional(NoticeDetails),
  attempt: z.optional(NoticeAttempt),
  sentAt: z.optional(InstantString),
  messageId: z.optional(z.string()),
  /** Why the last attempt did not go out, or why the notice failed. */
  lastError: z.optional(z.string().check(z.maxLength(1000))),
  version: z.int().check(z.gte(0)),
});
export type Notice = z.infer<typeof Notice>;

export const BackupKind = z.enum(['full', 'incremental']);
export type BackupKind = z.infer<typeof BackupKind>;
export const CopyTarget = z.enum(['local', 'cloud']);
export const BackupState = z.enum(['planned', 'running', 'succeeded', 'failed']);
export type BackupState = z.infer<typeof BackupState>;

export const BackupRun = z.object({
  id: nonEmpty,
  serverId: ServerId,
  customerId: CustomerId,
  image: nonEmpty,
  kind: BackupKind,
  /** The slot in the backup calendar (C9.4), after moving out of a window. */
  scheduledFor: InstantString,
  state: BackupState,
  copies: z._default(z.array(CopyTarget), []),
  attempt: z._default(z.int().check(z.gte(1)), 1),
  /**
   * C6.5 C9.4: the minutes this image's backup was planned to take (its server's recent backups,
   * backup-durations.ts); the command's script timeout is sized from it (issue 15 #4).
   */
  minutesPerImage: z.optional(z.int().check(z.positive(), z.lte(48 * 60))),
  /** DESIGN.md rule 2: the send claimed when the backup went `running`, before SendCommand. */
  send: z.optional(SendClaim),
  commandId: z.optional(z.string()),
  finishedAt: z.optional(InstantString),
  version: z.int().check(z.gte(0)),
});
export type BackupRun = z.infer<typeof BackupRun>;

/**
 * An alert to the CS team (C3.5, C6.3, C9.4), recorded with the transition that raises it and then
 * published (DESIGN.md rule 4): `pending` → `publishing` (claimed) → `published`.
 */
export const AlertStatus = z.enum(['pending', 'publishing', 'published']);
export const AlertRecord = z.object({
  id: nonEmpty,
  at: InstantString,
  reason: z.string().check(z.minLength(1), z.maxLength(4000)),
  clause: z.optional(z.string()),
  subjectId: z.optional(z.string()),
  customerId: z.optional(CustomerId),
  status: AlertStatus,
  claim: z.optional(ClaimRecord),
  publishedAt: z.optional(InstantString),
  version: z.int().check(z.gte(0)),
});
export type AlertRecord = z.infer<typeof AlertRecord>;

/** C10.1: every notice, request, decision, acceptance, application, rollback and backup. */
export const AuditEvent = z.object({
  id: nonEmpty,
  at: InstantString,
  actor: nonEmpty,
  type: z
    .string()
    .check(z.regex(/^[a-z]+(\.[a-z-]+)+$/, 'must be a dotted event type such as change.notified')),
  customerId: z.optional(CustomerId),
  subjectId: nonEmpty,
  clause: z.optional(z.string()),
  data: z._default(z.record(z.string(), z.unknown()), {}),
});
export type AuditEvent = z.infer<typeof AuditEvent>;

/** Parse with a schema and turn zod issues into one ValidationError naming each field and rule. */
export { parseOrThrow } from './validation.ts';
