// Hosts mode's start-up check (issue 15): each Microsoft name Entrada answers as must resolve to this
// machine, or clients will reach the real Microsoft instead. A warning, not a refusal: a client may
// run where the names are mapped (a container, another hosts file) while the server's are not.

import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { MICROSOFT_HOSTS } from '../core/microsoft-hosts.js';

/** Loopback in IPv4 (127/8) or IPv6 (::1, and ::ffff:127.x). */
export function isLoopback(address: string): boolean {
  if (isIP(address) === 4) return address.startsWith('127.');
  const a = address.toLowerCase();
  return a === '::1' || a.startsWith('::ffff:127.');
}

/** One line per name that resolves elsewhere or not at all; none when all point here. */
export async function hostsWarnings(resolve: (name: string) => Promise<string[]> = resolveAll): Promise<string[]> {
  const lines: string[] = [];
  for (const name of MICROSOFT_HOSTS) {
    const addresses = await resolve(name).catch(() => [] as string[]);
    const elsewhere = addresses.filter((a) => !isLoopback(a));
    if (addresses.length === 0) lines.push(`warning: ${name} does not resolve; clients cannot reach Entrada by that name. Run: sudo entrada hosts --apply`);
    else if (elsewhere.length > 0) {
      lines.push(`warning: ${name} resolves to ${elsewhere.join(', ')}, not this machine: clients would reach Microsoft, not Entrada. Run: sudo entrada hosts --apply`);
    }
  }
  return lines;
}

async function resolveAll(name: string): Promise<string[]> {
  return (await lookup(name, { all: true })).map((r) => r.address);
}
