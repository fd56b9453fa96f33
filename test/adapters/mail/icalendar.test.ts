import fc from 'fast-check';
import ICAL from 'ical.js';
import { describe, expect, it } from 'vitest';
import { toInstant } from '../../../functions/domain/calendar.ts';
import { type CalendarEvent, icalendar } from '../../../functions/mail/icalendar.ts';

const event = (overrides: Partial<CalendarEvent> = {}): CalendarEvent => ({
  uid: 'n-1@patch-promise',
  start: toInstant('2026-12-02T01:00:00Z'),
  end: toInstant('2026-12-02T05:00:00Z'),
  stamp: toInstant('2026-11-25T12:00:00.123Z'),
  summary: 'Maintenance: Hyperplat 7.3',
  description: 'Starts Wed 2 Dec 2026 01:00',
  ...overrides,
});

/** Reads the text back with a full RFC 5545 parser (Mozilla's ical.js). */
function readBack(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const events = calendar.getAllSubcomponents('vevent').map((c) => {
    const e = new ICAL.Event(c);
    return {
      uid: e.uid,
      summary: e.summary,
      description: e.description,
      start: e.startDate.toJSDate().toISOString(),
      end: e.endDate.toJSDate().toISOString(),
      stamp: (c.getFirstPropertyValue('dtstamp') as ICAL.Time).toJSDate().toISOString(),
    };
  });
  return { calendar, events };
}

const octets = (line: string) => Buffer.byteLength(line, 'utf8');

/** What a TEXT value reads back as: line breaks as LF, control characters other than HTAB dropped. */
const asRead = (value: string) =>
  [...value.replace(/\r\n?/g, '\n')]
    .filter((c) => c === '\n' || c === '\t' || !(c < ' ' || c === '\u007f'))
    .join('');

describe('iCalendar text (RFC 5545) of notices and the calendar feed', () => {
  it('C3.3 a window event reads back exactly: UID, UTC times, summary and description', () => {
    const ics = icalendar({
      producer: { company: 'patch-promise', product: 'notices' },
      events: [event({ summary: 'a, b; c\\ d', description: 'Line one\nLine two, é ü — 🛠️' })],
    });
    const { calendar, events } = readBack(ics);
    expect(calendar.getFirstPropertyValue('method')).toBe('PUBLISH');
    expect(calendar.getFirstPropertyValue('prodid')).toBe('-//patch-promise//notices//EN');
    expect(events).toEqual([
      {
        uid: 'n-1@patch-promise',
        summary: 'a, b; c\\ d',
        description: 'Line one\nLine two, é ü — 🛠️',
        start: '2026-12-02T01:00:00.000Z',
        end: '2026-12-02T05:00:00.000Z',
        stamp: '2026-11-25T12:00:00.000Z',
      },
    ]);
    expect(ics).toContain('DTSTART:20261202T010000Z\r\n');
    // 3.3.11, as written (a lenient parser would also read an unescaped comma).
    expect(ics).toContain('SUMMARY:a\\, b\\; c\\\\ d\r\n');
  });

  it('C3.3 drops the control characters TEXT cannot hold and keeps tabs', () => {
    const ics = icalendar({
      producer: { company: 'patch-promise', product: 'notices' },
      events: [event({ summary: 'a\u0007b\tc\u0000', description: 'one\r\ntwo\rthree' })],
    });
    const [read] = readBack(ics).events;
    expect(read?.summary).toBe('ab\tc');
    expect(read?.description).toBe('one\ntwo\nthree');
  });

  it('C3.3 a subscribed calendar carries its name, description, zone and refresh interval', () => {
    const ics = icalendar({
      producer: { company: 'patch-promise', product: 'calendar-feed' },
      name: 'Acme: maintenance windows',
      description: "Planned changes to Acme's servers. Times in Australia/Lord_Howe.",
      timeZone: 'Australia/Lord_Howe',
      refreshHours: 1,
      events: [event(), event({ uid: 'n-2@patch-promise' })],
    });
    const { calendar, events } = readBack(ics);
    expect(calendar.getFirstPropertyValue('x-wr-calname')).toBe('Acme: maintenance windows');
    expect(calendar.getFirstPropertyValue('name')).toBe('Acme: maintenance windows');
    expect(calendar.getFirstPropertyValue('x-wr-timezone')).toBe('Australia/Lord_Howe');
    expect(String(calendar.getFirstPropertyValue('refresh-interval'))).toBe('PT1H');
    expect(events.map((e) => e.uid)).toEqual(['n-1@patch-promise', 'n-2@patch-promise']);
  });

  it('folds long lines at 75 octets without splitting a character, and ends every line with CRLF', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 400, size: 'max' }),
        fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 200, size: 'max' }),
        (description, summary) => {
          const ics = icalendar({
            producer: { company: 'patch-promise', product: 'notices' },
            events: [event({ description, summary })],
          });
          expect(ics.endsWith('\r\n')).toBe(true);
          const lines = ics.slice(0, -2).split('\r\n');
          for (const line of lines) {
            expect(octets(line)).toBeLessThanOrEqual(75);
            expect(line).not.toMatch(/[\r\n]/);
          }
          const [read] = readBack(ics).events;
          expect(read?.description).toBe(asRead(description));
          expect(read?.summary).toBe(asRead(summary));
        },
      ),
      { numRuns: 300 },
    );
  });
});
