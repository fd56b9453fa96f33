/**
 * The local event router: what EventBridge does in the stack. The fleet simulator's "EC2 Command
 * Invocation Status-change Notification" events go to the apply-result function, at the virtual
 * time they happened (the clock moves forward to each event before it is handled).
 */
import type { Instant } from '../functions/domain/calendar.ts';
import { toInstant } from '../functions/domain/calendar.ts';
import { TERMINAL_STATUSES } from '../functions/fleet/exit-codes.ts';
import { INVOCATION_DETAIL_TYPE, type InvocationStatusChangeEvent } from './fleet-simulator/index.ts';
import type { LocalServiceApi } from './service-api.ts';
import type { VirtualClock } from './virtual-clock.ts';

/** Statuses after which the invocation has ended: the same ones the stack's apply-result rule matches. */
const FINAL_STATUSES: ReadonlySet<string> = new Set(TERMINAL_STATUSES);

export type EventRouter = {
  deliver(event: InvocationStatusChangeEvent): Promise<void>;
  /** Errors the target threw (EventBridge would retry, then dead-letter); the run goes on. */
  readonly failures: { event: InvocationStatusChangeEvent; error: unknown }[];
};

export function createEventRouter(deps: {
  service: Pick<LocalServiceApi, 'applyResult'>;
  clock: VirtualClock;
  onError?: (error: unknown, event: InvocationStatusChangeEvent) => void;
}): EventRouter {
  const failures: { event: InvocationStatusChangeEvent; error: unknown }[] = [];
  return {
    failures,
    async deliver(event) {
      if (event['detail-type'] !== INVOCATION_DETAIL_TYPE) return;
      if (!FINAL_STATUSES.has(event.detail.status)) return;
      const at: Instant = toInstant(event.time);
      deps.clock.moveTo(at);
      try {
        await deps.service.applyResult(event);
      } catch (error) {
        failures.push({ event, error });
        deps.onError?.(error, event);
      }
    },
  };
}
