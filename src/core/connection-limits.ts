// How long a connection may take and how many one client may hold, on both listeners (the HTTPS
// authority and the plain-HTTP managed identity endpoint). Issue 9, finding 4: without these, 500
// connections trickling a body were held for 55 s and some for over two minutes.
//
// Entra publishes none of its front ends' timeouts; the values are Entrada's choice [I], kept here
// as data so that they are easy to change. Pure: no sockets here (http/kit/connection-guard.ts applies them).

export interface ConnectionTimeouts {
  /** From the first byte of a request (or the connection's start) until its headers are complete. */
  headersMs: number;
  /** From the first byte of a request until the whole request, body included, has arrived. */
  requestMs: number;
  /** How long a kept-alive connection may sit idle between requests. */
  keepAliveMs: number;
  /** TLS only: from the TCP connection until the handshake completes (Node's default is 120 s). */
  tlsHandshakeMs: number;
  /** How often Node looks for connections over headersMs / requestMs: the most either can overshoot. */
  checkIntervalMs: number;
}

export const DEFAULT_CONNECTION_TIMEOUTS: Readonly<ConnectionTimeouts> = Object.freeze({
  // [I] 20 s for headers: a few hundred bytes that every real client sends in one write; 20 s
  // leaves room for a stalled mobile link, and matches the usual reverse-proxy defaults.
  headersMs: 20_000,
  // [I] 30 s for the whole request: token request bodies are a few KB (at most 1 MiB, FORM_LIMITS)
  // that clients write at once; 30 s is ample even for a 1 MiB body on a slow link.
  requestMs: 30_000,
  // [I] 120 s idle: longer than any client library keeps an idle connection (Node's agent 5 s,
  // undici 4 s or the server's hint, .NET's SocketsHttpHandler 60 s), so the client, not the server,
  // closes it and never sends a request into a socket the server has just closed (an ECONNRESET
  // for MSAL's POST, which it does not retry). Azure's load balancers keep idle TCP connections
  // for 4 minutes by default [D: Azure Load Balancer idle timeout]; Node's own default is 5 s.
  keepAliveMs: 120_000,
  // [I] 10 s: a handshake is two round trips.
  tlsHandshakeMs: 10_000,
  checkIntervalMs: 1_000,
});

export interface ConnectionCaps {
  /** Concurrent connections from one client (addressKey); 0 = no cap. */
  perAddress: number;
  /** Concurrent connections in all, per listener; 0 = no cap. */
  total: number;
}

/**
 * [I] 256 from one address: far more than one client's connection pool (Node's agent and undici
 * open as many as there are concurrent requests; `npm run bench` uses 64), enough for test suites
 * whose clients all come from 127.0.0.1, few enough that one address cannot hold the server.
 * 4096 in all: far below the open-file limit Node raises itself to, and within a few hundred MB of
 * TLS buffers. Behind a reverse proxy every connection comes from the proxy: raise perAddress.
 */
export const DEFAULT_CONNECTION_CAPS: Readonly<ConnectionCaps> = Object.freeze({ perAddress: 256, total: 4096 });

/**
 * The key connections are counted under: the IPv4 address (also when Node reports it IPv4-mapped,
 * `::ffff:a.b.c.d`), and for IPv6 the /64 prefix [I], since one host is routinely given a whole
 * /64 (RFC 4291 §2.5.4) and could otherwise open the cap's worth of connections from each of
 * them. Anything unparsable counts under itself.
 */
export function addressKey(remoteAddress: string | undefined): string {
  if (remoteAddress === undefined || remoteAddress === '') return 'unknown';
  const address = remoteAddress.replace(/%.*$/, '').toLowerCase();
  const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(address);
  if (mapped) return mapped[1];
  if (!address.includes(':')) return address;
  const groups = expandIpv6(address);
  return groups ? `${groups.slice(0, 4).join(':')}::/64` : address;
}

/** The eight 16-bit groups of an IPv6 address, as hex without leading zeros; undefined if malformed. */
function expandIpv6(address: string): string[] | undefined {
  const halves = address.split('::');
  if (halves.length > 2) return undefined;
  const split = (s: string) => (s === '' ? [] : s.split(':'));
  const left = split(halves[0]);
  const right = halves.length === 2 ? split(halves[1]) : [];
  const missing = 8 - left.length - right.length;
  if (halves.length === 2 ? missing < 1 : missing !== 0) return undefined;
  const groups = [...left, ...Array<string>(missing).fill('0'), ...right];
  if (!groups.every((g) => /^[0-9a-f]{1,4}$/.test(g))) return undefined;
  return groups.map((g) => parseInt(g, 16).toString(16));
}
