/**
 * The advance notices: `scheduled` (C3.2, C3.3, C3.4) and `urgent` (C5.2, C5.4). Both say what is
 * changing and why, when (local time), the expected loss of service (C7.1), how and until when to
 * ask for a postponement (C4.1, C4.2, C5.4), what accepting the risks means (C4.3), and that the
 * change cannot be skipped (C2.2).
 */
import { ValidationError } from '../domain/errors.ts';
import type { Block } from './notice-blocks.ts';
import type { NoticeContent } from './notice-content.ts';
import { changeList, greeting, local, plural, REPLY_EXAMPLE } from './notice-phrases.ts';
import type { NoticeView } from './notice-view.ts';

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

function postponementBlocks(
  view: NoticeView,
  deadline: string,
  howFar: string,
  cutoffClause: string,
): Block[] {
  const replyWay = view.replyTo
    ? `Reply to this email before ${deadline} with a line in this form:`
    : `Ask before ${deadline}, with a request in this form:`;
  return [
    { kind: 'heading', text: 'How to ask for a postponement' },
    { kind: 'paragraph', text: replyWay },
    { kind: 'example', text: REPLY_EXAMPLE },
    {
      kind: 'paragraph',
      text: [
        `Give an important business reason (C4.1). ${howFar}`,
        view.apiHint
          ? `You can also use the API: ${view.apiHint}.`
          : 'You can also use the API (postponement request for the change).',
        `Requests received after ${deadline} are refused (${cutoffClause}); our receipt time counts (C11.3).`,
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
      // C2.2: no opt-out.
      text:
        'These changes cannot be skipped or cancelled: every server is kept on the latest validated release ' +
        'of its platform (C2.1, C2.2). You can only ask to move the date.',
    },
  ];
}

export function scheduledContent(view: NoticeView): NoticeContent {
  const { window, postponeUntil } = required(view);
  const start = local(view, window.start);
  const deadline = local(view, postponeUntil);
  return {
    subject: `Planned maintenance of your servers: ${start}`,
    clauses: ['C2.2', 'C3.2', 'C3.3', 'C3.4', 'C4.1', 'C4.2', 'C4.3', 'C7.1'],
    blocks: [
      { kind: 'heading', text: 'Planned maintenance of your servers' },
      greeting(view),
      {
        kind: 'paragraph',
        text:
          `We will apply ${plural(view.lines.length, 'change', 'changes')} to your servers in your ` +
          `maintenance window, from ${start} to ${local(view, window.end)}.`,
      },
      changeList(view),
      {
        kind: 'paragraph',
        // C7.1
        text:
          'Expected loss of service: while the changes are applied, the servers listed above may suffer a ' +
          'partial or complete loss of service.',
      },
      ...postponementBlocks(
        view,
        deadline,
        'Small moves (to a later window) are granted automatically; larger ones are reviewed by our ' +
          'Customer Success team (C4.4). Without a date, we move the change to your next window.',
        'C4.2',
      ),
    ],
  };
}

export function urgentContent(view: NoticeView): NoticeContent {
  const { window, postponeUntil } = required(view);
  const start = local(view, window.start);
  const deadline = local(view, postponeUntil);
  return {
    subject: `Urgent patch tonight: ${start}`,
    clauses: ['C1.3', 'C2.2', 'C4.3', 'C5.2', 'C5.4', 'C7.1'],
    blocks: [
      { kind: 'heading', text: 'Urgent patch tonight' },
      greeting(view),
      {
        kind: 'paragraph',
        text:
          `Our Customer Success team has validated an urgent critical patch. We will apply ` +
          `${plural(view.lines.length, 'change', 'changes')} to your servers overnight, from ${start} to ` +
          `${local(view, window.end)}, without the usual 7-day notice (C5.2).`,
      },
      changeList(view),
      {
        kind: 'paragraph',
        // C7.1
        text:
          'Expected loss of service: while the patch is applied, the servers listed above may suffer a ' +
          'partial or complete loss of service.',
      },
      ...postponementBlocks(
        view,
        deadline,
        'An urgent patch can only be postponed for a short period (one night unless you name a date, ' +
          'at most a few nights) (C5.4).',
        'C5.4',
      ),
    ],
  };
}
