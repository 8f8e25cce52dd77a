// The URL a started server reports (banner, <home>/server.json, startEntrada's `url`): one a
// client on this machine can connect to AND whose host the TLS certificate names.

/** Addresses that listen on every interface (or on loopback): reached as `localhost`. */
const LOCAL_BINDS: ReadonlySet<string> = new Set(['localhost', '0.0.0.0', '::', '[::]', '127.0.0.1', '::1', '[::1]']);

/**
 * `https://localhost:<port>` when the server listens on loopback or on every interface (the
 * certificate always names localhost). When it listens on one other address, that address: a
 * client cannot reach localhost there, and the certificate names the address when it was given
 * in --hostnames (issue 12: printed configuration uses the real host). An IPv6 address is bracketed;
 * port 443 is left out.
 */
export function listenUrl(bind: string, port: number): string {
  const host = bind.trim().toLowerCase();
  const bracketed = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  // HTTPS's own port is left out, as a URL names it (https://localhost, not https://localhost:443).
  const suffix = port === 443 ? '' : `:${port}`;
  return `https://${LOCAL_BINDS.has(host) ? 'localhost' : bracketed}${suffix}`;
}
