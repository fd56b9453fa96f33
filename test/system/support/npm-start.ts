/**
 * Drives the real `npm start` for the tests that stop it: starts it (a one-day play) in its own
 * process group, as a terminal would, lists every process it started (from /proc), and checks
 * after a stop that none is left and that every port it bound is free.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { freePort } from '../../../local/services/ports.ts';
import { holdersOf, listeningSocketsOn } from './listeners.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

type Proc = { pid: number; ppid: number; state: string; cmd: string };

function processes(): Map<number, Proc> {
  const all = new Map<number, Proc>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const after = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmd = readFileSync(`/proc/${entry}/cmdline`, 'utf8').replaceAll('\0', ' ').trim();
      all.set(Number(entry), { pid: Number(entry), state: after[0] ?? '', ppid: Number(after[1]), cmd });
    } catch {
      // gone meanwhile
    }
  }
  return all;
}

/** `root` and every process below it. */
export function tree(root: number): Proc[] {
  const all = [...processes().values()];
  const found: Proc[] = [];
  const queue = [root];
  for (let pid = queue.shift(); pid !== undefined; pid = queue.shift()) {
    const p = all.find((x) => x.pid === pid);
    if (p) found.push(p);
    for (const child of all.filter((x) => x.ppid === pid)) queue.push(child.pid);
  }
  return found;
}

/** The processes of `pids` still running (a zombie has exited: only its exit status is left). */
const alive = (pids: Proc[]): Proc[] => {
  const now = processes();
  return pids.filter((p) => {
    const q = now.get(p.pid);
    return q !== undefined && q.state !== 'Z' && q.cmd === p.cmd;
  });
};

export async function waitFor(what: string, check: () => boolean | Promise<boolean>, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await sleep(200);
  }
  throw new Error(`timed out waiting for ${what}`);
}

export type Started = { npm: ChildProcess; output: () => string; ports: number[]; api: string };

export async function startNpm(): Promise<Started> {
  const ports = [await freePort('0.0.0.0'), await freePort(), await freePort(), await freePort()];
  const [dynamodb, ses, api, fleet] = ports.map(String) as [string, string, string, string];
  const npm = spawn(
    'npm',
    [
      'start',
      '--',
      '--days',
      '1',
      '--minutes',
      '0.1',
      '--dynamodb-port',
      dynamodb,
      '--ses-port',
      ses,
      '--api-port',
      api,
      '--fleet-port',
      fleet,
    ],
    // Its own process group, as a terminal gives a foreground job.
    { cwd: ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let text = '';
  npm.stdout?.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  npm.stderr?.on('data', (chunk: Buffer) => {
    text += chunk.toString('utf8');
  });
  let exited: string | undefined;
  npm.once('exit', (code, signal) => {
    exited = `npm start exited early (code ${code}, signal ${signal})`;
  });
  await waitFor(
    'npm start to play',
    () => {
      if (exited) throw new Error(exited);
      return text.includes('Playing 1 virtual days');
    },
    120_000,
  ).catch((error: Error) => {
    try {
      process.kill(-(npm.pid ?? 0), 'SIGKILL');
    } catch {
      // the group has already gone (npm start exited by itself)
    }
    throw new Error(`${error.message}; its output:\n${text}`);
  });
  return { npm, output: () => text, ports, api: `http://127.0.0.1:${api}` };
}

export type StopCase = {
  how: string;
  to: 'group' | 'npm' | 'service';
  signal: NodeJS.Signals;
  /** Stop after the play, first checking that the clock then runs in real time. */
  afterPlay?: boolean;
};

const clockOf = async (api: string) =>
  Date.parse(((await (await fetch(`${api}/local/clock`)).json()) as { now: string }).now);

/** Starts npm start, stops it the case's way, and checks that nothing is left running or bound. */
export async function startAndStop(c: StopCase): Promise<void> {
  const run = await startNpm();
  const pid = run.npm.pid ?? 0;
  const started = tree(pid);
  const service = started.find((p) => p.cmd.includes('scripts/start.ts') && p.pid !== pid);
  expect(service, run.output()).toBeDefined();
  expect(started.some((p) => p.cmd.includes('java'))).toBe(true);
  expect(started.some((p) => p.cmd.includes('aws-ses-v2-local'))).toBe(true);

  if (c.afterPlay) {
    await waitFor('the end of the play', () => run.output().includes('virtual days played'), 120_000);
    // After the play the clock goes on in real time (not at the play's speed, not stopped).
    const first = await clockOf(run.api);
    await sleep(2000);
    const advanced = (await clockOf(run.api)) - first;
    expect(advanced).toBeGreaterThanOrEqual(1000);
    expect(advanced).toBeLessThan(15_000);
  }

  const target = c.to === 'group' ? -pid : c.to === 'npm' ? pid : (service?.pid ?? 0);
  process.kill(target, c.signal);

  await waitFor('every process to exit', () => alive(started).length === 0, 30_000).catch(() => {
    const left = alive(started);
    for (const p of left) {
      try {
        process.kill(p.pid, 'SIGKILL');
      } catch {
        // exited meanwhile
      }
    }
    throw new Error(`still running after ${c.how}: ${left.map((p) => `${p.pid} ${p.cmd}`).join('\n')}`);
  });
  for (const port of run.ports) expect(leftListening(port), `port ${port}`).toEqual([]);
}

/**
 * The listeners left on a port npm start bound. Its ports come from freePort, so once they are
 * free another test file's service (a DynamoDB Local of a seed run, say) may take one: a socket
 * held by a process under the test runner is that test's, never npm start's (npm start's own
 * processes have all exited by now, and anything they left behind is re-parented to init).
 */
function leftListening(port: number): string[] {
  const procs = processes();
  const runner = new Set([process.pid, process.ppid]);
  const underRunner = (pid: number): boolean => {
    for (let p = procs.get(pid); p && p.pid > 1; p = procs.get(p.ppid)) if (runner.has(p.ppid)) return true;
    return false;
  };
  return listeningSocketsOn(port)
    .filter((socket) => {
      const holders = holdersOf(socket.inode);
      return holders.length === 0 || !holders.every(underRunner);
    })
    .map((socket) => socket.address);
}
