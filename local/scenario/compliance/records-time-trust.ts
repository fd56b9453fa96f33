/** C1 classes, C10 records, C11 time (work done once), C12 trust (contacts only). */
import {
  type Breach,
  type CheckContext,
  type ClauseOutcome,
  ofType,
  outcome,
  releaseOfChange,
} from './context.ts';

/** C1: every application carries the class its release was validated with. */
export function checkC1(ctx: CheckContext): ClauseOutcome {
  const breaches: Breach[] = [];
  const evidence: number[] = [];
  for (const l of ofType(ctx, 'apply.started')) {
    const expected = ctx.releaseClass.get(releaseOfChange(l.event.changeId));
    if (expected && expected !== l.event.class) {
      breaches.push({
        subjectId: l.event.changeId,
        explanation: `C1 applied as ${l.event.class}, but release is ${expected}`,
        lines: [l.n],
      });
    } else evidence.push(l.n);
  }
  return outcome(breaches, evidence, 'C1 release classes');
}

/** C10.1: every finish has its start, every decision its request (or a pending review before it). */
export function checkC10(ctx: CheckContext): ClauseOutcome {
  const breaches: Breach[] = [];
  const evidence: number[] = [];
  for (const f of ofType(ctx, 'apply.finished')) {
    const start = ofType(ctx, 'apply.started').find(
      (s) => s.event.changeId === f.event.changeId && s.n < f.n,
    );
    if (start) evidence.push(f.n);
    else
      breaches.push({
        subjectId: f.event.changeId,
        explanation: 'C10.1 an application finished without a recorded start',
        lines: [f.n],
      });
  }
  for (const d of ofType(ctx, 'postponement.decided')) {
    const request = ofType(ctx, 'request.received').find(
      (r) => r.event.changeId === d.event.changeId && r.n < d.n,
    );
    if (request) evidence.push(d.n);
    else
      breaches.push({
        subjectId: d.event.changeId,
        explanation: 'C10.1 a decision without a recorded request',
        lines: [d.n],
      });
  }
  return outcome(breaches, evidence, 'C10 records');
}

/** C11.2: a run delivered twice does its work once: no duplicate notice, no double application. */
export function checkC11(ctx: CheckContext): ClauseOutcome {
  const breaches: Breach[] = [];
  const evidence: number[] = [];
  const seen = new Map<string, number>();
  for (const n of ofType(ctx, 'notice.sent')) {
    if (n.event.kind === 'postponement-refused' || n.event.kind === 'postponement-review') continue;
    const key = JSON.stringify([
      n.event.customerId,
      n.event.kind,
      n.event.changes.map((c) => [c.changeId, c.applyAt]).sort(),
    ]);
    const first = seen.get(key);
    if (first !== undefined) {
      breaches.push({
        subjectId: n.event.customerId,
        explanation: 'C11.2 the same notice was sent twice',
        lines: [first, n.n],
      });
    } else {
      seen.set(key, n.n);
      evidence.push(n.n);
    }
  }
  const open = new Map<string, number>();
  for (const l of ctx.lines) {
    const e = l.event;
    if (e.type === 'apply.started') {
      const previous = open.get(e.changeId);
      if (previous !== undefined) {
        breaches.push({
          subjectId: e.changeId,
          explanation: 'C11.2 a change was started twice',
          lines: [previous, l.n],
        });
      }
      open.set(e.changeId, l.n);
    }
    if (e.type === 'apply.finished') open.delete(e.changeId);
  }
  return outcome(breaches, evidence, 'C11 time and runs done once');
}

/** C12: requests counted only from the customer's contacts; notices go to its contacts only. */
export function checkC12(ctx: CheckContext): ClauseOutcome {
  const breaches: Breach[] = [];
  const evidence: number[] = [];
  for (const r of ofType(ctx, 'request.received')) {
    const contacts = ctx.customers.get(r.event.customerId)?.contacts ?? [];
    if (r.event.via === 'api' || contacts.includes(r.event.from.toLowerCase())) evidence.push(r.n);
    else {
      breaches.push({
        subjectId: r.event.changeId,
        explanation: `C12.2 a request from ${r.event.from}, not a contact of ${r.event.customerId}, was counted`,
        lines: [r.n],
      });
    }
  }
  for (const n of ofType(ctx, 'notice.sent')) {
    // C4.4: a request waiting for review is announced to the CS team, who are no third party.
    if (n.event.kind === 'postponement-review') continue;
    const contacts = ctx.customers.get(n.event.customerId)?.contacts ?? [];
    const strangers = n.event.to.filter((t) => !contacts.includes(t.toLowerCase()));
    if (strangers.length) {
      breaches.push({
        subjectId: n.event.customerId,
        explanation: `C12.2 a notice went to ${strangers.join(', ')}, not a contact of ${n.event.customerId}`,
        lines: [n.n],
      });
    }
  }
  return outcome(breaches, evidence, 'C12 trust');
}
