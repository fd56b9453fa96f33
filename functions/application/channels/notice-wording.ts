/**
 * C7.1: what a sent notice of planned work said, composed again from its record by the mail module
 * exactly as it was sent (the compliance check in domain/compliance-conduct.ts reads it).
 */
import { toInstant } from '../../domain/calendar.ts';
import type { NoticeWording } from '../../domain/compliance-conduct.ts';
import { indexOf } from '../../domain/compliance-facts.ts';
import { renderText } from '../../mail/notice-blocks.ts';
import { noticeContent } from '../../mail/notice-content.ts';
import { type NoticeViewLine, noticeLimits } from '../../mail/notice-view.ts';

export const noticeWording: NoticeWording = (n, f) => {
  const servers = indexOf(f).serverById;
  const lines: NoticeViewLine[] = n.changes.map((l) => {
    const release = f.releases.get(l.releaseId);
    const server = servers.get(l.serverId);
    const cls = release?.class ?? (n.kind === 'urgent' ? 'urgent' : 'important');
    return {
      change: { id: l.changeId, applyAt: toInstant(l.applyAt), class: cls },
      server: { id: l.serverId, images: server?.images ?? [] },
      release: {
        id: l.releaseId,
        title: release?.title ?? l.releaseId,
        version: release?.version ?? '',
        class: cls,
        description: release?.description ?? '',
      },
    };
  });
  const first = lines[0]?.change.applyAt ?? toInstant(n.sentAt as string);
  const content = noticeContent({
    kind: n.kind,
    noticeId: n.id,
    customer: f.customer,
    to: n.to,
    from: f.customer.contacts[0] ?? 'service',
    replyTo: undefined,
    date: toInstant(n.sentAt as string),
    lines,
    // The wording does not depend on these; the record keeps only the first apply time and deadline.
    window: { start: first, end: first },
    postponeUntil: n.postponeUntil ? toInstant(n.postponeUntil) : first,
    limits: noticeLimits(f.cfg),
  });
  return `${content.subject}\n${renderText(content.blocks)}`;
};
