// Issue 9, finding 4: slow or silent connections are closed, and one address cannot hold more than
// its share, on both listeners (HTTPS and the plain-HTTP managed identity endpoint). Real sockets
// against a listening Entrada on free ports; short timeouts are injected, so each case only waits
// for the server to close the connection (the test's own timeout is the bound, nothing is timed).

import { mkdtempSync, rmSync } from 'node:fs';
import { connect as tcpConnect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createEntrada, type Entrada } from '../../src/compose.js';
import type { ConnectionTimeouts } from '../../src/core/connection-limits.js';
import { throttledRefusalWarning } from '../../src/http/kit/connection-guard.js';
import { TENANT } from '../support/demo-seed.js';

const SHORT: ConnectionTimeouts = { headersMs: 300, requestMs: 300, keepAliveMs: 300, tlsHandshakeMs: 300, checkIntervalMs: 50 };

type Listener = 'HTTPS' | 'managed identity';
const LISTENERS: Listener[] = ['HTTPS', 'managed identity'];

/** A request each listener answers 200 to. */
const GOOD_REQUEST: Record<Listener, string> = {
  HTTPS: `GET /${TENANT}/v2.0/.well-known/openid-configuration HTTP/1.1\r\nHost: localhost\r\n\r\n`,
  'managed identity': 'GET /metadata/identity/oauth2/token?api-version=2018-02-01&resource=api://entrada-demo-api HTTP/1.1\r\nHost: 127.0.0.1\r\nMetadata: true\r\n\r\n',
};

/** A client connection and what it saw. */
class Client {
  data = '';
  secure = false;
  readonly closed: Promise<void>;
  constructor(readonly socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (this.data += chunk));
    socket.on('error', () => {}); // resets are expected; 'close' follows
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }
  /** Writes `text` and waits for a whole response head with this status line. */
  async request(text: string): Promise<string> {
    const before = this.data.length;
    this.socket.write(text);
    while (!/\r\n\r\n/.test(this.data.slice(before))) {
      await new Promise<void>((resolve, reject) => {
        this.socket.once('data', () => resolve());
        this.socket.once('close', () => reject(new Error(`closed; received: ${this.data.slice(before, before + 200)}`)));
      });
    }
    return this.data.slice(before).split('\r\n')[0];
  }
  /** Writes `chunk` every 50 ms until the connection closes. */
  trickle(chunk: string): void {
    const timer = setInterval(() => {
      if (!this.socket.destroyed) this.socket.write(chunk);
    }, 50);
    void this.closed.then(() => clearInterval(timer));
  }
}

async function start(env: NodeJS.ProcessEnv, connectionTimeouts?: ConnectionTimeouts) {
  const home = mkdtempSync(join(tmpdir(), 'entrada-conn-'));
  const loaded = loadConfig(env, { home, database: 'sqlite::memory:', port: '0', log: 'off' });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  const entrada = await createEntrada(loaded.config, { connectionTimeouts });
  await entrada.listen();
  const portOf = (app: Entrada['app']) => (app.server.address() as { port: number }).port;
  const ports: Record<Listener, number> = { HTTPS: portOf(entrada.app), 'managed identity': portOf(entrada.managedIdentity!.app) };
  const open = (listener: Listener): Client => {
    const port = ports[listener];
    const socket =
      listener === 'HTTPS'
        ? tlsConnect({ host: '127.0.0.1', port, servername: 'localhost', ca: entrada.tls.caCertPem })
        : tcpConnect({ host: '127.0.0.1', port });
    const client = new Client(socket);
    socket.once(listener === 'HTTPS' ? 'secureConnect' : 'connect', () => (client.secure = true));
    return client;
  };
  /** Connected and, for TLS, handshaken; rejects if the server closes it first. */
  const connected = async (listener: Listener): Promise<Client> => {
    const client = open(listener);
    await new Promise<void>((resolve, reject) => {
      client.socket.once(listener === 'HTTPS' ? 'secureConnect' : 'connect', () => resolve());
      void client.closed.then(() => reject(new Error('closed before the connection was established')));
    });
    return client;
  };
  return {
    entrada,
    ports,
    open,
    connected,
    async dispose() {
      await entrada.close();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

describe('timeouts (short ones injected)', () => {
  let server: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    server = await start({}, SHORT);
  });
  afterAll(() => server.dispose());

  it.each(LISTENERS)('%s: a request whose body trickles in is closed before the body completes', async (listener) => {
    const client = await server.connected(listener);
    const path = listener === 'HTTPS' ? `/${TENANT}/oauth2/v2.0/token` : '/metadata/identity/oauth2/token?api-version=2018-02-01&resource=api://entrada-demo-api';
    client.socket.write(`POST ${path} HTTP/1.1\r\nHost: localhost\r\nMetadata: true\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\ngrant_type=`);
    client.trickle('a'); // one byte every 50 ms: the body never completes before the test's own timeout
    await client.closed;
    // Node answers 408 when it can; the connection is gone either way, and nothing was served.
    expect(client.data).not.toMatch(/^HTTP\/1\.1 [23]\d\d/);
  });

  it.each(LISTENERS)('%s: a request whose headers never end is closed', async (listener) => {
    const client = await server.connected(listener);
    client.socket.write('GET / HTTP/1.1\r\nHost: localhost\r\n');
    client.trickle('X-A: b\r\n');
    await client.closed;
    expect(client.data).toMatch(/^$|^HTTP\/1\.1 408/);
  });

  it.each(LISTENERS)('%s: a connection that never sends a byte is closed', async (listener) => {
    const client = await server.connected(listener);
    await client.closed;
    expect(client.data).toMatch(/^$|^HTTP\/1\.1 408/);
  });

  it('HTTPS: a TCP connection that never starts the TLS handshake is closed', async () => {
    const raw = new Client(tcpConnect({ host: '127.0.0.1', port: server.ports.HTTPS }));
    await raw.closed;
    expect(raw.data).toBe('');
  });

  it.each(LISTENERS)('%s: a kept-alive connection left idle after its request is closed', async (listener) => {
    const client = await server.connected(listener);
    expect(await client.request(GOOD_REQUEST[listener])).toBe('HTTP/1.1 200 OK');
    await client.closed;
  });
});

describe('connections per address (ENTRADA_MAX_CONNECTIONS_PER_ADDRESS=4)', () => {
  let server: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    server = await start({ ENTRADA_MAX_CONNECTIONS_PER_ADDRESS: '4' });
  });
  afterAll(() => server.dispose());

  it.each(LISTENERS)('%s: the fifth connection from 127.0.0.1 is closed at once; the four within the cap are served', async (listener) => {
    const within: Client[] = [];
    for (let i = 0; i < 4; i++) {
      const client = await server.connected(listener);
      // A whole request each, so the server has certainly counted it before the next one.
      expect(await client.request(GOOD_REQUEST[listener])).toBe('HTTP/1.1 200 OK');
      within.push(client);
    }
    const over = server.open(listener);
    await over.closed;
    expect(over.secure && listener === 'HTTPS').toBe(false); // no TLS session for it
    expect(over.data).toBe('');
    for (const client of within) expect(await client.request(GOOD_REQUEST[listener])).toBe('HTTP/1.1 200 OK');

    // A connection that closes gives its place back (the server learns of the close a moment later).
    within.pop()!.socket.destroy();
    // Until then a new connection is still refused; retry until one is served (bounded by the test's timeout).
    let replacement: Client | undefined;
    while (!replacement) {
      const attempt = await server.connected(listener).catch(() => undefined);
      const status = await attempt?.request(GOOD_REQUEST[listener]).catch(() => undefined);
      if (status === 'HTTP/1.1 200 OK') replacement = attempt;
    }
    for (const client of [...within, replacement]) client.socket.destroy();
  });
});

describe('connections in all (ENTRADA_MAX_CONNECTIONS=3, no per-address cap)', () => {
  let server: Awaited<ReturnType<typeof start>>;
  beforeAll(async () => {
    server = await start({ ENTRADA_MAX_CONNECTIONS: '3', ENTRADA_MAX_CONNECTIONS_PER_ADDRESS: '0' });
  });
  afterAll(() => server.dispose());

  it.each(LISTENERS)('%s: the fourth connection is closed at once', async (listener) => {
    const within: Client[] = [];
    for (let i = 0; i < 3; i++) {
      const client = await server.connected(listener);
      expect(await client.request(GOOD_REQUEST[listener])).toBe('HTTP/1.1 200 OK');
      within.push(client);
    }
    const over = server.open(listener);
    await over.closed;
    expect(over.data).toBe('');
    for (const client of within) client.socket.destroy();
  });
});

describe('configuration', () => {
  const load = (env: NodeJS.ProcessEnv) => loadConfig(env, { home: '/tmp/x' });
  it('defaults to 256 per address and 4096 in all; 0 turns a cap off', () => {
    expect(load({})).toMatchObject({ ok: true, config: { maxConnectionsPerAddress: 256, maxConnections: 4096 } });
    expect(load({ ENTRADA_MAX_CONNECTIONS_PER_ADDRESS: '0', ENTRADA_MAX_CONNECTIONS: '0' })).toMatchObject({
      ok: true,
      config: { maxConnectionsPerAddress: 0, maxConnections: 0 },
    });
  });
  it.each([['ENTRADA_MAX_CONNECTIONS_PER_ADDRESS', 'many'], ['ENTRADA_MAX_CONNECTIONS', '-1'], ['ENTRADA_MAX_CONNECTIONS', '1.5']])('refuses %s=%s', (name, value) => {
    const loaded = load({ [name]: value });
    expect(loaded.ok).toBe(false);
    expect(!loaded.ok && loaded.errors.join('\n')).toMatch(name === 'ENTRADA_MAX_CONNECTIONS' ? /^maxConnections:/m : /^maxConnectionsPerAddress:/m);
  });
});

describe('the refusal warning', () => {
  it('says once (not once per refused connection) which address is over which cap and how to raise it', () => {
    const lines: string[] = [];
    const warn = throttledRefusalWarning('HTTPS listener', (line) => lines.push(line))!;
    for (let i = 0; i < 100; i++) warn({ key: '203.0.113.9', cap: 'perAddress', limit: 256 });
    expect(lines).toEqual([expect.stringMatching(/^HTTPS listener: connections from 203\.0\.113\.9 over the cap of 256 .*ENTRADA_MAX_CONNECTIONS_PER_ADDRESS sets the cap/)]);
  });
});
