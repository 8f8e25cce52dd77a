// Reaching Entrada from inside the test process, which cannot trust its CA the usual way: Node
// reads NODE_EXTRA_CA_CERTS only when a process starts, before startEntrada() has made the CA,
// and Node 20's built-in fetch takes no per-request CA. So a `fetch` that trusts the CA (over
// node:https with `ca`), for jose's and openid-client's `customFetch`, and MSAL Node's
// `system.networkClient` on top of it (MSAL Node 7 sends through the global fetch; it has no
// `customAgentOptions` to give an https.Agent a CA).

import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** The part of fetch's signature clients pass to a custom fetch. */
export type TrustingFetch = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/** MSAL's INetworkModule (system.networkClient), structurally: no dependency on @azure/msal-node. */
export interface MsalNetworkClient {
  sendGetRequestAsync<T>(url: string, options?: { headers?: Record<string, string> }, timeout?: number): Promise<{ headers: Record<string, string>; body: T; status: number }>;
  sendPostRequestAsync<T>(url: string, options?: { headers?: Record<string, string>; body?: string }): Promise<{ headers: Record<string, string>; body: T; status: number }>;
}

/**
 * A fetch that trusts `caPem` (and only it) for https URLs. Redirects are returned, not followed
 * (what token, discovery and key requests want); bodies may be strings, URLSearchParams or bytes.
 */
export function trustingFetch(caPem: string): TrustingFetch {
  return async (input, init = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const headers = new Headers(input instanceof Request ? input.headers : undefined);
    for (const [key, value] of new Headers(init.headers)) headers.set(key, value);
    const method = (init.method ?? (input instanceof Request ? input.method : 'GET')).toUpperCase();
    const body = await bodyBytes(init.body ?? (input instanceof Request && method !== 'GET' && method !== 'HEAD' ? await input.arrayBuffer() : undefined), headers);
    const send = url.protocol === 'https:' ? httpsRequest : url.protocol === 'http:' ? httpRequest : undefined;
    if (!send) throw new TypeError(`fetch: unsupported protocol ${url.protocol}`);
    return new Promise<Response>((resolve, reject) => {
      const req = send(url, { method, headers: Object.fromEntries(headers), ca: caPem, signal: init.signal ?? undefined }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const status = res.statusCode ?? 0;
          const responseHeaders = new Headers();
          for (const [key, value] of Object.entries(res.headers)) {
            for (const v of Array.isArray(value) ? value : value === undefined ? [] : [value]) responseHeaders.append(key, v);
          }
          const noBody = status === 204 || status === 304 || method === 'HEAD';
          resolve(new Response(noBody ? null : Buffer.concat(chunks), { status, statusText: res.statusMessage, headers: responseHeaders }));
        });
      });
      req.on('error', reject);
      req.end(body);
    });
  };
}

async function bodyBytes(body: BodyInit | ArrayBuffer | null | undefined, headers: Headers): Promise<Buffer | undefined> {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof URLSearchParams) {
    if (!headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
    return Buffer.from(body.toString());
  }
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  // Blob, FormData, streams: through Response, which knows them all.
  const response = new Response(body);
  const type = response.headers.get('content-type');
  if (type && !headers.has('content-type')) headers.set('content-type', type);
  return Buffer.from(await response.arrayBuffer());
}

/** MSAL Node's `system.networkClient` over `fetch`: JSON bodies, lower-case header names, as MSAL's own client answers. */
export function msalNetworkClient(fetch: TrustingFetch): MsalNetworkClient {
  const send = async <T>(url: string, method: 'GET' | 'POST', options: { headers?: Record<string, string>; body?: string } = {}, timeout?: number) => {
    const response = await fetch(url, {
      method,
      headers: options.headers,
      body: method === 'POST' ? (options.body ?? '') : undefined,
      signal: timeout ? AbortSignal.timeout(timeout) : undefined,
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, key) => {
      headers[key] = value;
    });
    return { headers, body: (await response.json()) as T, status: response.status };
  };
  return {
    sendGetRequestAsync: (url, options, timeout) => send(url, 'GET', options, timeout),
    sendPostRequestAsync: (url, options) => send(url, 'POST', options),
  };
}
