/**
 * The window of an advance notice (C3.3, C5.2) as an iCalendar file, so the customer's calendar
 * shows it. METHOD:PUBLISH (an information event, no attendees to answer). Times are written in
 * UTC (`DTSTART:20261202T010000Z`), which every client shows in its own zone. The UID is derived
 * from the notice id, so a notice sent twice updates one calendar entry instead of adding two.
 */
import type { Instant } from '../domain/calendar.ts';
import { icalendar } from './icalendar.ts';

export type CalendarInput = {
  uid: string;
  summary: string;
  description: string;
  start: Instant;
  end: Instant;
  stamp: Instant;
};

export const windowCalendar = (input: CalendarInput): string =>
  icalendar({ producer: { company: 'patch-promise', product: 'notices' }, events: [input] });
