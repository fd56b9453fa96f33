import { describe, expect, it } from 'vitest';
import type { Instant } from '../../functions/domain/calendar.ts';
import { decidePostponement, type PostponementInput } from '../../functions/domain/postponement-policy.ts';
import type { Change, ReleaseClass } from '../../functions/domain/records.ts';
import { at, cfg, iso, london, newYork } from './support.ts';

const risk = {
  by: 'ops@acme.example',
  at: '2026-11-30T10:00:00.000Z',
  words: 'We accept the interim risks.',
};

function change(
  cls: ReleaseClass,
  applyAt: string,
  extra: Partial<Change> = {},
): PostponementInput['change'] {
  return { class: cls, state: 'notified', applyAt, postponementCount: 0, ...extra };
}

function decide(
  c: PostponementInput['change'],
  request: Partial<PostponementInput['request']> & { receivedAt: string },
  options: { now?: Instant; customer?: PostponementInput['customer'] } = {},
) {
  return decidePostponement({
    change: c,
    request: {
      reason: 'Month-end close: our finance team needs the server.',
      riskAcceptance: risk,
      ...request,
    },
    customer: options.customer ?? london,
    cfg,
    now: options.now ?? at(request.receivedAt),
  });
}

// Wednesday 2 Dec 2026 01:00 GMT; the deadline is Tuesday 1 Dec 18:00:00 GMT.
const scheduled = change('upgrade', '2026-12-02T01:00:00.000Z');
// Urgent: noticed Tuesday 24 Nov 12:00, applied Wednesday 25 Nov 01:00; deadline 24 Nov 18:00:00.
const urgent = change('urgent', '2026-11-25T01:00:00.000Z');

describe('C4 postponing scheduled work', () => {
  it('C4.1 refuses to move a change that has not been announced yet, saying its notice comes first', () => {
    const d = decide(change('upgrade', '2026-12-02T01:00:00.000Z', { state: 'planned' }), {
      receivedAt: '2026-11-20T10:00:00.000Z',
    });
    expect(d).toMatchObject({ outcome: 'refused', clause: 'C4.1' });
    expect(d.reason).toMatch(/not been announced yet.*once you have received that notice/s);
  });

  it('C4.2 accepts a request received at 18:00:00 local on the day before the window, to the next window', () => {
    const d = decide(scheduled, { receivedAt: '2026-12-01T18:00:00.000Z' });
    expect(d.outcome).toBe('granted');
    expect(d.clause).toBe('C4.4');
    expect(iso(d.newApplyAt)).toBe('2026-12-09T01:00:00.000Z');
    expect(d.reason).toContain('Wednesday, 9 December 2026 at 01:00 GMT (Europe/London)');
  });

  it('C4.2 refuses a request received at 18:00:01 local, naming the deadline and the zone', () => {
    const d = decide(scheduled, { receivedAt: '2026-12-01T18:00:01.000Z' });
    expect(d).toMatchObject({ outcome: 'refused', clause: 'C4.2' });
    expect(d.newApplyAt).toBeUndefined();
    expect(d.reason).toContain('18:00:01');
    expect(d.reason).toContain('Tuesday, 1 December 2026 at 18:00 GMT (Europe/London)');
  });

  it('C11.3 judges the deadline on the receipt time, not on when the decision is made', () => {
    const d = decide(
      scheduled,
      { receivedAt: '2026-12-01T17:59:00.000Z' },
      { now: at('2026-12-01T19:00:00Z') },
    );
    expect(d.outcome).toBe('granted');
  });

  it('C4.2 uses the customer zone for the deadline (New York, 18:00 EST)', () => {
    const ny = change('important', '2026-11-04T06:00:00.000Z');
    expect(decide(ny, { receivedAt: '2026-11-03T23:00:00.000Z' }, { customer: newYork }).outcome).toBe(
      'granted',
    );
    const late = decide(ny, { receivedAt: '2026-11-03T23:00:01.000Z' }, { customer: newYork });
    expect(late.outcome).toBe('refused');
    expect(late.reason).toContain('America/New_York');
  });

  it('C4.3 refuses a request without an explicit acceptance of the interim risks', () => {
    const d = decide(scheduled, { receivedAt: '2026-11-30T10:00:00.000Z', riskAcceptance: undefined });
    expect(d).toMatchObject({ outcome: 'refused', clause: 'C4.3' });
    expect(d.reason).toContain('interim risks');
  });

  it('C4.4 grants the window on or after a requested date within 28 days', () => {
    const d = decide(scheduled, { receivedAt: '2026-11-30T10:00:00.000Z', requestedDate: '2026-12-10' });
    expect(d.outcome).toBe('granted');
    expect(iso(d.newApplyAt)).toBe('2026-12-16T01:00:00.000Z');
  });

  it('C4.4 grants exactly 28 days after the originally notified window', () => {
    const d = decide(scheduled, { receivedAt: '2026-11-30T10:00:00.000Z', requestedDate: '2026-12-30' });
    expect(d.outcome).toBe('granted');
    expect(iso(d.newApplyAt)).toBe('2026-12-30T01:00:00.000Z');
  });

  it('C4.4 sends a request more than 28 days after the original window to review', () => {
    const d = decide(scheduled, { receivedAt: '2026-11-30T10:00:00.000Z', requestedDate: '2027-01-06' });
    expect(d).toMatchObject({ outcome: 'pending-review', clause: 'C4.4' });
    expect(iso(d.newApplyAt)).toBe('2027-01-06T01:00:00.000Z');
    expect(d.reason).toContain('35 days');
  });

  it('C4.4 counts the 28 days from the original window, not the current one', () => {
    const moved = change('upgrade', '2026-12-16T01:00:00.000Z', {
      originalApplyAt: '2026-12-02T01:00:00.000Z',
      postponementCount: 1,
      state: 'postponed',
    });
    expect(decide(moved, { receivedAt: '2026-12-14T10:00:00.000Z' }).outcome).toBe('granted');
    expect(
      decide(moved, { receivedAt: '2026-12-14T10:00:00.000Z', requestedDate: '2026-12-31' }).outcome,
    ).toBe('pending-review');
  });

  it('C4.4 sends a third postponement to review', () => {
    const twice = change('upgrade', '2026-12-16T01:00:00.000Z', {
      originalApplyAt: '2026-12-02T01:00:00.000Z',
      postponementCount: 2,
      state: 'postponed',
    });
    const d = decide(twice, { receivedAt: '2026-12-14T10:00:00.000Z' });
    expect(d.outcome).toBe('pending-review');
    expect(d.reason).toContain('postponed 2 times');
  });

  it('C4.4 refuses a requested date that does not move the change later', () => {
    const d = decide(scheduled, { receivedAt: '2026-11-30T10:00:00.000Z', requestedDate: '2026-11-30' });
    expect(d).toMatchObject({ outcome: 'refused', clause: 'C4.4' });
  });

  it('C4.4 leap year: a window on 2028-02-29 can move 28 days to 2028-03-28', () => {
    const leap = change('upgrade', '2028-02-29T01:00:00.000Z');
    const tuesday = {
      ...london,
      maintenanceWindow: { weekday: 'TUE' as const, start: '01:00', durationHours: 4 },
    };
    const d = decide(
      leap,
      { receivedAt: '2028-02-27T10:00:00.000Z', requestedDate: '2028-03-28' },
      { customer: tuesday },
    );
    expect(d.outcome).toBe('granted');
    expect(iso(d.newApplyAt)).toBe('2028-03-28T00:00:00.000Z'); // 01:00 BST
  });
});

describe('C5.4 postponing urgent work', () => {
  it('C5.4 grants one night by default for a request received at 18:00:00 on the notice day', () => {
    const d = decide(urgent, { receivedAt: '2026-11-24T18:00:00.000Z' });
    expect(d).toMatchObject({ outcome: 'granted', clause: 'C5.4' });
    expect(iso(d.newApplyAt)).toBe('2026-11-26T01:00:00.000Z');
  });

  it('C5.4 refuses an urgent postponement received after 18:00 local', () => {
    const d = decide(urgent, { receivedAt: '2026-11-24T18:00:01.000Z' });
    expect(d).toMatchObject({ outcome: 'refused', clause: 'C5.4' });
    expect(d.reason).toContain('Tuesday, 24 November 2026 at 18:00 GMT (Europe/London)');
  });

  it('C5.4 grants up to 3 nights when a date is requested, and refuses a 4th', () => {
    const three = decide(urgent, { receivedAt: '2026-11-24T12:30:00.000Z', requestedDate: '2026-11-28' });
    expect(three.outcome).toBe('granted');
    expect(iso(three.newApplyAt)).toBe('2026-11-28T01:00:00.000Z');
    const four = decide(urgent, { receivedAt: '2026-11-24T12:30:00.000Z', requestedDate: '2026-11-29' });
    expect(four).toMatchObject({ outcome: 'refused', clause: 'C5.4' });
    expect(four.reason).toContain('Saturday, 28 November 2026 at 01:00 GMT (Europe/London)');
  });

  it('C5.4 counts the 3 nights from the original night across repeated postponements', () => {
    const moved = change('urgent', '2026-11-27T01:00:00.000Z', {
      originalApplyAt: '2026-11-25T01:00:00.000Z',
      state: 'postponed',
      postponementCount: 1,
    });
    expect(decide(moved, { receivedAt: '2026-11-26T12:30:00.000Z' }).outcome).toBe('granted');
    expect(
      decide(moved, { receivedAt: '2026-11-26T12:30:00.000Z', requestedDate: '2026-11-29' }).outcome,
    ).toBe('refused');
  });

  it('C5.4 / C4.3 requires the acceptance of the interim risks', () => {
    const d = decide(urgent, { receivedAt: '2026-11-24T13:00:00.000Z', riskAcceptance: undefined });
    expect(d).toMatchObject({ outcome: 'refused', clause: 'C4.3' });
  });
});

describe('C2.2 no opt-out', () => {
  it('C2.2 refuses a request to cancel, saying why and what the customer can do instead', () => {
    const d = decide(scheduled, {
      receivedAt: '2026-11-30T10:00:00.000Z',
      reason: 'Please cancel this upgrade.',
    });
    expect(d).toMatchObject({ outcome: 'refused', clause: 'C2.2' });
    expect(d.reason).toContain('cannot cancel or skip');
    expect(d.reason).toContain('move its date');
    expect(d.reason).toContain('Tuesday, 1 December 2026 at 18:00 GMT (Europe/London)');
  });

  it('C2.2 treats "skip … move it to next week" as a postponement request', () => {
    const d = decide(scheduled, {
      receivedAt: '2026-11-30T10:00:00.000Z',
      reason: 'Please skip this week and move it to next week, we have an audit.',
    });
    expect(d.outcome).toBe('granted');
  });

  it('C2.2 refuses to move a change that is already being applied or has succeeded', () => {
    for (const state of ['applying', 'succeeded'] as const) {
      const d = decide({ ...scheduled, state }, { receivedAt: '2026-11-30T10:00:00.000Z' });
      expect(d.outcome).toBe('refused');
      expect(d.newApplyAt).toBeUndefined();
    }
  });
});
