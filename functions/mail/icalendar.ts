/**
 * iCalendar text (RFC 5545) for what the service publishes: a calendar of events in UTC, with no
 * recurrence, no alarms and no attendees (METHOD:PUBLISH). Written here, not with a library: the
 * library carried 36 kB into nine Lambda bundles for these few properties (issue 14), and what it
 * takes is small: TEXT escaping (3.3.11), UTC date-times (3.3.5) and line folding (3.1).
 * test/adapters/mail/icalendar.test.ts reads every output back with a full parser (ical.js).
 */
import type { Instant } from '../domain/calendar.ts';

export type CalendarEvent = {
  /** Stable per event, so that sending it again updates one calendar entry instead of adding one. */
  uid: string;
  start: Instant;
  end: Instant;
  /** When this version of the event was written (DTSTAMP). */
  stamp: Instant;
  summary: string;
  description: string;
};

export type Calendar = {
  /** PRODID's company and product: `-//company//product//EN`. */
  producer: { company: string; product: string };
  /** A subscribed calendar's name and description (RFC 7986, and the X-WR- names clients read). */
  name?: string;
  description?: string;
  /** The zone its events are meant in, for clients that show one (times are still in UTC). */
  timeZone?: string;
  /** How often a subscriber should fetch it again (RFC 7986 REFRESH-INTERVAL, X-PUBLISHED-TTL). */
  refreshHours?: number;
  events: readonly CalendarEvent[];
};

/** 3.3.11: TEXT holds no control character but HTAB and line breaks; any other is dropped. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: these are the characters it matches
const CONTROLS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/** 3.3.11: backslash, semicolon and comma escaped, every line break written as `\n`. */
const text = (value: string): string =>
  value
    .replace(CONTROLS, '')
    .replace(/[\\;,]/g, (c) => `\\${c}`)
    .replace(/\r\n|\r|\n/g, '\\n');

/** 3.3.5, form 2: `20261202T010000Z` (whole seconds). */
const utc = (instant: Instant): string => instant.toString({ smallestUnit: 'second' }).replace(/[-:]/g, '');

const octetsOf = (codePoint: number): number =>
  codePoint < 0x80 ? 1 : codePoint < 0x800 ? 2 : codePoint < 0x10000 ? 3 : 4;

/**
 * 3.1: a content line longer than 75 octets continues on lines that start with one space; a
 * character (UTF-8 sequence) is never split.
 */
function fold(line: string): string {
  const parts: string[] = [];
  let part = '';
  let octets = 0;
  let limit = 75;
  for (const char of line) {
    const size = octetsOf(char.codePointAt(0) ?? 0);
    if (octets + size > limit) {
      parts.push(part);
      part = '';
      octets = 0;
      limit = 74; // the leading space is the 75th octet
    }
    part += char;
    octets += size;
  }
  parts.push(part);
  return parts.join('\r\n ');
}

export function icalendar(calendar: Calendar): string {
  const { company, product } = calendar.producer;
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', `PRODID:-//${company}//${product}//EN`, 'METHOD:PUBLISH'];
  if (calendar.name !== undefined)
    lines.push(`NAME:${text(calendar.name)}`, `X-WR-CALNAME:${text(calendar.name)}`);
  if (calendar.description !== undefined)
    lines.push(`DESCRIPTION:${text(calendar.description)}`, `X-WR-CALDESC:${text(calendar.description)}`);
  if (calendar.timeZone !== undefined) lines.push(`X-WR-TIMEZONE:${text(calendar.timeZone)}`);
  if (calendar.refreshHours !== undefined)
    lines.push(
      `REFRESH-INTERVAL;VALUE=DURATION:PT${calendar.refreshHours}H`,
      `X-PUBLISHED-TTL:PT${calendar.refreshHours}H`,
    );
  for (const event of calendar.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${text(event.uid)}`,
      'SEQUENCE:0',
      `DTSTAMP:${utc(event.stamp)}`,
      `DTSTART:${utc(event.start)}`,
      `DTEND:${utc(event.end)}`,
      `SUMMARY:${text(event.summary)}`,
      `DESCRIPTION:${text(event.description)}`,
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
