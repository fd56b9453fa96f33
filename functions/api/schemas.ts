/**
 * The API's request and response schemas, declared once: the router validates with them and the
 * OpenAPI document is generated from them. Records reuse the domain's schemas (records.ts).
 */
import * as z from 'zod';
import { UrgentReleaseInput } from '../application/runs/plan-urgent-release.ts';
import {
  BackupRun,
  Change,
  ChangeTransition,
  Customer,
  IsoInstant,
  LocalDate,
  Notice,
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

export const IdParam = z.object({ id: z.string().min(1).max(200) });
export const CustomerIdParam = z.object({ customerId: Customer.shape.id });

const instantQuery = IsoInstant;

export const ChangesQuery = PageQuery.extend({
  when: z
    .enum(['upcoming', 'past', 'all'])
    .default('all')
    .describe('upcoming: planned, notified or postponed'),
});
export const PeriodQuery = PageQuery.extend({
  from: instantQuery.optional().describe('start of the period (default: 30 days before its end)'),
  to: instantQuery.optional().describe('end of the period (default: now)'),
});
export const ReportQuery = z.object({ from: instantQuery, to: instantQuery });
export const ServersQuery = PageQuery.extend({ customerId: Customer.shape.id.optional() });

/** C4.1 / C4.3: the body of a postponement request. */
export const PostponementBody = z
  .object({
    reason: Text(2000, 'an important business reason is required (C4.1)'),
    newDate: LocalDate.optional().describe(
      'local date of the window (or night) you ask for; default: the next one',
    ),
    acceptRisk: z
      .boolean()
      .optional()
      .describe(
        'must be true: you accept the interim risks of C4.3 (see the 422 detail for the exact words)',
      ),
  })
  .meta({ id: 'PostponementBody' });

export const PostponementResult = z
  .object({
    requestId: z.string(),
    changeId: z.string(),
    outcome: PostponementDecision.shape.outcome,
    clause: z.string(),
    reason: z.string(),
    newApplyAt: z.string().optional(),
    newApplyAtLocal: z.string().optional(),
  })
  .meta({ id: 'PostponementResult' });

export const ChangeView = z
  .object({
    id: z.string(),
    releaseId: z.string(),
    serverId: ServerId,
    class: ReleaseClass,
    state: Change.shape.state,
    upcoming: z.boolean(),
    applyAt: z.string(),
    applyAtLocal: z.string().describe('the apply time in the customer zone'),
    originalApplyAt: z.string().optional(),
    postponementCount: z.number().int(),
    attempt: z.number().int(),
  })
  .meta({ id: 'ChangeView' });

export const ChangeDetail = ChangeView.extend({
  history: z.array(ChangeTransition.extend({ atLocal: z.string() })),
  requests: z.array(PostponementRequest),
}).meta({ id: 'ChangeDetail' });

export const NoticeView = Notice.pick({
  id: true,
  kind: true,
  to: true,
  changes: true,
  status: true,
  sentAt: true,
  postponeUntil: true,
})
  .extend({ sentAtLocal: z.string().optional(), postponeUntilLocal: z.string().optional() })
  .meta({ id: 'NoticeView' });

export const BackupView = BackupRun.omit({ send: true, minutesPerImage: true })
  .extend({ scheduledForLocal: z.string() })
  .meta({ id: 'BackupView' });

export const CustomerInput = Customer.meta({ id: 'Customer' });
export const CustomerUpdate = Customer.omit({ id: true }).partial().meta({ id: 'CustomerUpdate' });
export const ServerInput = ServerRegistration.meta({ id: 'Server' });

/** A release registered by the CS team: who validated it is the caller, when is now unless given. */
export const ReleaseInput = Release.omit({ validatedBy: true, validatedAt: true })
  .extend({
    validatedAt: instantQuery.optional(),
    targets: UrgentReleaseInput.shape.targets
      .optional()
      .describe('urgent class only (C5.1): every server of the platform (default) or a named subset'),
  })
  .meta({ id: 'ReleaseInput' });

export const UrgentPatchBody = z
  .object({
    releaseId: Release.shape.id,
    targets: UrgentReleaseInput.shape.targets.default('all'),
  })
  .meta({ id: 'UrgentPatchBody' });

export const ReleaseResult = z
  .object({
    release: Release,
    created: z.boolean(),
    changes: z.number().int(),
    changeIds: z.array(z.string()),
    newChanges: z.number().int(),
    complete: z.boolean().meta({
      description: 'false when the 29 s ran out first: send the same request again to plan the rest',
    }),
    remaining: z.number().int().meta({ description: 'servers not yet planned (0 when complete)' }),
    skipped: z.array(z.object({ serverId: z.string(), reason: z.string() })),
    superseded: z.array(z.string()),
  })
  .meta({ id: 'ReleaseResult' });

export const ReviewBody = z
  .object({ reason: Text(2000, 'the CS team gives a reason for its decision') })
  .meta({ id: 'ReviewBody' });

export const ClauseResult = z.object({
  clause: z.string(),
  title: z.string(),
  status: z.enum(['held', 'not-held', 'no-evidence']),
  summary: z.string(),
  breaches: z.array(z.object({ subjectId: z.string(), explanation: z.string() })),
  evidence: z.array(z.object({ id: z.string(), type: z.string(), at: z.string(), subjectId: z.string() })),
});

export const ComplianceReport = z
  .object({
    customerId: z.string(),
    from: z.string(),
    to: z.string(),
    generatedAt: z.string(),
    clauses: z.array(ClauseResult),
  })
  .meta({ id: 'ComplianceReport' });

export { PageQuery, pageSchema as page } from './paging.ts';
export { Customer, PostponementDecision, PostponementRequest, Server };
