/**
 * The scenario file of `npm run simulate` (issue 7: a public interface, accepted exactly as
 * written there; the optional fields added here are marked). Every object is strict, so a typo in
 * a field name is an error that names the path, rather than a silently ignored line.
 */
import * as z from 'zod';
import {
  Customer,
  CustomerId,
  Email,
  Image,
  InstantString,
  LocalDate,
  MaintenanceWindow,
  Platform,
  ReleaseClass,
  ReleaseId,
  Server,
  ServerId,
  TimeZone,
} from '../../functions/domain/records.ts';
import { Expectation } from './expectation.ts';

const ScenarioCustomer = z.strictObject({
  id: CustomerId,
  name: Customer.shape.name,
  timeZone: z._default(TimeZone, 'Europe/London'),
  contacts: z.array(Email).min(1, 'a customer needs at least one contact'),
  maintenanceWindow: z._default(MaintenanceWindow, { weekday: 'WED', start: '01:00', durationHours: 4 }),
});

const ScenarioServer = z.strictObject({
  id: ServerId,
  customerId: CustomerId,
  platform: Platform,
  version: z.string().min(1),
  images: z.array(z.strictObject(Image.shape)).min(1, 'a server hosts at least one image'),
});

const ScenarioRelease = z.strictObject({
  id: ReleaseId,
  platform: Platform,
  version: z.string().min(1),
  class: ReleaseClass,
  title: z.string().trim().min(1),
  validatedBy: z.string().trim().min(1),
  /** Optional (added): the "why" of C3.3. */
  description: z.string().optional(),
});

const ReleaseAction = z.strictObject({
  at: InstantString,
  type: z.literal('release'),
  release: ScenarioRelease,
  targets: z.union([z.literal('all'), z.array(ServerId).min(1)]).default('all'),
});

/** C4.3: `true` accepts the risks in the standard words; a string is the customer's own words. */
const AcceptRisk = z.union([z.boolean(), z.string().trim().min(1)]);

const PostponeAction = z.strictObject({
  at: InstantString,
  type: z.literal('postpone'),
  customerId: CustomerId,
  releaseId: ReleaseId,
  serverId: z.optional(ServerId),
  via: z.enum(['email', 'api']),
  from: z.string().min(1),
  reason: z.string(),
  acceptRisk: AcceptRisk,
  newDate: z.optional(LocalDate),
});

const Verdict = z.enum(['PASS', 'FAIL', 'GRAY', 'PROCESSING_FAILED', 'DISABLED']);
const Verdicts = z.strictObject({
  spf: Verdict.optional(),
  dkim: Verdict.optional(),
  dmarc: Verdict.optional(),
  spam: Verdict.optional(),
  virus: Verdict.optional(),
});
export type Verdicts = z.infer<typeof Verdicts>;

const EmailAction = z.strictObject({
  at: InstantString,
  type: z.literal('email'),
  from: z.string().min(1),
  replyToNoticeOf: z.strictObject({ customerId: CustomerId, releaseId: ReleaseId }),
  body: z.string(),
  verdicts: Verdicts.optional(),
  headers: z.record(z.string(), z.string()).optional(),
  /** Optional (added): the subject; default "Re: " + the notice's subject. */
  subject: z.string().optional(),
});

const CancelAction = z.strictObject({
  at: InstantString,
  type: z.literal('cancel'),
  customerId: CustomerId,
  releaseId: ReleaseId,
  /** Optional (added): the channel and the sender; default the API as the customer's first contact. */
  via: z.enum(['email', 'api']).default('api'),
  from: z.string().min(1).optional(),
});

const ReviewAction = z.strictObject({
  at: InstantString,
  type: z.literal('review'),
  /** `approve` or `refuse` (also read: `approved` / `granted`, `refused`). */
  decision: z.preprocess(
    (v) => (v === 'approved' || v === 'granted' ? 'approve' : v === 'refused' ? 'refuse' : v),
    z.enum(['approve', 'refuse']),
  ),
  by: z.string().min(1),
  /** Optional (added): which pending requests; default every request waiting for review. */
  customerId: z.optional(CustomerId),
  releaseId: z.optional(ReleaseId),
  reason: z.string().optional(),
});

export const Action = z.discriminatedUnion('type', [
  ReleaseAction,
  PostponeAction,
  EmailAction,
  CancelAction,
  ReviewAction,
]);
export type Action = z.infer<typeof Action>;

const FleetFault = z.strictObject({
  serverId: ServerId,
  releaseId: z.optional(ReleaseId),
  on: z.enum(['apply', 'backup']),
  outcome: z.enum(['fail', 'timeout', 'rollback-fails']),
  times: z.number().int().min(1).optional(),
});
const MailFault = z.strictObject({
  service: z.literal('ses'),
  mode: z.enum(['throttle', 'reject']),
  from: InstantString,
  to: InstantString,
});
const RunName = z.enum(['notice', 'cutoff', 'apply', 'backup']);
const DuplicateRun = z.strictObject({
  duplicateRun: RunName,
  at: InstantString,
  timeZone: z.optional(TimeZone),
});
const SkipRun = z.strictObject({ skipRun: RunName, at: InstantString, timeZone: z.optional(TimeZone) });

/** The four shapes of fault, told apart by their key field so errors name the right one. */
const FAULT_SHAPES = [
  ['serverId', FleetFault],
  ['service', MailFault],
  ['duplicateRun', DuplicateRun],
  ['skipRun', SkipRun],
] as const;

export const Fault = z.unknown().transform((value, ctx) => {
  const shape =
    typeof value === 'object' && value !== null ? FAULT_SHAPES.find(([key]) => key in value) : undefined;
  if (!shape) {
    ctx.addIssue({
      code: 'custom',
      message: 'a fault has one of serverId (fleet), service (ses), duplicateRun or skipRun',
    });
    return z.NEVER;
  }
  const parsed = (shape[1] as z.ZodType).safeParse(value);
  if (parsed.success) return parsed.data as FaultValue;
  for (const issue of parsed.error.issues) {
    ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path as PropertyKey[] });
  }
  return z.NEVER;
});
type FaultValue =
  | z.infer<typeof FleetFault>
  | z.infer<typeof MailFault>
  | z.infer<typeof DuplicateRun>
  | z.infer<typeof SkipRun>;
export type FleetFault = z.infer<typeof FleetFault>;
export type MailFault = z.infer<typeof MailFault>;
export type Fault = FaultValue;

export const Scenario = z
  .strictObject({
    /** Optional (added): a title and what the scenario shows. */
    name: z.string().optional(),
    description: z.string().optional(),
    start: InstantString,
    end: InstantString,
    customers: z.array(ScenarioCustomer).min(1, 'a scenario needs at least one customer'),
    servers: z.array(ScenarioServer).default([]),
    actions: z.array(Action).default([]),
    faults: z.array(Fault).default([]),
    /** Optional (added): contract configuration overrides (functions/domain/config.ts). */
    config: z.record(z.string(), z.unknown()).optional(),
    /** Optional (added): what the system test checks against the timeline and the report. */
    expect: Expectation.optional(),
  })
  .superRefine((s, ctx) => {
    if (new Date(s.end) <= new Date(s.start)) {
      ctx.addIssue({ code: 'custom', path: ['end'], message: 'must be after start' });
    }
    const customers = new Set(s.customers.map((c) => c.id));
    const servers = new Set(s.servers.map((v) => v.id));
    s.customers.forEach((c, i) => {
      if (s.customers.findIndex((o) => o.id === c.id) !== i) {
        ctx.addIssue({
          code: 'custom',
          path: ['customers', i, 'id'],
          message: `duplicate customer id ${c.id}`,
        });
      }
    });
    s.servers.forEach((v, i) => {
      if (!customers.has(v.customerId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['servers', i, 'customerId'],
          message: `no customer ${v.customerId} in customers`,
        });
      }
      if (s.servers.findIndex((o) => o.id === v.id) !== i) {
        ctx.addIssue({ code: 'custom', path: ['servers', i, 'id'], message: `duplicate server id ${v.id}` });
      }
      const server = Server.safeParse(v);
      if (!server.success) {
        for (const issue of server.error.issues) {
          ctx.addIssue({ code: 'custom', path: ['servers', i, ...issue.path], message: issue.message });
        }
      }
    });
    s.actions.forEach((a, i) => {
      const at = new Date(a.at);
      if (at < new Date(s.start) || at > new Date(s.end)) {
        ctx.addIssue({
          code: 'custom',
          path: ['actions', i, 'at'],
          message: 'must be between start and end',
        });
      }
      if ('customerId' in a && a.customerId && !customers.has(a.customerId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['actions', i, 'customerId'],
          message: `no customer ${a.customerId}`,
        });
      }
      if (a.type === 'release' && Array.isArray(a.targets)) {
        a.targets.forEach((t, j) => {
          if (!servers.has(t)) {
            ctx.addIssue({ code: 'custom', path: ['actions', i, 'targets', j], message: `no server ${t}` });
          }
        });
      }
      if (a.type === 'postpone' && a.serverId && !servers.has(a.serverId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['actions', i, 'serverId'],
          message: `no server ${a.serverId}`,
        });
      }
    });
    s.faults.forEach((f, i) => {
      if ('serverId' in f && !servers.has(f.serverId)) {
        ctx.addIssue({ code: 'custom', path: ['faults', i, 'serverId'], message: `no server ${f.serverId}` });
      }
      if ('service' in f && new Date(f.to) <= new Date(f.from)) {
        ctx.addIssue({ code: 'custom', path: ['faults', i, 'to'], message: 'must be after from' });
      }
    });
  });
export type Scenario = z.output<typeof Scenario>;
export type ScenarioCustomer = z.output<typeof ScenarioCustomer>;
export type ScenarioServer = z.output<typeof ScenarioServer>;
