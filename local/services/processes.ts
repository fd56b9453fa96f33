/**
 * The child processes of the local runtime (DynamoDB Local, the SES server). Every child is
 * registered here so that Ctrl-C, SIGTERM, SIGHUP, an uncaught error or a normal exit kill all of
 * them: a second `npm start` then finds its ports free. Each child also exits by itself when this
 * process goes, however it goes (its standard input is a pipe from here: LoopbackDynamoDbLocal.java,
 * exit-with-parent.mjs).
 */
import type { ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

const children = new Set<ChildProcess>();
let exitHookInstalled = false;

/** Tracks `child` until it exits; on this process's exit it gets SIGKILL if still alive. */
export function track(child: ChildProcess): ChildProcess {
  children.add(child);
  child.once('exit', () => children.delete(child));
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', () => {
      for (const c of children) c.kill('SIGKILL');
    });
  }
  return child;
}

/** Stops `child`: SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
export async function stopChild(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const done = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
  if (!done) {
    child.kill('SIGKILL');
    await exited;
  }
}

/** The tracked children still running (for tests and for the shutdown summary). */
export const runningChildren = (): number => children.size;

/** The ways a user stops `npm start`: Ctrl-C (SIGINT), `kill` (SIGTERM), closing the terminal (SIGHUP). */
export const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type ShutdownCause = (typeof SHUTDOWN_SIGNALS)[number] | 'parent-exited';

const EXIT_CODES: Record<ShutdownCause, number> = {
  SIGHUP: 129,
  SIGINT: 130,
  SIGTERM: 143,
  'parent-exited': 1,
};

/**
 * Calls `stop` once on SIGINT, SIGTERM or SIGHUP, or when this process's parent exits (npm killed,
 * even with SIGKILL: this process is then adopted, and its parent pid changes), then exits with
 * 128 + the signal's number. A second signal while stopping kills every child at once.
 */
export function onShutdownSignal(
  stop: (cause: ShutdownCause) => Promise<void>,
  options: { parentPollMs?: number } = {},
): void {
  let stopping = false;
  const handle = (cause: ShutdownCause) => {
    if (stopping) {
      for (const c of children) c.kill('SIGKILL');
      process.exit(1);
    }
    stopping = true;
    stop(cause)
      .catch((error: unknown) => console.error('error while stopping:', error))
      .finally(() => process.exit(EXIT_CODES[cause]));
  };
  for (const signal of SHUTDOWN_SIGNALS) process.on(signal, () => handle(signal));
  const parent = process.ppid;
  const watch = setInterval(() => {
    if (process.ppid !== parent) {
      clearInterval(watch);
      handle('parent-exited');
    }
  }, options.parentPollMs ?? 500);
  watch.unref();
}

/** Polls `probe` until it returns true, the child exits, or `timeoutMs` passes. */
export async function waitUntilReady(
  what: string,
  child: ChildProcess,
  probe: () => Promise<boolean>,
  output: () => string,
  timeoutMs = 30_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`${what} exited before it was ready (code ${child.exitCode}):\n${output()}`);
    }
    if (await probe().catch(() => false)) return;
    await sleep(100);
  }
  await stopChild(child);
  throw new Error(`${what} was not ready after ${timeoutMs} ms:\n${output()}`);
}

/** Keeps the last `max` characters a child wrote, for error messages. */
export function captureOutput(child: ChildProcess, max = 4000): () => string {
  let text = '';
  const keep = (chunk: Buffer) => {
    text = (text + chunk.toString('utf8')).slice(-max);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => text;
}
