// An HTTPS GET to addresses chosen beforehand: the URL's host name is still what TLS checks the
// certificate against (SNI) and what the Host header says, but the TCP connection goes to
// the addresses the caller has vetted (oidc-key-source.ts). Node's fetch has no way to pin the
// address without undici's own Agent, so this is https.request with a `lookup` that answers with
// the vetted addresses and never asks DNS. The answer is a web Response, like fetch's.

import { request } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Readable } from 'node:stream';

export interface ResolvedAddress {
  address: string;
  family: number;
}

export function pinnedGet(
  url: URL,
  pinned: readonly ResolvedAddress[],
  options: { signal: AbortSignal; headers?: Record<string, string>; /** Tests: the CA to trust instead of the default store. */ ca?: string },
): Promise<Response> {
  // Several vetted addresses (IPv6 and IPv4) let Node's happy eyeballs pick one that answers.
  const addresses = pinned.map(({ address, family }) => ({ address, family: family === 6 ? 6 : 4 }));
  const lookup: LookupFunction = (_hostname, lookupOptions, callback) => {
    if (addresses.length === 0) callback(new Error('no vetted address'), '', 4);
    else if (lookupOptions.all) (callback as (e: null, a: ResolvedAddress[]) => void)(null, addresses);
    else callback(null, addresses[0].address, addresses[0].family);
  };
  return new Promise<Response>((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'GET',
        headers: options.headers,
        signal: options.signal,
        lookup,
        ...(options.ca === undefined ? {} : { ca: options.ca }),
        // No pooling: a kept-alive socket would outlive the address check it was opened under.
        agent: false,
      },
      (res) => {
        try {
          const headers = new Headers();
          for (const [name, value] of Object.entries(res.headers)) {
            if (value === undefined) continue;
            for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
          }
          const status = res.statusCode ?? 0;
          const bodyless = status === 204 || status === 205 || status === 304;
          if (bodyless) res.resume();
          const body = bodyless ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
          resolve(new Response(body, { status, headers }));
        } catch (err) {
          // A status outside 200–599 or a header value Headers refuses.
          res.destroy();
          reject(err instanceof Error ? err : new Error(String(err)));
        }
      },
    );
    req.once('error', reject);
    req.end();
  });
}
