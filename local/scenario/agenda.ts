/**
 * The scenario's agenda: its actions and the scheduler's ticks merged in time order. On the same
 * instant an action comes before a tick (C5.3: a release validated at 12:00:00 is in that day's
 * 12:00 notice run). Ticks are produced a day at a time, so a long scenario stays small in memory.
 */
import { compareInstants, type Instant, toInstant } from '../../functions/domain/calendar.ts';
import type { LocalScheduler, Tick } from '../scheduler.ts';
import type { Action } from './schema.ts';

export type AgendaItem =
  | { at: Instant; action: Action; tick?: never }
  | { at: Instant; tick: Tick; action?: never };

const DAY_MS = 86_400_000;

export function* agenda(input: {
  actions: readonly Action[];
  scheduler: LocalScheduler;
  from: Instant;
  to: Instant;
}): Generator<AgendaItem> {
  const actions = input.actions
    .map((action, index) => ({ action, index, at: toInstant(action.at) }))
    .sort((a, b) => compareInstants(a.at, b.at) || a.index - b.index);
  let next = 0;
  let cursor = input.from;
  // The start instant itself: actions at `from` run before anything else.
  while (cursor.epochMilliseconds < input.to.epochMilliseconds || next < actions.length) {
    const chunkEnd = earlier(cursor.add({ milliseconds: DAY_MS }), input.to);
    const ticks = compareInstants(chunkEnd, cursor) > 0 ? input.scheduler.ticksBetween(cursor, chunkEnd) : [];
    for (const tick of ticks) {
      for (let a = actions[next]; a && compareInstants(a.at, tick.scheduledTime) <= 0; a = actions[++next]) {
        yield { at: a.at, action: a.action };
      }
      yield { at: tick.scheduledTime, tick };
    }
    for (let a = actions[next]; a && compareInstants(a.at, chunkEnd) <= 0; a = actions[++next]) {
      yield { at: a.at, action: a.action };
    }
    if (compareInstants(chunkEnd, input.to) >= 0) {
      for (let a = actions[next]; a; a = actions[++next]) yield { at: a.at, action: a.action };
      return;
    }
    cursor = chunkEnd;
  }
}

function earlier(a: Instant, b: Instant): Instant {
  return compareInstants(a, b) <= 0 ? a : b;
}
