/**
 * Points the service's compliance evidence (audit events and notices, by id, subject and instant)
 * at the lines of timeline.jsonl (1-based) that show the same thing.
 */
import type { TimelineEvent } from './timeline.ts';

export type EvidenceRef = { id: string; type: string; at: string; subjectId: string };
export type LineIndex = {
  /** The line showing this audit event or notice, if the timeline has one. */
  lineOf(ref: EvidenceRef): number | undefined;
  /** The lines about a subject (a change, server, server/image, request or notice), at most LINES_LIMIT. */
  linesAbout(subjectId: string): number[];
};

const LINES_LIMIT = 10;

/** The ids a line is about: its notice, request, change(s), server and server/image. */
function keysOf(e: TimelineEvent): string[] {
  switch (e.type) {
    case 'notice.sent':
      return [
        ...(e.noticeId ? [e.noticeId] : []),
        ...e.changes.flatMap((c) => [c.changeId, c.serverId]),
        e.customerId,
      ];
    case 'request.received':
    case 'postponement.decided':
      return [...(e.requestId ? [e.requestId] : []), e.changeId];
    case 'apply.started':
    case 'apply.finished':
      return [e.changeId, e.serverId];
    case 'backup.finished':
      return [`${e.serverId}/${e.image}`, e.serverId];
    case 'alert.raised':
      return e.subjectId ? [e.subjectId] : [];
  }
}

export function lineIndex(timeline: readonly TimelineEvent[]): LineIndex {
  const byKey = new Map<string, number[]>();
  const keys = timeline.map(keysOf);
  keys.forEach((ks, i) => {
    for (const k of new Set(ks)) byKey.set(k, [...(byKey.get(k) ?? []), i + 1]);
  });
  const atOf = (n: number) => Date.parse(timeline[n - 1]?.at ?? '');
  return {
    lineOf(ref) {
      const at = Date.parse(ref.at);
      const same = (byKey.get(ref.subjectId) ?? []).find((n) => atOf(n) === at);
      if (same) return same;
      // A subject the timeline does not name (e.g. a backup run's id): a line of that instant about
      // a server, change or notice the subject's id contains.
      const i = timeline.findIndex(
        (e, j) =>
          Date.parse(e.at) === at && (keys[j] ?? []).some((k) => k.length > 3 && ref.subjectId.includes(k)),
      );
      return i < 0 ? undefined : i + 1;
    },
    linesAbout(subjectId) {
      const direct = byKey.get(subjectId);
      if (direct) return direct.slice(0, LINES_LIMIT);
      const server = subjectId.split('/')[0] ?? subjectId;
      return (byKey.get(server) ?? []).slice(0, LINES_LIMIT);
    },
  };
}
