/**
 * Who listens where, from the kernel's own tables (/proc/net/tcp and tcp6, Linux): the addresses
 * with a listening TCP socket on a port, e.g. ['127.0.0.1'] or ['::'] (every interface).
 */
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

const LISTEN = '0A';

function ipv4(hex: string): string {
  const bytes = (hex.match(/../g) ?? []).map((b) => Number.parseInt(b, 16)).reverse();
  return bytes.join('.');
}

function ipv6(hex: string): string {
  // Four 32-bit words, each in host (little-endian) order.
  const words = (hex.toLowerCase().match(/.{8}/g) ?? []).map((w) =>
    (w.match(/../g) ?? []).reverse().join(''),
  );
  const groups = words.join('').match(/.{4}/g) ?? [];
  const text = groups.map((g) => g.replace(/^0+(?=.)/, '')).join(':');
  if (text === '0:0:0:0:0:0:0:0') return '::';
  if (text.startsWith('0:0:0:0:0:ffff:')) {
    const v4 = words[3] ?? '';
    return `::ffff:${(v4.match(/../g) ?? []).map((b) => Number.parseInt(b, 16)).join('.')}`;
  }
  return text;
}

/** The listening TCP sockets on `port`: each one's address and its inode (to find who holds it). */
export function listeningSocketsOn(port: number): { address: string; inode: string }[] {
  const found: { address: string; inode: string }[] = [];
  for (const [file, decode] of [
    ['/proc/net/tcp', ipv4],
    ['/proc/net/tcp6', ipv6],
  ] as const) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [, local, , state] = fields;
      if (!local || state !== LISTEN) continue;
      const [address = '', portHex = ''] = local.split(':');
      if (Number.parseInt(portHex, 16) === port)
        found.push({ address: decode(address), inode: fields[9] ?? '' });
    }
  }
  return found.sort((a, b) => a.address.localeCompare(b.address));
}

export const listenersOn = (port: number): string[] => listeningSocketsOn(port).map((s) => s.address);

/** The processes holding the socket with this inode (from their open files in /proc). */
export function holdersOf(inode: string): number[] {
  const link = `socket:[${inode}]`;
  const holders: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readdirSync(`/proc/${entry}/fd`).some((fd) => readlinkSafe(`/proc/${entry}/fd/${fd}`) === link))
        holders.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return holders;
}

function readlinkSafe(path: string): string {
  try {
    return readlinkSync(path);
  } catch {
    return '';
  }
}

/** Only loopback addresses (127.0.0.0/8, ::1, ::ffff:127.x). */
export const isLoopback = (address: string): boolean =>
  address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');
