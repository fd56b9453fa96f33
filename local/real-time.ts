/**
 * After `npm start`'s play: the virtual clock goes on from where the play ended, at real-time
 * speed, as a deployed system's would. The fleet simulator advances with it, so a command sent now
 * (by the service, or by anyone through the SSM endpoint) finishes when its steps would, its
 * results reach the apply-result function, and the scheduled runs fire at their times (C11.2).
 */
import type { Instant } from '../functions/domain/calendar.ts';
import type { ContractConfig } from '../functions/domain/config.ts';
import type { ScheduledRunInput } from '../lib/schedules.ts';
import type { FleetSimulator } from './fleet-simulator/index.ts';
import { createPacer } from './pacer.ts';
import { LocalScheduler, type Tick, tickInput } from './scheduler.ts';
import type { VirtualClock } from './virtual-clock.ts';

export type RealTimeDeps = {
  clock: VirtualClock;
  fleet: FleetSimulator;
  cfg: ContractConfig;
  timeZones: readonly string[];
  runScheduled(input: ScheduledRunInput): Promise<void>;
  signal: AbortSignal;
  /** Virtual seconds per real second: 1 (the default) is real time; tests go faster. */
  speed?: number;
  /** Called between steps (the live timeline). */
  onIdle?: (now: Instant) => Promise<void>;
  onRunError?: (tick: Tick, error: unknown) => void;
};

/** Runs until `signal` aborts. */
export async function keepRunningInRealTime(deps: RealTimeDeps): Promise<void> {
  const { clock, signal } = deps;
  const pacer = createPacer({
    clock,
    fleet: deps.fleet,
    speed: deps.speed ?? 1,
    signal,
    ...(deps.onIdle ? { onIdle: deps.onIdle } : {}),
  });
  const scheduler = new LocalScheduler(deps.cfg, deps.timeZones);
  let from = clock.now();
  while (!signal.aborted) {
    const to = from.add({ hours: 1 });
    for (const tick of scheduler.ticksBetween(from, to)) {
      await pacer.pace(tick.scheduledTime);
      if (signal.aborted) return;
      try {
        await deps.runScheduled(tickInput(tick));
      } catch (error) {
        deps.onRunError?.(tick, error);
      }
    }
    await pacer.pace(to);
    from = to;
  }
}
