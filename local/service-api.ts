/**
 * What the local runtime (npm start, the simulator) asks of the service: the same use cases and
 * handlers the stack deploys, wired with the real DynamoDB/SES/SSM adapters pointed at the local
 * services and a virtual Clock. local/service-wiring.ts implements it over the composition root.
 */
import type { Store } from '../functions/application/ports.ts';
import type { Customer, Release, Server } from '../functions/domain/records.ts';
import type { ScheduledRunInput } from '../lib/schedules.ts';
import type { InvocationStatusChangeEvent } from './fleet-simulator/index.ts';

/** An SNS notification carrying an SES receipt (the inbound-mail function's event). */
export type SesSnsEvent = { Records: { EventSource: 'aws:sns'; Sns: Record<string, unknown> }[] };

/** The API's answer, as API Gateway would return it. */
export type ApiAnswer = { status: number; body: unknown };

export type ApiPostponement = {
  customerId: string;
  changeIds: string[];
  /** The API identity (a customer contact in the demo). */
  requester: string;
  reason: string;
  /** C4.3: the words accepted, verbatim; absent when the customer does not accept the risks. */
  acceptedRisk?: string;
  requestedDate?: string;
};

export interface LocalServiceApi {
  readonly store: Store;
  /** DynamoDB requests sent so far (retries included): the scale runs' profile. */
  readonly requests: { readonly dynamodb: number };
  /** Words: the CS team registers customers and servers. */
  addCustomer(customer: Customer): Promise<void>;
  addServer(server: Server): Promise<void>;
  /** The scheduled functions (notice, cutoff, apply, backup), with EventBridge Scheduler's input. */
  runScheduled(input: ScheduledRunInput): Promise<void>;
  /** C3: a scheduled release through the CS release path. */
  registerRelease(release: Release, actor: string): Promise<void>;
  /** C5.1: an urgent release through the urgent-patch function. */
  urgentPatch(release: Release, targets: 'all' | string[], actor: string): Promise<void>;
  /** C4.1: a postponement through the customer API (same handler as API Gateway). */
  postponeByApi(request: ApiPostponement): Promise<ApiAnswer>;
  /** C2.2: a cancel request through the customer API. */
  cancelByApi(request: { customerId: string; changeIds: string[]; requester: string }): Promise<ApiAnswer>;
  /** C4.1 / C12.2: an inbound email through the inbound-mail function. */
  inboundMail(event: SesSnsEvent): Promise<unknown[]>;
  /** C4.4: the CS team's review queue and decision. */
  pendingReviews(): Promise<{ requestId: string; customerId: string; changeId: string }[]>;
  decideReview(requestId: string, approve: boolean, by: string, reason: string): Promise<void>;
  /** C6: the apply-result function, fed by the fleet's status-change events. */
  applyResult(event: InvocationStatusChangeEvent): Promise<void>;
}
