/** Tasks due at simulated instants (epoch milliseconds), run in time order, ties in insertion order. */
type Task = { at: number; seq: number; run: () => void };

export class Timeline {
  private tasks: Task[] = [];
  private seq = 0;

  add(at: number, run: () => void): void {
    const task = { at, seq: this.seq++, run };
    const index = this.tasks.findIndex((t) => t.at > at);
    if (index === -1) this.tasks.push(task);
    else this.tasks.splice(index, 0, task);
  }

  /** The earliest task due at or before `upTo`, removed from the queue. */
  takeDue(upTo: number): Task | undefined {
    const first = this.tasks[0];
    if (first === undefined || first.at > upTo) return undefined;
    this.tasks.shift();
    return first;
  }

  get size(): number {
    return this.tasks.length;
  }
}
