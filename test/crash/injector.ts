/**
 * The crash injector (DESIGN.md "How it is tested"): every AWS request of a delivery goes through
 * it (an SDK middleware on each client, and the alert channel). Counting, it numbers them; armed at
 * request k, the process "dies" before or after that request: the request fails (or its answer is
 * lost) and every later request of that invocation fails too, as they would in a dead process.
 */
export class CrashError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CrashError';
  }
}

export type CrashPoint = { k: number; when: 'before' | 'after' };

export class Injector {
  private count = 0;
  private plan: CrashPoint | undefined;
  private dead = false;
  /** The requests of the current delivery, in order. */
  readonly requests: string[] = [];

  /** Counts from zero, crashing at `point` (or never). */
  start(point?: CrashPoint): void {
    this.count = 0;
    this.plan = point;
    this.dead = false;
    this.requests.length = 0;
  }

  get total(): number {
    return this.count;
  }

  get crashed(): boolean {
    return this.dead;
  }

  async around<T>(name: string, call: () => Promise<T>): Promise<T> {
    if (this.dead) throw new CrashError(`the process is dead (${name} after the crash)`);
    this.count += 1;
    this.requests.push(name);
    const k = this.count;
    if (this.plan?.k === k && this.plan.when === 'before') {
      this.dead = true;
      throw new CrashError(`crash before request ${k} (${name})`);
    }
    const out = await call();
    if (this.plan?.k === k && this.plan.when === 'after') {
      this.dead = true;
      throw new CrashError(`crash after request ${k} (${name}), its answer lost`);
    }
    return out;
  }

  /** Puts every command of `client` through the injector (once per command, whatever its retries). */
  attach<C extends { middlewareStack: unknown }>(client: C, service: string): C {
    (client.middlewareStack as unknown as MiddlewareStack).add(
      (next: Handler, context: { commandName?: string }) => (args: unknown) =>
        this.around(`${service}.${String(context.commandName ?? 'request').replace(/Command$/, '')}`, () =>
          next(args),
        ),
      { step: 'initialize', name: 'crashInjector', override: true },
    );
    return client;
  }
}

type Handler = (args: unknown) => Promise<unknown>;
type MiddlewareStack = {
  add(
    middleware: (next: Handler, context: { commandName?: string }) => Handler,
    options: { step: string; name: string; override: boolean },
  ): void;
};
