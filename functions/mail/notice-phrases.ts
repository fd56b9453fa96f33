/**
 * Sentences shared by several notice kinds. Times are always the customer's local wall-clock time
 * with its zone (C11.1). Text meant for customers names no clause ids and no internal ids (the
 * clauses travel in the X-Contract-Clauses header); a change id appears only in the API route the
 * customer can call with it.
 */
import { formatLocal, type Instant } from '../domain/calendar.ts';
import type { ReleaseClass } from '../domain/records.ts';
import type { Block } from './notice-blocks.ts';
import type { NoticeView, NoticeViewLine } from './notice-view.ts';

/** Shown in notices as the form of a reply; placeholders keep the example itself from parsing. */
export const REPLY_EXAMPLE = 'POSTPONE to <YYYY-MM-DD> because <your business reason>. We accept the risks.';

/** The heading of each notice: the first line of a notice a customer quotes back. */
export const HEADINGS = {
  scheduled: 'Planned maintenance of your servers',
  urgent: 'Urgent patch tonight',
  howToPostpone: 'How to ask for a postponement',
  granted: 'Postponement granted',
  refused: 'Postponement request refused',
  review: 'Postponement request to review',
  failure: 'A change was reversed automatically',
} as const;

/** The headings: lines no customer writes. */
export const NOTICE_HEADINGS: readonly string[] = Object.values(HEADINGS);

/**
 * The first line of each paragraph a notice writes, which no customer writes: reply-text.ts cuts a
 * reply where one begins, so even a quote nobody marked never counts as the customer's words. A
 * test renders every notice and checks that each of its paragraphs is recognised here.
 */
export const NOTICE_LINES: readonly RegExp[] = [
  /^POSTPONE to <YYYY-MM-DD>/,
  /^We will apply \d+ changes? to your servers /,
  /^Our Customer Success team has validated an urgent critical patch\./,
  /^(?:- )?.{1,300} \(release [^,()]+, version [^()]*\)$/, // the first line of each change
  /^Expected loss of service: /,
  /^Reply to this email before .+, writing above the quoted notice a line in this form:$/,
  /^Ask before .+, with a request in this form:$/,
  /^Give an important business reason\. /,
  /^You can also ask through the customer API, /,
  /^Requests we receive after .+ are refused: /,
  /^A postponement takes effect only when you explicitly accept /,
  /^These changes cannot be skipped or cancelled: /,
  /^Your postponement request is granted\. /,
  /^We recorded your acceptance of the interim risks /,
  /^We cannot accept your request: /,
  /^These changes keep their date:$/,
  /^(?:A change cannot be skipped or cancelled, but you can ask to move its date|If the deadline has not passed, you can send a new request)/,
  /^Applying \d+ changes? to your servers did not succeed\. /,
  /^We will repeat the change on /,
  /^This message was sent automatically\./,
];

/** C1: what each class means, in the customer's words. */
const CLASS_MEANING: Record<ReleaseClass, string> = {
  upgrade: 'upgrade: new capabilities, manageability, performance and non-critical fixes',
  important: 'important: patches and security updates the vendor rates critical or important',
  urgent: 'urgent: one of the most urgent critical patches',
};

export const local = (view: NoticeView, instant: Instant): string =>
  formatLocal(instant, view.customer.timeZone);

export const greeting = (view: NoticeView): Block => ({
  kind: 'paragraph',
  text: `Hello ${view.customer.name},`,
});

/** C4.1: the customer API's route for asking to move one change. */
export const postponementRoute = (changeId: string): string =>
  `POST /v1/changes/${encodeURIComponent(changeId).replace(/%3A/gi, ':')}/postponements`;

/** C3.3 "why": the release's own description, never its title again. */
export function whyOf(release: NoticeViewLine['release']): string {
  const description = release.description.trim();
  const same = (a: string, b: string) =>
    a.replace(/[\s.]+$/, '').toLowerCase() === b.replace(/[\s.]+$/, '').toLowerCase();
  return description && !same(description, release.title)
    ? description
    : 'The vendor gave no further description of this release.';
}

/** C3.3: what is changing, its class, and why; with `route`, how to move it through the API. */
export function describeLine(
  view: NoticeView,
  line: NoticeViewLine,
  options: { route?: boolean } = {},
): string {
  const images = line.server.images.map((i) => (i.activeDirectory ? `${i.name} (Active Directory)` : i.name));
  return [
    `${line.release.title} (release ${line.release.id}, version ${line.release.version})`,
    `Class: ${CLASS_MEANING[line.change.class]}`,
    `Server: ${line.server.id}, images: ${images.join(', ') || 'none'}`,
    `When: ${local(view, line.change.applyAt)}`,
    `Why: ${whyOf(line.release)}`,
    ...(options.route ? [`To move it through the API: ${postponementRoute(line.change.id)}`] : []),
  ].join('\n');
}

export const changeList = (view: NoticeView, options: { route?: boolean } = {}): Block => ({
  kind: 'list',
  items: view.lines.map((line) => describeLine(view, line, options)),
});

/** The customer's notices end plainly; the CS team's review notice keeps its clauses and id. */
export const footer = (view: NoticeView, clauses: string[]): Block => ({
  kind: 'footer',
  text:
    view.kind === 'postponement-review'
      ? [
          `Contract clauses: ${[...new Set(clauses)].join(', ')}`,
          `Notice ${view.noticeId}. This message was sent automatically.`,
        ].join('\n')
      : 'This message was sent automatically.',
});

export function plural(count: number, one: string, many: string): string {
  return count === 1 ? `1 ${one}` : `${count} ${many}`;
}
