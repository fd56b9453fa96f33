/**
 * Memory over simulated time, for the scale runs of `npm run simulate -- --memory` (issue 15:
 * "memory stays flat per simulated day, DynamoDB Local's heap included"): once per simulated day,
 * the simulator's own heap and resident size, and the resident size of each process it started
 * (DynamoDB Local's JVM, the local SES), read from /proc (Linux; elsewhere only the simulator's).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export type MemorySample = {
  /** The simulated instant. */
  at: string;
  wallSeconds: number;
  heapUsedMb: number;
  rssMb: number;
  /** Resident size of each child process by its command (`java`, `node`…), MB. */
  children: Record<string, number>;
};

const MB = 1024 * 1024;

/** The resident sizes of the direct children of this process (Linux /proc), by command name. */
function childrenRss(): Record<string, number> {
  const out: Record<string, number> = {};
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {
    return out;
  }
  for (const pid of pids) {
    try {
      const status = readFileSync(`/proc/${pid}/status`, 'utf8');
      if (Number(/^PPid:\s+(\d+)/m.exec(status)?.[1]) !== process.pid) continue;
      const name = /^Name:\s+(\S+)/m.exec(status)?.[1] ?? pid;
      const kb = Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1] ?? 0);
      out[name] = Math.round(((out[name] ?? 0) + kb / 1024) * 10) / 10;
    } catch {
      // the process ended meanwhile
    }
  }
  return out;
}

/** Samples once per simulated (UTC) day into a JSON-lines file. */
export class MemorySampler {
  readonly #file: string;
  readonly #started = performance.now();
  #day = '';
  #writes: Promise<void> = Promise.resolve();

  constructor(file: string) {
    this.#file = file;
    this.#writes = mkdir(dirname(file), { recursive: true }).then(() => writeFile(file, ''));
  }

  /** Called with each virtual instant; samples when the simulated day changes. */
  tick(at: string): void {
    const day = at.slice(0, 10);
    if (day === this.#day) return;
    this.#day = day;
    const memory = process.memoryUsage();
    const sample: MemorySample = {
      at,
      wallSeconds: Math.round((performance.now() - this.#started) / 100) / 10,
      heapUsedMb: Math.round((memory.heapUsed / MB) * 10) / 10,
      rssMb: Math.round((memory.rss / MB) * 10) / 10,
      children: childrenRss(),
    };
    this.#writes = this.#writes.then(() => appendFile(this.#file, `${JSON.stringify(sample)}\n`));
  }

  done(): Promise<void> {
    return this.#writes;
  }
}
