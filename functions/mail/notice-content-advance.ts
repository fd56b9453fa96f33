/**
 * The advance notices: `scheduled` (C3.2, C3.3, C3.4) and `urgent` (C5.2, C5.4). Both say what is
 * changing and why, when (local time), the expected loss of service (C7.1), how and until when to
 * ask for a postponement, by reply or through the API route of each change (C4.1, C4.2, C5.4),
 * within which limits (C4.4, C5.4), what accepting the risks means (C4.3), and that the change
 * cannot be skipped (C2.2). Clause ids stay in this code and the X-Contract-Clauses header.
 */
import { ValidationError } from '../domain/errors.ts';
import type { Block, NoticeContent } from './notice-blocks.ts';
import { changeList, greeting, HEADINGS, local, plural, REPLY_EXAMPLE } from './notice-phrases.ts';
import type { NoticeLimits, NoticeView } from './notice-view.ts';

function required(view: NoticeView) {
  const { window, postponeUntil } = view;
  if (!window || !postponeUntil || view.lines.length === 0) {
    throw new ValidationError(`a ${view.kind} notice needs a window, a postponement deadline and changes`, [
      ...(window ? [] : [{ path: 'window', message: 'required' }]),
      ...(postponeUntil ? [] : [{ path: 'postponeUntil', message: 'required' }]),
      ...(view.lines.length > 0 ? [] : [{ path: 'lines', message: 'at least one change' }]),
    ]);
  }
  return { window, postponeUntil };
}

const times = (count: number) => (count === 1 ? 'once' : count === 2 ? 'twice' : `${count} times`);
const nights = (count: number) => plural(count, 'night', 'nights');

/** C4.4: the minor adjustments granted automatically, from the contract configuration. */
const scheduledLimits = (l: NoticeLimits): string =>
  `We grant a request automatically when the new date is at most ${plural(l.maxDaysAfterOriginal, 'day', 'days')} ` +
  `after the window we first notified for the change, and the change has been moved at most ${times(l.maxCount)} ` +
  'in all. A request beyond these limits goes to our Customer Success team, who approve or refuse it. ' +
  'Without a date, we move the change to your next window.';

/** C5.4: an urgent patch moves only by a few nights. */
const urgentLimits = (l: NoticeLimits): string =>
  `An urgent patch can only be postponed for a short period: by ${nights(l.urgentDefaultNights)} unless you ` +
  `name a date, and by at most ${nights(l.urgentMaxNights)}.`;

function postponementBlocks(view: NoticeView, deadline: string, limits: string): Block[] {
  const replyWay = view.replyTo
    ? `Reply to this email before ${deadline}, writing above the quoted notice a line in this form:`
    : `Ask before ${deadline}, with a request in this form:`;
  return [
    { kind: 'heading', text: HEADINGS.howToPostpone },
    { kind: 'paragraph', text: replyWay },
    { kind: 'example', text: REPLY_EXAMPLE },
    {
      kind: 'paragraph',
      text: [
        // C4.1, C4.4 / C5.4
        `Give an important business reason. ${limits}`,
        // C4.1: the API route of each change is listed with it above.
        'You can also ask through the customer API, with the route listed under each change above and ' +
          'a body such as {"reason": "…", "newDate": "YYYY-MM-DD", "acceptRisk": true}.',
        // C4.2 / C5.4, C11.3
        `Requests we receive after ${deadline} are refused: the time we receive your email or API call ` +
          'counts, not the time it was sent.',
      ].join('\n'),
    },
    {
      kind: 'paragraph',
      // C4.3: the exact risks the customer takes on.
      text:
        'A postponement takes effect only when you explicitly accept the interim risks: until the change is ' +
        "applied, the server's reliability and the availability, privacy and integrity of your data are at " +
        'risk, and you take responsibility for them. Say so in your request, for example with the sentence ' +
        '"We accept the risks." We record who accepted, when, and the exact words.',
    },
    {
      kind: 'paragraph',
      // C2.1, C2.2: no opt-out.
      text:
        'These changes cannot be skipped or cancelled: every server is kept on the latest validated release ' +
        'of its platform. You can only ask to move the date.',
    },
  ];
}

export function scheduledContent(view: NoticeView): NoticeContent {
  const { window, postponeUntil } = required(view);
  const start = local(view, window.start);
  return {
    subject: `Planned maintenance of your servers: ${start}`,
    clauses: ['C2.2', 'C3.2', 'C3.3', 'C3.4', 'C4.1', 'C4.2', 'C4.3', 'C4.4', 'C7.1'],
    blocks: [
      { kind: 'heading', text: HEADINGS.scheduled },
      greeting(view),
      {
        kind: 'paragraph',
        text:
          `We will apply ${plural(view.lines.length, 'change', 'changes')} to your servers in your ` +
          `maintenance window, from ${start} to ${local(view, window.end)}.`,
      },
      changeList(view, { route: true }),
      {
        kind: 'paragraph',
        // C7.1
        text:
          'Expected loss of service: while the changes are applied, the servers listed above may suffer a ' +
          'partial or complete loss of service.',
      },
      ...postponementBlocks(view, local(view, postponeUntil), scheduledLimits(view.limits)),
    ],
  };
}

export function urgentContent(view: NoticeView): NoticeContent {
  const { window, postponeUntil } = required(view);
  const start = local(view, window.start);
  const lead = view.limits.noticeLeadHours;
  const usual = lead % 24 === 0 ? plural(lead / 24, 'day', 'days') : plural(lead, 'hour', 'hours');
  return {
    subject: `Urgent patch tonight: ${start}`,
    clauses: ['C1.3', 'C2.2', 'C4.3', 'C5.2', 'C5.4', 'C7.1'],
    blocks: [
      { kind: 'heading', text: HEADINGS.urgent },
      greeting(view),
      {
        kind: 'paragraph',
        // C5.2
        text:
          `Our Customer Success team has validated an urgent critical patch. We will apply ` +
          `${plural(view.lines.length, 'change', 'changes')} to your servers overnight, from ${start} to ` +
          `${local(view, window.end)}, without the usual notice of ${usual}.`,
      },
      changeList(view, { route: true }),
      {
        kind: 'paragraph',
        // C7.1
        text:
          'Expected loss of service: while the patch is applied, the servers listed above may suffer a ' +
          'partial or complete loss of service.',
      },
      ...postponementBlocks(view, local(view, postponeUntil), urgentLimits(view.limits)),
    ],
  };
}
