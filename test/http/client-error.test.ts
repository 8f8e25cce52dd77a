// Requests the HTTP parser refuses (headers too large, not HTTP) get Entra's error body and
// `Connection: close`, and a HEAD request gets no body when the packet shows it (a body would be read as the next response
// by a keep-alive client). Found by the reliability fuzz (issue 9).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { connect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { createEntrada, type Entrada } from '../../src/compose.js';
import { clientErrorHandler } from '../../src/http/kit/client-error.js';

let entrada: Entrada;
let home: string;

beforeAll(async () => {
  home = mkdtempSync(join(tmpdir(), 'entrada-client-error-'));
  const loaded = loadConfig({}, { home, database: 'sqlite::memory:', port: '0', miPort: 'off' });
  if (!loaded.ok) throw new Error(loaded.errors.join('\n'));
  entrada = await createEntrada(loaded.config);
  await entrada.listen();
});
afterAll(async () => {
  await entrada.close();
  rmSync(home, { recursive: true, force: true });
});

/** Sends raw bytes over TLS and returns everything the server wrote before closing. */
function exchange(raw: string): Promise<string> {
  const port = (entrada.app.server.address() as { port: number }).port;
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, servername: 'localhost', ca: entrada.tls.caCertPem }, () => socket.write(raw));
    let data = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (data += chunk));
    socket.on('error', () => {});
    socket.on('close', () => resolve(data));
    socket.setTimeout(10_000, () => reject(new Error(`no close; received ${data.slice(0, 200)}`)));
  });
}

function parse(response: string) {
  const [head, body] = response.split('\r\n\r\n');
  const [status, ...lines] = head.split('\r\n');
  const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
  return { status, headers, body };
}

describe('requests the HTTP parser refuses', () => {
  it('headers over the limit: 431 in Entra shape, Connection: close', async () => {
    const r = parse(await exchange(`GET / HTTP/1.1\r\nHost: localhost\r\nX-A: ${'a'.repeat(20_000)}\r\n\r\n`));
    expect(r.status).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(r.headers.connection).toBe('close');
    const body = JSON.parse(r.body) as { error: string; error_codes: number[]; error_description: string };
    expect(body.error).toBe('invalid_request');
    expect(body.error_codes).toEqual([9002313]);
    expect(body.error_description).toMatch(/^AADSTS9002313: /);
    expect(Number(r.headers['content-length'])).toBe(Buffer.byteLength(r.body));
  });

  it('HEAD over the limit: the same head and no body', () => {
    // Over TLS the parser's raw packet may be a later record of the request; the handler reads
    // the method from the packet Node hands it, as over plain TCP, where it is the request's start.
    let written = '';
    const socket = { destroyed: false, writable: true, write: (s: string) => (written += s), destroy: () => {} } as unknown as Socket;
    const handler = clientErrorHandler({ origin: () => 'https://localhost:8443', now: () => new Date() });
    handler(Object.assign(new Error('overflow'), { code: 'HPE_HEADER_OVERFLOW', rawPacket: Buffer.from('HEAD / HTTP/1.1\r\nX-A: aaaa') }), socket);
    const r = parse(written);
    expect(r.status).toBe('HTTP/1.1 431 Request Header Fields Too Large');
    expect(r.headers.connection).toBe('close');
    expect(Number(r.headers['content-length'])).toBeGreaterThan(0);
    expect(r.body).toBe('');
  });

  it('a malformed request behind a response already under way: only closes, writes nothing into that response', () => {
    const handler = clientErrorHandler({ origin: () => 'https://localhost:8443', now: () => new Date() });
    const run = (httpMessage: { headersSent: boolean } | undefined) => {
      let written = '';
      let destroyed = 0;
      const socket = { destroyed: false, writable: true, _httpMessage: httpMessage, write: (s: string) => (written += s), destroy: () => void destroyed++ } as unknown as Socket;
      handler(Object.assign(new Error('bad'), { code: 'HPE_INVALID_METHOD', rawPacket: Buffer.from('\x01\x02') }), socket);
      return { written, destroyed };
    };
    // A pipelined request's response has started on the socket: raw bytes would corrupt it.
    expect(run({ headersSent: true })).toEqual({ written: '', destroyed: 1 });
    // Nothing of it sent yet, or no response at all: the 400 is written, as before.
    expect(run({ headersSent: false }).written).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(run(undefined).written).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
  });

  it('not HTTP at all: 400 in Entra shape', async () => {
    const r = parse(await exchange('\x01\x02 garbage\r\n\r\n'));
    expect(r.status).toBe('HTTP/1.1 400 Bad Request');
    expect(r.headers.connection).toBe('close');
    expect((JSON.parse(r.body) as { error_codes: number[] }).error_codes).toEqual([9002313]);
  });
});
