/**
 * Points the service's compliance evidence (audit events and notices, by id, subject and instant)
 * at the lines of timeline.jsonl (1-based) that show the same thing.
 *
 * Linear in the timeline and in the evidence (issue 15: it used to scan the whole timeline for
 * every evidence line, 390 s at 200 servers × 180 days): one pass builds two maps, the first lines
 * about each key and the first line of each key at each instant; each look-up is then a handful of
 * map reads.
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
/** Keys this short (none in practice) are too vague to point a subject at a line. */
const MIN_KEY = 4;

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

/**
 * The ids a subject id is made of: every run of consecutive `:`-separated parts, e.g.
 * `backup:mi-0a…1:dc01:full:…` → `mi-0a…1`, and `notice:acme:failure:vplat-7.2:mi-0a…1:1` → the
 * change id `vplat-7.2:mi-0a…1` (ids.ts joins its parts with `:`).
 */
function partsOf(subjectId: string): string[] {
  const parts = subjectId.split(':');
  const out: string[] = [];
  for (let i = 0; i < parts.length; i++) {
    let joined = '';
    for (let j = i; j < parts.length; j++) {
      joined = j === i ? (parts[i] as string) : `${joined}:${parts[j]}`;
      if (joined.length >= MIN_KEY && joined !== subjectId) out.push(joined);
    }
  }
  return out;
}

const at = (key: string, ms: number) => `${ms}\u0000${key}`;

export function lineIndex(timeline: readonly TimelineEvent[]): LineIndex {
  const about = new Map<string, number[]>();
  const firstAt = new Map<string, number>();
  timeline.forEach((e, i) => {
    const line = i + 1;
    const ms = Date.parse(e.at);
    for (const key of new Set(keysOf(e))) {
      const lines = about.get(key) ?? [];
      if (lines.length === 0) about.set(key, lines);
      if (lines.length < LINES_LIMIT) lines.push(line);
      const k = at(key, ms);
      if (!firstAt.has(k)) firstAt.set(k, line);
    }
  });
  return {
    lineOf(ref) {
      const ms = Date.parse(ref.at);
      const same = firstAt.get(at(ref.subjectId, ms));
      if (same) return same;
      // A subject the timeline does not name (e.g. a backup run's id): the first line of that
      // instant about a server, change or notice the subject's id is made of.
      let first: number | undefined;
      for (const part of partsOf(ref.subjectId)) {
        const line = firstAt.get(at(part, ms));
        if (line !== undefined && (first === undefined || line < first)) first = line;
      }
      return first;
    },
    linesAbout(subjectId) {
      const direct = about.get(subjectId);
      if (direct) return [...direct];
      const server = subjectId.split('/')[0] ?? subjectId;
      return [...(about.get(server) ?? [])];
    },
  };
}
