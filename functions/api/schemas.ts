/**
 * The API's request and response schemas, declared once: the router validates with them and the
 * OpenAPI document is generated from them. Records reuse the domain's schemas (records.ts).
 */
import * as z from 'zod/mini';
import { UrgentReleaseInput } from '../application/runs/plan-urgent-release.ts';
import {
  BackupRun,
  Change,
  ChangeTransition,
  Customer,
  IsoInstant,
  LocalDate,
  Notice,
  named,
  PostponementDecision,
  PostponementRequest,
  Release,
  ReleaseClass,
  Server,
  ServerId,
  ServerRegistration,
  Text,
} from '../domain/records.ts';
import { PageQuery } from './paging.ts';
import '../domain/zod-messages.ts';

export const IdParam = z.object({ id: z.string().check(z.minLength(1), z.maxLength(200)) });
export const CustomerIdParam = z.object({ customerId: Customer.shape.id });

const instantQuery = IsoInstant;

export const ChangesQuery = z.extend(PageQuery, {
  when: z
    ._default(z.enum(['upcoming', 'past', 'all']), 'all')
    .check(z.describe('upcoming: planned, notified or postponed')),
});
export const PeriodQuery = z.extend(PageQuery, {
  from: z.optional(instantQuery).check(z.describe('start of the period (default: 30 days before its end)')),
  to: z.optional(instantQuery).check(z.describe('end of the period (default: now)')),
});
export const ReportQuery = z.object({ from: instantQuery, to: instantQuery });
export const ServersQuery = z.extend(PageQuery, { customerId: z.optional(Customer.shape.id) });

/** C4.1 / C4.3: the body of a postponement request. */
export const PostponementBody = named(
  z.object({
    reason: Text(2000, 'an important business reason is required (C4.1)'),
    newDate: z
      .optional(LocalDate)
      .check(z.describe('local date of the window (or night) you ask for; default: the next one')),
    acceptRisk: z
      .optional(z.boolean())
      .check(
        z.describe(
          'must be true: you accept the interim risks of C4.3 (see the 422 detail for the exact words)',
        ),
      ),
  }),
  'PostponementBody',
);

export const PostponementResult = named(
  z.object({
    requestId: z.string(),
    changeId: z.string(),
    outcome: PostponementDecision.shape.outcome,
    clause: z.string(),
    reason: z.string(),
    newApplyAt: z.optional(z.string()),
    newApplyAtLocal: z.optional(z.string()),
  }),
  'PostponementResult',
);

export const ChangeView = named(
  z.object({
    id: z.string(),
    releaseId: z.string(),
    serverId: ServerId,
    class: ReleaseClass,
    state: Change.shape.state,
    upcoming: z.boolean(),
    applyAt: z.string(),
    applyAtLocal: z.string().check(z.describe('the apply time in the customer zone')),
    originalApplyAt: z.optional(z.string()),
    postponementCount: z.int(),
    attempt: z.int(),
  }),
  'ChangeView',
);

export const ChangeDetail = named(
  z.extend(ChangeView, {
    history: z.array(z.extend(ChangeTransition, { atLocal: z.string() })),
    requests: z.array(PostponementRequest),
  }),
  'ChangeDetail',
);

export const NoticeView = named(
  z.extend(
    z.pick(Notice, {
      id: true,
      kind: true,
      to: true,
      changes: true,
      status: true,
      sentAt: true,
      postponeUntil: true,
    }),
    { sentAtLocal: z.optional(z.string()), postponeUntilLocal: z.optional(z.string()) },
  ),
  'NoticeView',
);

export const BackupView = named(
  z.extend(z.omit(BackupRun, { send: true, minutesPerImage: true }), { scheduledForLocal: z.string() }),
  'BackupView',
);

export const CustomerInput = named(Customer, 'Customer');
export const CustomerUpdate = named(z.partial(z.omit(Customer, { id: true })), 'CustomerUpdate');
export const ServerInput = named(ServerRegistration, 'Server');

/** A release registered by the CS team: who validated it is the caller, when is now unless given. */
export const ReleaseInput = named(
  z.extend(z.omit(Release, { validatedBy: true, validatedAt: true }), {
    validatedAt: z.optional(instantQuery),
    targets: z
      .optional(UrgentReleaseInput.shape.targets)
      .check(
        z.describe('urgent class only (C5.1): every server of the platform (default) or a named subset'),
      ),
  }),
  'ReleaseInput',
);

export const UrgentPatchBody = named(
  z.object({
    releaseId: Release.shape.id,
    targets: z._default(UrgentReleaseInput.shape.targets, 'all'),
  }),
  'UrgentPatchBody',
);

export const ReleaseResult = named(
  z.object({
    release: Release,
    created: z.boolean(),
    changes: z.int(),
    changeIds: z.array(z.string()),
    newChanges: z.int(),
    complete: z.boolean().check(
      z.meta({
        description: 'false when the 29 s ran out first: send the same request again to plan the rest',
      }),
    ),
    remaining: z.int().check(z.meta({ description: 'servers not yet planned (0 when complete)' })),
    skipped: z.array(z.object({ serverId: z.string(), reason: z.string() })),
    superseded: z.array(z.string()),
  }),
  'ReleaseResult',
);

export const ReviewBody = named(
  z.object({ reason: Text(2000, 'the CS team gives a reason for its decision') }),
  'ReviewBody',
);

export const ClauseResult = z.object({
  clause: z.string(),
  title: z.string(),
  status: z.enum(['held', 'not-held', 'no-evidence']),
  summary: z.string(),
  breaches: z.array(z.object({ subjectId: z.string(), explanation: z.string() })),
  evidence: z.array(z.object({ id: z.string(), type: z.string(), at: z.string(), subjectId: z.string() })),
});

export const ComplianceReport = named(
  z.object({
    customerId: z.string(),
    from: z.string(),
    to: z.string(),
    generatedAt: z.string(),
    clauses: z.array(ClauseResult),
  }),
  'ComplianceReport',
);

export { PageQuery, pageSchema as page } from './paging.ts';
export { Customer, PostponementDecision, PostponementRequest, Server };
