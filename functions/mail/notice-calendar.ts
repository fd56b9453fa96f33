/**
 * The window of an advance notice (C3.3, C5.2) as an iCalendar file, so the customer's calendar
 * shows it. METHOD:PUBLISH (an information event, no attendees to answer). Times are written in
 * UTC (`DTSTART:20261202T010000Z`), which every client shows in its own zone. The UID is derived
 * from the notice id, so a notice sent twice updates one calendar entry instead of adding two.
 */
import ical, { ICalCalendarMethod } from 'ical-generator';
import type { Instant } from '../domain/calendar.ts';

export type CalendarInput = {
  uid: string;
  summary: string;
  description: string;
  start: Instant;
  end: Instant;
  stamp: Instant;
};

const toDate = (instant: Instant): Date => new Date(instant.epochMilliseconds);

export function windowCalendar(input: CalendarInput): string {
  const calendar = ical({
    method: ICalCalendarMethod.PUBLISH,
    prodId: { company: 'patch-promise', product: 'notices', language: 'EN' },
  });
  calendar.createEvent({
    id: input.uid,
    start: toDate(input.start),
    end: toDate(input.end),
    stamp: toDate(input.stamp),
    summary: input.summary,
    description: input.description,
  });
  return calendar.toString();
}
