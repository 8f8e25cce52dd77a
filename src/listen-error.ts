// A listener that cannot bind says so in one line naming the setting to change, instead of
// Node's EADDRINUSE stack trace (issue 12). compose.ts (HTTPS) and compose-managed-identity.ts
// (the managed identity endpoint) throw it as a StartupError, which is printed without a stack.

interface Listener {
  port: number;
  host: string;
  /** e.g. ' (the managed identity endpoint)'; '' for the main listener. */
  what: string;
  /** The command-line flag and environment variable that choose the port. */
  flag: string;
  env: string;
  /** The flag and variable that choose the address, when one may be chosen. */
  bind?: { flag: string; env: string };
}

/** What to say about a bind failure a user can fix (port in use, privileged port, foreign address); undefined for others. */
export function listenProblem(err: unknown, l: Listener): string | undefined {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const where = `port ${l.port} on ${l.host}${l.what}`;
  const another = `start on another port with ${l.flag} N (${l.env})`;
  if (code === 'EADDRINUSE') return `${where} is already in use (another Entrada?). Stop it, or ${another}.`;
  if (code === 'EACCES') {
    // Hosts mode's 443 most of all (issue 15): say the three ways out.
    return (
      `${where}: permission denied (ports below 1024 need privileges). Run as root, or let Node bind them: ` +
      `sudo setcap 'cap_net_bind_service=+ep' "$(command -v node)"; or ${another} behind a proxy that listens on ${l.port}.`
    );
  }
  if (code === 'EADDRNOTAVAIL' && l.bind) {
    return `${l.host} is not an address of this machine, so ${where} cannot be opened. Listen on one of its addresses with ${l.bind.flag} ADDR (${l.bind.env}).`;
  }
  return undefined;
}
