/**
 * Who listens where, from the kernel's own tables (/proc/net/tcp and tcp6, Linux): the addresses
 * with a listening TCP socket on a port, e.g. ['127.0.0.1'] or ['::'] (every interface).
 */
import { readFileSync } from 'node:fs';

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

export function listenersOn(port: number): string[] {
  const found: string[] = [];
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
      const [, local, , state] = line.trim().split(/\s+/);
      if (!local || state !== LISTEN) continue;
      const [address = '', portHex = ''] = local.split(':');
      if (Number.parseInt(portHex, 16) === port) found.push(decode(address));
    }
  }
  return found.sort();
}

/** Only loopback addresses (127.0.0.0/8, ::1, ::ffff:127.x). */
export const isLoopback = (address: string): boolean =>
  address.startsWith('127.') || address === '::1' || address.startsWith('::ffff:127.');
