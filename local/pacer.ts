/**
 * The accelerated clock of `npm start`: virtual time runs `speed` times faster than real time.
 * Before each agenda item the runner waits here until the virtual clock reaches it; meanwhile the
 * fleet simulator advances (so command results arrive when they happen) and `onIdle` runs (the
 * live timeline).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { type Instant, Temporal } from '../functions/domain/calendar.ts';
import type { FleetSimulator } from './fleet-simulator/index.ts';
import type { VirtualClock } from './virtual-clock.ts';

export type Pacer = { pace(at: Instant): Promise<void>; virtualNow(): Instant };

export function createPacer(deps: {
  clock: VirtualClock;
  fleet: FleetSimulator;
  speed: number;
  signal?: AbortSignal;
  onIdle?: (now: Instant) => Promise<void>;
  stepMs?: number;
}): Pacer {
  const realStart = Date.now();
  const virtualStart = deps.clock.now().epochMilliseconds;
  const virtualNow = () =>
    Temporal.Instant.fromEpochMilliseconds(Math.floor(virtualStart + (Date.now() - realStart) * deps.speed));
  return {
    virtualNow,
    async pace(at) {
      for (;;) {
        if (deps.signal?.aborted) return;
        const now = virtualNow();
        const target = now.epochMilliseconds < at.epochMilliseconds ? now : at;
        await deps.fleet.advanceTo(target);
        deps.clock.moveTo(target);
        await deps.onIdle?.(target);
        if (target === at) return;
        await sleep(
          Math.min(
            deps.stepMs ?? 250,
            Math.max(10, (at.epochMilliseconds - now.epochMilliseconds) / deps.speed),
          ),
        );
      }
    },
  };
}
