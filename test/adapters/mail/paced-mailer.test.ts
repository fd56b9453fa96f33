import { describe, expect, it } from 'vitest';
import { PacedMailer } from '../../../functions/adapters/ses/paced-mailer.ts';
import type { Mailer, OutgoingMail } from '../../../functions/application/ports.ts';

const mailTo = (to: string): OutgoingMail => ({
  from: 'notices@patch.example',
  to: [to],
  subject: 'x',
  text: 'body',
  date: new Date('2026-11-02T12:00:00Z'),
  headers: {},
});

/**
 * A virtual clock: `sleep` parks the caller until `settle` moves time to its wake-up, earliest
 * first, so concurrent sleepers wake in the order and at the time a real timer would give them.
 */
function virtualClock() {
  let time = 0;
  const sleepers: { at: number; wake: () => void }[] = [];
  const drainMicrotasks = () => new Promise<void>((resolve) => setImmediate(resolve));
  return {
    now: () => time,
    sleep: (ms: number) => new Promise<void>((wake) => sleepers.push({ at: time + ms, wake })),
    /** Advances time sleeper by sleeper until `work` is done. */
    async settle<T>(work: Promise<T>): Promise<T> {
      let done = false;
      const watched = work.finally(() => {
        done = true;
      });
      watched.catch(() => undefined);
      for (;;) {
        await drainMicrotasks();
        if (done || sleepers.length === 0) break;
        sleepers.sort((a, b) => a.at - b.at);
        const next = sleepers.shift() as { at: number; wake: () => void };
        time = next.at;
        next.wake();
      }
      return watched;
    },
  };
}

/** An inner Mailer that records when each send reached it, and fails the recipients in `failing`. */
function recordingMailer(now: () => number, failing: readonly string[] = []) {
  const started: { to: string; at: number }[] = [];
  const inner: Mailer = {
    async send(mail) {
      const to = mail.to[0] as string;
      started.push({ to, at: now() });
      if (failing.includes(to)) throw new Error(`SES refused ${to}`);
      return { messageId: `id-${to}` };
    },
  };
  return { inner, started };
}

describe('PacedMailer', () => {
  it('C3.5 starts at most perSecond sends a second: 5 sends at 2/s start at 0, 500, 1000, 1500, 2000 ms', async () => {
    const clock = virtualClock();
    const { inner, started } = recordingMailer(clock.now);
    const paced = new PacedMailer(inner, 2, clock);
    const ids = await clock.settle(
      (async () => {
        const out: string[] = [];
        for (let i = 1; i <= 5; i++) out.push((await paced.send(mailTo(`c${i}@acme.example`))).messageId);
        return out;
      })(),
    );
    expect(started.map((s) => s.at)).toEqual([0, 500, 1000, 1500, 2000]);
    expect(ids).toEqual([
      'id-c1@acme.example',
      'id-c2@acme.example',
      'id-c3@acme.example',
      'id-c4@acme.example',
      'id-c5@acme.example',
    ]);
  });

  it('C3.5 paces concurrent callers in one process too, in the order they called', async () => {
    const clock = virtualClock();
    const { inner, started } = recordingMailer(clock.now);
    const paced = new PacedMailer(inner, 4, clock);
    await clock.settle(Promise.all(['a', 'b', 'c', 'd'].map((c) => paced.send(mailTo(`${c}@acme.example`)))));
    expect(started).toEqual([
      { to: 'a@acme.example', at: 0 },
      { to: 'b@acme.example', at: 250 },
      { to: 'c@acme.example', at: 500 },
      { to: 'd@acme.example', at: 750 },
    ]);
  });

  it('C3.5 lets an inner error through and keeps the pace for the sends after it', async () => {
    const clock = virtualClock();
    const { inner, started } = recordingMailer(clock.now, ['b@acme.example']);
    const paced = new PacedMailer(inner, 2, clock);
    const outcomes = await clock.settle(
      Promise.allSettled(['a', 'b', 'c'].map((c) => paced.send(mailTo(`${c}@acme.example`)))),
    );
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((outcomes[1] as PromiseRejectedResult).reason).toEqual(new Error('SES refused b@acme.example'));
    expect(started.map((s) => s.at)).toEqual([0, 500, 1000]);
  });

  it('C3.5 starts at once after an idle spell, and earns no burst from it', async () => {
    const clock = virtualClock();
    const { inner, started } = recordingMailer(clock.now);
    const paced = new PacedMailer(inner, 2, clock);
    await clock.settle(paced.send(mailTo('a@acme.example')));
    await clock.settle(clock.sleep(10_000));
    await clock.settle(Promise.all(['b', 'c'].map((c) => paced.send(mailTo(`${c}@acme.example`)))));
    expect(started.map((s) => s.at)).toEqual([0, 10_000, 10_500]);
  });

  it.each([0, -1, Number.NaN, Number.POSITIVE_INFINITY])('refuses a rate of %s sends a second', (rate) => {
    const { inner } = recordingMailer(() => 0);
    expect(() => new PacedMailer(inner, rate)).toThrow(
      `PacedMailer: perSecond must be a positive, finite number of sends; got ${rate}`,
    );
  });
});
