/**
 * Sentences shared by several notice kinds. Times are always the customer's local wall-clock time
 * with its zone (C11.1).
 */
import { formatLocal, type Instant } from '../domain/calendar.ts';
import type { ReleaseClass } from '../domain/records.ts';
import type { Block } from './notice-blocks.ts';
import type { NoticeView, NoticeViewLine } from './notice-view.ts';

/** Shown in notices as the form of a reply; placeholders keep the example itself from parsing. */
export const REPLY_EXAMPLE = 'POSTPONE to <YYYY-MM-DD> because <your business reason>. We accept the risks.';

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

/** C3.3: what is changing, its class, and why. */
export function describeLine(view: NoticeView, line: NoticeViewLine): string {
  const images = line.server.images.map((i) => (i.activeDirectory ? `${i.name} (Active Directory)` : i.name));
  const why = line.release.description.trim() || line.release.title;
  return [
    `${line.release.title} (release ${line.release.id}, version ${line.release.version})`,
    `Class: ${CLASS_MEANING[line.change.class]} (C1)`,
    `Server: ${line.server.id}, images: ${images.join(', ') || 'none'}`,
    `When: ${local(view, line.change.applyAt)}`,
    `Why: ${why}`,
  ].join('\n');
}

export const changeList = (view: NoticeView): Block => ({
  kind: 'list',
  items: view.lines.map((line) => describeLine(view, line)),
});

export const footer = (view: NoticeView, clauses: string[]): Block => ({
  kind: 'footer',
  text: [
    `Contract clauses: ${[...new Set(clauses)].join(', ')}`,
    `Notice ${view.noticeId}. This message was sent automatically.`,
  ].join('\n'),
});

export function plural(count: number, one: string, many: string): string {
  return count === 1 ? `1 ${one}` : `${count} ${many}`;
}
