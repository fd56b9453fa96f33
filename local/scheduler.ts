/**
 * The local scheduler: the firings EventBridge Scheduler would deliver, read from THE schedule
 * table (lib/schedules.ts, the one the stack deploys) for the customers' time zones, never a copy
 * of the times. Each tick is delivered as the scheduled functions receive it: {run, scheduledTime,
 * timeZone}. The scenario's run faults are applied here: `skipRun` drops a firing and
 * `duplicateRun` delivers it twice (C11.2: a skipped run is caught up by the next, a duplicate
 * does its work once).
 */

import { compareInstants, type Instant, toIso } from '../functions/domain/calendar.ts';
import type { ContractConfig } from '../functions/domain/config.ts';
import {
  firingsBetween,
  type RunName,
  type ScheduledFunctionName,
  type ScheduledRunInput,
  scheduleTable,
} from '../lib/schedules.ts';

/** A run as the scenario names it: the two backup runs are both `backup`. */
export type RunKind = 'notice' | 'cutoff' | 'apply' | 'backup';

export type Tick = {
  run: RunName;
  functionName: ScheduledFunctionName;
  scheduledTime: Instant;
  timeZone: string;
  /** 1 for the delivery, 2 for a duplicate delivery of the same firing. */
  delivery: number;
};

/** A run fault: the firing(s) of `run` at the first scheduled time at or after `at`. */
export type RunFault = { kind: 'skip' | 'duplicate'; run: RunKind; at: Instant; timeZone?: string };

/**
 * The scenario kind a firing belongs to, for its faults: the creation runs of the backups are
 * `backup`; the hourly backup-due run is none of them (a fault on "the backup run" means the run
 * that creates the slots, not whichever of 18 hourly firings comes first).
 */
export const runKindOf = (run: RunName): RunKind | undefined =>
  run === 'backup-due' ? undefined : run === 'backup-full' || run === 'backup-incremental' ? 'backup' : run;

/** The payload the scheduled handler receives (what EventBridge Scheduler sends). */
export const tickInput = (tick: Tick): ScheduledRunInput => ({
  run: tick.run,
  scheduledTime: toIso(tick.scheduledTime),
  timeZone: tick.timeZone,
});

export class LocalScheduler {
  readonly #entries;
  readonly #faults: { fault: RunFault; target?: Instant }[];

  constructor(config: ContractConfig, timeZones: readonly string[], faults: readonly RunFault[] = []) {
    this.#entries = scheduleTable(config, [...new Set(timeZones)].sort());
    this.#faults = faults.map((fault) => ({ fault }));
  }

  /** Every tick in (`from`, `to`], in time order (ties by schedule id), with the run faults applied. */
  ticksBetween(from: Instant, to: Instant): Tick[] {
    const ticks: Tick[] = [];
    for (const firing of firingsBetween(this.#entries, from, to)) {
      const tick: Tick = {
        run: firing.entry.run,
        functionName: firing.entry.functionName,
        scheduledTime: firing.scheduledTime,
        timeZone: firing.entry.timeZone,
        delivery: 1,
      };
      const faults = this.#faultsFor(tick);
      if (faults.some((f) => f.kind === 'skip')) continue;
      ticks.push(tick);
      if (faults.some((f) => f.kind === 'duplicate')) ticks.push({ ...tick, delivery: 2 });
    }
    return ticks;
  }

  /** The first scheduled instant of the fault's run at or after its `at` (found once, then fixed). */
  #faultsFor(tick: Tick): RunFault[] {
    const hits: RunFault[] = [];
    for (const slot of this.#faults) {
      const { fault } = slot;
      if (fault.run !== runKindOf(tick.run)) continue;
      if (fault.timeZone && fault.timeZone !== tick.timeZone) continue;
      if (compareInstants(tick.scheduledTime, fault.at) < 0) continue;
      slot.target ??= tick.scheduledTime;
      if (compareInstants(slot.target, tick.scheduledTime) === 0) hits.push(fault);
    }
    return hits;
  }
}
