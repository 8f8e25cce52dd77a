// Slow connections (issue 9, finding 4): ~200 TLS connections send the headers of a token POST
// with a large Content-Length and then trickle one byte a second; others never finish their
// headers, a few never start the TLS handshake, and some trickle headers to the plain-HTTP managed
// identity endpoint. Asserts that the server closes every one of them within its timeout plus a
// margin (src/core/connection-limits.ts: headers 20 s, whole request 30 s, TLS handshake 10 s,
// checked every second), and that normal client-credentials requests, on a kept-alive connection
// and on new ones, succeed meanwhile.

import net from 'node:net';
import tls from 'node:tls';
import {
  caFor,
  clientCredentials,
  DEMO,
  mib,
  request,
  sleep,
  startNode,
  form,
  FORM,
  type Check,
  type CheckResult,
  type Response,
} from './harness.js';

interface Slow {
  kind: 'body' | 'headers' | 'handshake' | 'mi-headers';
  openedAt: number;
  closedAt?: number;
  answered?: string;
  error?: string;
  socket: net.Socket;
  timer?: NodeJS.Timeout;
}

// The server's limits (DEFAULT_CONNECTION_TIMEOUTS) plus a margin for a loaded 2-core machine.
const LIMITS_MS = { body: 30_000, headers: 20_000, handshake: 10_000, 'mi-headers': 20_000 } as const;
const MARGIN_MS = 10_000;
const GIVE_UP_MS = 75_000;

function track(s: Slow): Slow {
  s.socket.on('data', (d: Buffer) => {
    if (!s.answered) s.answered = d.toString('latin1').split('\r\n')[0].slice(0, 40);
  });
  s.socket.on('error', (e) => (s.error ??= (e as NodeJS.ErrnoException).code ?? e.message));
  s.socket.on('close', () => {
    s.closedAt = Date.now();
    clearInterval(s.timer);
  });
  return s;
}

/** Writes `first`, then one byte of `drip` a second until the socket closes. */
function trickle(s: Slow, first: string, drip: string): void {
  s.socket.write(first);
  let i = 0;
  s.timer = setInterval(() => {
    if (s.socket.destroyed) return clearInterval(s.timer);
    s.socket.write(drip[i++ % drip.length]);
  }, 1_000);
}

const slowBodies: Check = async ({ ci, log }) => {
  const counts = { body: 200, headers: 30, handshake: 10, 'mi-headers': 20 };
  const node = await startNode({ miPort: true });
  const url = new URL(node.origin);
  const port = Number(url.port);
  const miPort = Number(new URL(node.miOrigin!).port);
  const ca = caFor(node.origin)!;
  const tokenPath = `/${DEMO.tenantId}/oauth2/v2.0/token`;
  await clientCredentials(node.origin); // a kept-alive connection for the probes below
  const rssBefore = node.rssKiB();

  const slows: Slow[] = [];
  const openTls = (kind: 'body' | 'headers') =>
    new Promise<void>((resolve) => {
      const socket = tls.connect({ host: '127.0.0.1', port, ca, servername: 'localhost' });
      const s = track({ kind, openedAt: Date.now(), socket });
      slows.push(s);
      socket.once('secureConnect', () => {
        s.openedAt = Date.now();
        if (kind === 'body') {
          trickle(s, `POST ${tokenPath} HTTP/1.1\r\nHost: localhost:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\ngrant_type=client_credentials&`, 'abcdefghij');
        } else {
          trickle(s, `POST ${tokenPath} HTTP/1.1\r\nHost: localhost:${port}\r\nX-Slow: `, 'abcdefghij');
        }
        resolve();
      });
      socket.once('close', () => resolve());
    });

  const t0 = Date.now();
  // TLS handshakes in small groups (each costs the server a signature).
  const tlsKinds: Array<'body' | 'headers'> = [...Array(counts.body).fill('body'), ...Array(counts.headers).fill('headers')];
  for (let i = 0; i < tlsKinds.length; i += 20) await Promise.all(tlsKinds.slice(i, i + 20).map(openTls));
  for (let i = 0; i < counts.handshake; i++) {
    const socket = net.connect({ host: '127.0.0.1', port });
    const s = track({ kind: 'handshake', openedAt: Date.now(), socket });
    socket.once('connect', () => (s.openedAt = Date.now()));
    slows.push(s);
  }
  for (let i = 0; i < counts['mi-headers']; i++) {
    const socket = net.connect({ host: '127.0.0.1', port: miPort });
    const s = track({ kind: 'mi-headers', openedAt: Date.now(), socket });
    socket.once('connect', () => { s.openedAt = Date.now(); trickle(s, `GET /metadata/identity/oauth2/token?api-version=2018-02-01 HTTP/1.1\r\nHost: 127.0.0.1:${miPort}\r\nMetadata: `, 'true'); });
    slows.push(s);
  }
  log(`${slows.length} slow connections open in ${((Date.now() - t0) / 1000).toFixed(1)} s (${Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', ')}), RSS ${mib(node.rssKiB())} MiB`);

  // Normal requests meanwhile: on the kept-alive connection and on new ones, every 2 s.
  const probes: Array<{ at: number; fresh: boolean; status: string; ms: number }> = [];
  const deadline = Date.now() + GIVE_UP_MS;
  let rssPeak = node.rssKiB();
  while (Date.now() < deadline && slows.some((s) => s.closedAt === undefined)) {
    for (const fresh of [false, true]) {
      const s = performance.now();
      const res: Response | undefined = await request(node.origin, {
        method: 'POST',
        path: tokenPath,
        headers: FORM,
        body: form({ grant_type: 'client_credentials', client_id: DEMO.daemon.appId, client_secret: DEMO.daemon.secret, scope: `${DEMO.apiUri}/.default` }),
        timeoutMs: 10_000,
        ...(fresh ? { agent: false as const } : {}),
      }).catch((e: Error) => ({ status: 0, headers: {}, body: e.message }));
      probes.push({ at: Date.now() - t0, fresh, status: res.status === 200 ? '200' : `${res.status} ${res.body.slice(0, 60)}`, ms: performance.now() - s });
    }
    rssPeak = Math.max(rssPeak, node.rssKiB());
    const open = slows.filter((s) => s.closedAt === undefined).length;
    if (probes.length % 10 === 0) log(`${((Date.now() - t0) / 1000).toFixed(0)} s: ${open} slow connections still open`);
    await sleep(2_000);
  }
  const stillOpen = slows.filter((s) => s.closedAt === undefined);
  for (const s of slows) { clearInterval(s.timer); s.socket.destroy(); }

  const results: CheckResult[] = [];
  const byKind = (Object.keys(counts) as Array<keyof typeof counts>).map((kind) => {
    const mine = slows.filter((s) => s.kind === kind);
    const lifetimes = mine.filter((s) => s.closedAt !== undefined && !stillOpen.includes(s)).map((s) => s.closedAt! - s.openedAt);
    const open = mine.filter((s) => stillOpen.includes(s)).length;
    const late = lifetimes.filter((ms) => ms > LIMITS_MS[kind] + MARGIN_MS).length;
    const max = lifetimes.length ? Math.max(...lifetimes) : NaN;
    const answers = new Map<string, number>();
    for (const s of mine) { const a = s.answered ?? (s.error ? `closed (${s.error})` : 'closed, no answer'); answers.set(a, (answers.get(a) ?? 0) + 1); }
    return { kind, n: mine.length, open, late, max, answers };
  });
  const failedProbes = probes.filter((p) => p.status !== '200');
  const slowProbes = probes.filter((p) => p.ms > 5_000);
  const closedAll = stillOpen.length === 0 && byKind.every((k) => k.late === 0);
  const ok = closedAll && failedProbes.length === 0 && node.alive();
  results.push({
    name: 'slow-bodies',
    ok,
    summary: `${slows.length} slow connections: ${byKind.map((k) => `${k.kind} ${k.n - k.open}/${k.n} closed, longest ${(k.max / 1000).toFixed(1)} s (limit ${(LIMITS_MS[k.kind] + MARGIN_MS) / 1000} s)${k.late ? `, ${k.late} late` : ''}`).join('; ')}; meanwhile ${probes.length - failedProbes.length}/${probes.length} client-credentials requests 200 (max ${Math.max(...probes.map((p) => p.ms)).toFixed(0)} ms), RSS ${mib(rssBefore)}→${mib(node.rssKiB())} MiB (peak ${mib(rssPeak)})`,
    details: [
      ...byKind.map((k) => `${k.kind}: ${[...k.answers.entries()].map(([a, n]) => `${a} ×${n}`).join(', ')}`),
      ...(stillOpen.length ? [`still open after ${GIVE_UP_MS / 1000} s: ${stillOpen.length} (${[...new Set(stillOpen.map((s) => s.kind))].join(', ')}) ← e.g. POST ${tokenPath} with Content-Length: 100000 and a byte a second`] : []),
      ...failedProbes.slice(0, 5).map((p) => `probe at ${(p.at / 1000).toFixed(0)} s (${p.fresh ? 'new connection' : 'kept-alive'}): ${p.status}`),
      ...(slowProbes.length ? [`${slowProbes.length} probes took over 5 s`] : []),
    ],
  });
  await node.kill();
  void ci;
  return results;
};

export const slowBodyChecks: Array<{ name: string; names: string[]; run: Check }> = [{ name: 'slow-bodies', names: ['slow-bodies'], run: slowBodies }];
