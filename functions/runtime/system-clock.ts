/**
 * The system Clock adapter: the only place that reads the machine's time. Everything else gets
 * time from a Clock port (or, in scheduled runs, from the schedule's own scheduledTime).
 */
import type { Clock } from '../application/ports.ts';
import { Temporal } from '../domain/calendar.ts';

export const systemClock: Clock = {
  now: () => Temporal.Instant.fromEpochMilliseconds(Date.now()),
};
