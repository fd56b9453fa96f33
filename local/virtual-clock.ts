/**
 * A Clock (functions/application/ports.ts) whose time the local runtime moves by hand: the
 * simulator jumps it from tick to tick, `npm start` advances it on an accelerated real clock.
 * Time never goes backwards, so the service's own records stay in order (C10.1).
 */
import type { Clock } from '../functions/application/ports.ts';
import { type Instant, isBefore, toIso } from '../functions/domain/calendar.ts';

export class VirtualClock implements Clock {
  #now: Instant;

  constructor(start: Instant) {
    this.#now = start;
  }

  now(): Instant {
    return this.#now;
  }

  /** Moves to `instant`; refuses to go back in time. */
  set(instant: Instant): void {
    if (isBefore(instant, this.#now)) {
      throw new RangeError(`the virtual clock cannot go back from ${toIso(this.#now)} to ${toIso(instant)}`);
    }
    this.#now = instant;
  }

  /** Moves to `instant` if it is later; an earlier instant leaves the clock where it is. */
  moveTo(instant: Instant): Instant {
    if (isBefore(this.#now, instant)) this.#now = instant;
    return this.#now;
  }

  /** Moves forward by a duration in milliseconds. */
  advance(ms: number): Instant {
    if (ms < 0) throw new RangeError('the virtual clock only moves forward');
    this.#now = this.#now.add({ milliseconds: Math.round(ms) });
    return this.#now;
  }
}
