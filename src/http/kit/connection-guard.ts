// Applies core/connection-limits.ts to a Node server: the timeouts through the options Fastify
// hands to http(s).createServer, the caps by counting connections as they are accepted.

import type { Server, Socket } from 'node:net';
import type { FastifyServerOptions } from 'fastify';
import { addressKey, type ConnectionCaps, type ConnectionTimeouts } from '../../core/connection-limits.js';

/**
 * Fastify options for a server with these timeouts. Fastify sets requestTimeout and
 * keepAliveTimeout on the server itself (its defaults: no request timeout at all, 72 s idle);
 * headersTimeout, the checking interval and the TLS handshake timeout exist only as
 * createServer options, which Fastify passes through from `https` (or `http` for plain HTTP).
 */
export function limitedServerOptions(timeouts: ConnectionTimeouts, tls?: object): FastifyServerOptions & { https?: object } {
  const node = {
    headersTimeout: timeouts.headersMs,
    // Node refuses a headersTimeout over requestTimeout at creation; Fastify then sets the same value.
    requestTimeout: timeouts.requestMs,
    connectionsCheckingInterval: timeouts.checkIntervalMs,
  };
  return {
    requestTimeout: timeouts.requestMs,
    keepAliveTimeout: timeouts.keepAliveMs,
    ...(tls ? { https: { ...tls, ...node, handshakeTimeout: timeouts.tlsHandshakeMs } } : { http: node }),
  } as FastifyServerOptions & { https?: object };
}

interface CapOptions {
  /** Told of each connection refused over a cap (the caller decides whether and how often to say so). */
  onRefused?: (event: { key: string; cap: 'perAddress' | 'total'; limit: number }) => void;
}

/**
 * Counts open connections per client (addressKey) and destroys, as soon as it is accepted, any
 * that would exceed `caps.perAddress`; `caps.total` goes to server.maxConnections (Node closes
 * connections over it before they reach any listener). TLS servers count the TCP connection,
 * before the handshake, so that stalled handshakes count too.
 */
export function capConnections(server: Server, caps: ConnectionCaps, options: CapOptions = {}): void {
  if (caps.total > 0) {
    server.maxConnections = caps.total;
    server.on('drop', () => options.onRefused?.({ key: 'any', cap: 'total', limit: caps.total }));
  }
  if (caps.perAddress <= 0) return;
  const open = new Map<string, number>();
  server.on('connection', (socket: Socket) => {
    const key = addressKey(socket.remoteAddress);
    const count = open.get(key) ?? 0;
    if (count >= caps.perAddress) {
      socket.destroy();
      options.onRefused?.({ key, cap: 'perAddress', limit: caps.perAddress });
      return;
    }
    open.set(key, count + 1);
    socket.once('close', () => {
      const left = (open.get(key) ?? 1) - 1;
      if (left > 0) open.set(key, left);
      else open.delete(key);
    });
  });
}

/** An onRefused that writes one line to stderr at most once a minute per listener, with the count since. */
export function throttledRefusalWarning(listener: string, write: (line: string) => void = (l) => process.stderr.write(l)): CapOptions['onRefused'] {
  let last = 0;
  let unreported = 0;
  return ({ key, cap, limit }) => {
    unreported += 1;
    const now = Date.now();
    if (now - last < 60_000) return;
    last = now;
    const variable = cap === 'perAddress' ? 'ENTRADA_MAX_CONNECTIONS_PER_ADDRESS' : 'ENTRADA_MAX_CONNECTIONS';
    const from = cap === 'perAddress' ? ` from ${key}` : '';
    write(`${listener}: connections${from} over the cap of ${limit} are being closed (${unreported} since the last such line; at most one a minute). ${variable} sets the cap: raise it behind a reverse proxy.\n`);
    unreported = 0;
  };
}
