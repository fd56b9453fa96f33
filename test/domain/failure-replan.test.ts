import { describe, expect, it } from 'vitest';
import { failureNoticeDeadline, replanAfterFailure } from '../../functions/domain/failure-replan.ts';
import { at, cfg, iso, london, newYork } from './support.ts';

describe('C6.4 / C8.2 replanning a failed change', () => {
  it('C8.2 a failure at 02:00 on a Wednesday must be notified by 13:00 that day', () => {
    expect(iso(failureNoticeDeadline(at('2026-11-25T02:00:00Z'), cfg))).toBe('2026-11-25T13:00:00.000Z');
  });

  it('C6.4 an urgent change whose failure notice reaches the customer by 12:00 goes again that night', () => {
    const plan = replanAfterFailure({
      changeClass: 'urgent',
      failureNoticeAt: at('2026-11-25T09:30:00Z'),
      customer: london,
      cfg,
    });
    expect(iso(plan.noticeAt)).toBe('2026-11-25T12:00:00.000Z');
    expect(iso(plan.applyAt)).toBe('2026-11-26T01:00:00.000Z');
  });

  it('C6.4 an urgent change whose failure notice goes out after 12:00 goes again the next night', () => {
    const failureNoticeAt = failureNoticeDeadline(at('2026-11-25T02:00:00Z'), cfg); // 13:00
    const plan = replanAfterFailure({ changeClass: 'urgent', failureNoticeAt, customer: london, cfg });
    expect(iso(plan.noticeAt)).toBe('2026-11-26T12:00:00.000Z');
    expect(iso(plan.applyAt)).toBe('2026-11-27T01:00:00.000Z');
  });

  it('C6.4 a scheduled change goes again in the next window that leaves 168 h from the failure notice', () => {
    const plan = replanAfterFailure({
      changeClass: 'important',
      failureNoticeAt: at('2026-11-25T13:00:00Z'),
      customer: london,
      cfg,
    });
    expect(iso(plan.noticeAt)).toBe('2026-11-26T12:00:00.000Z');
    expect(iso(plan.applyAt)).toBe('2026-12-09T01:00:00.000Z');
    expect('windowEnd' in plan && iso(plan.windowEnd)).toBe('2026-12-09T05:00:00.000Z');
  });

  it('C6.4 / C11.1 the repeat night is in the customer zone, the working hours in London', () => {
    // Failure 01:30 EST Wed = 06:30Z; notice due 13:00 London = 08:00 EST, before New York noon.
    const failureNoticeAt = failureNoticeDeadline(at('2026-11-25T06:30:00Z'), cfg);
    expect(iso(failureNoticeAt)).toBe('2026-11-25T13:00:00.000Z');
    const plan = replanAfterFailure({ changeClass: 'urgent', failureNoticeAt, customer: newYork, cfg });
    expect(iso(plan.noticeAt)).toBe('2026-11-25T17:00:00.000Z');
    expect(iso(plan.applyAt)).toBe('2026-11-26T06:00:00.000Z');
  });
});
