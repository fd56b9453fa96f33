/** What every scheduled run receives: the schedule's own time (never `now`) and its zone (C11.1, C11.2). */
import type { Instant } from '../../domain/calendar.ts';

export type RunInput = { scheduledTime: Instant; timeZone: string };

/** A second delivery of the same run does nothing (C11.2). */
export type Duplicate = { duplicate: true; runKey: string };
