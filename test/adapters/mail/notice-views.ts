/** Notice views for the composer tests: a London customer, one window, two changes. */
import { toInstant } from '../../../functions/domain/calendar.ts';
import { defaultConfig } from '../../../functions/domain/config.ts';
import type { Customer, NoticeKind } from '../../../functions/domain/records.ts';
import { type NoticeView, type NoticeViewLine, noticeLimits } from '../../../functions/mail/notice-view.ts';

export const TOKEN = 'abcdefghijklmnopqrstuvwxyz234567';

export const customer: Customer = {
  id: 'acme',
  name: 'Acme <Holdings> & "Sons"',
  timeZone: 'Europe/London',
  contacts: ['ops@acme.example', 'cto@acme.example'],
  maintenanceWindow: { weekday: 'WED', start: '01:00', durationHours: 4 },
};

export const lines: NoticeViewLine[] = [
  {
    change: {
      id: 'rel-7.2:mi-0123456789abcdef0',
      applyAt: toInstant('2026-12-02T01:00:00Z'),
      class: 'important',
    },
    server: {
      id: 'mi-0123456789abcdef0',
      images: [{ name: 'dc01', activeDirectory: true }, { name: 'files' }],
    },
    release: {
      id: 'rel-7.2',
      title: 'Platform 7.2 <script>alert(1)</script>',
      version: '7.2.0',
      class: 'important',
      description: 'Fixes CVE-2026-1234 in the hypervisor & the storage driver.',
    },
  },
  {
    change: {
      id: 'rel-7.2:mi-0123456789abcdef1',
      applyAt: toInstant('2026-12-02T01:00:00Z'),
      class: 'important',
    },
    server: { id: 'mi-0123456789abcdef1', images: [{ name: 'web' }] },
    release: {
      id: 'rel-7.2',
      title: 'Platform 7.2 <script>alert(1)</script>',
      version: '7.2.0',
      class: 'important',
      description: 'Fixes CVE-2026-1234 in the hypervisor & the storage driver.',
    },
  },
];

/** A complete view of `kind`: window Wed 2 Dec 2026 01:00–05:00 London (GMT, so UTC too). */
export function viewOf(kind: NoticeKind, overrides: Partial<NoticeView> = {}): NoticeView {
  const base: NoticeView = {
    kind,
    noticeId: `acme:2026-12-02T01:00:00Z:${kind}`,
    customer,
    from: 'notices@patch.example',
    replyTo: `reply+${TOKEN}@replies.patch.example`,
    messageIdDomain: 'mail.patch.example',
    date: toInstant('2026-11-24T12:00:00Z'),
    lines,
    window: { start: toInstant('2026-12-02T01:00:00Z'), end: toInstant('2026-12-02T05:00:00Z') },
    postponeUntil: toInstant('2026-12-01T18:00:00Z'),
    limits: noticeLimits(defaultConfig()),
  };
  const extra: Partial<NoticeView> =
    kind === 'postponement-granted'
      ? { newApplyAt: toInstant('2026-12-09T01:00:00Z') }
      : kind === 'postponement-refused'
        ? {
            refusal: {
              clause: 'C4.2',
              reason: 'Your request arrived after 18:00 on the day before the window.',
            },
          }
        : kind === 'postponement-review'
          ? {
              to: ['cs@patch.example'],
              request: {
                id: 'req-1',
                requester: 'ops@acme.example',
                receivedAt: toInstant('2026-11-25T10:00:00Z'),
                reason: 'Quarter-end <close>',
                requestedDate: '2027-01-20',
                riskAcceptanceWords: 'We accept the risks.',
              },
            }
          : kind === 'failure'
            ? { repeatAt: toInstant('2026-12-09T01:00:00Z') }
            : {};
  return { ...base, ...extra, ...overrides };
}
