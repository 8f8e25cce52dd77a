// Calling Entrada's Microsoft Graph (/v1.0) over app.inject(): tokens from the token endpoint
// itself, JSON in and out.

import { TENANT } from './demo-seed.js';
import type { Target } from './token-client.js';
import { tokenClient } from './token-client.js';

export interface GraphReply {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  body: string;
  json: Record<string, unknown>;
}

/** An app-only Graph token (client credentials, scope https://graph.microsoft.com/.default). */
export async function appGraphToken(target: Target, client: { id: string; secret: string }, tenant = TENANT): Promise<string> {
  const r = await tokenClient(target).post(`/${tenant}/oauth2/v2.0/token`, {
    grant_type: 'client_credentials',
    client_id: client.id,
    client_secret: client.secret,
    scope: 'https://graph.microsoft.com/.default',
  });
  if (r.status !== 200) throw new Error(`no Graph token: ${r.description}`);
  return String(r.json.access_token);
}

/** A Graph caller with `token` (undefined: no Authorization header). */
export function graphCaller(target: Target, token: string | undefined) {
  const call = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, body?: unknown, headers: Record<string, string> = {}): Promise<GraphReply> => {
    const res = await target.app.inject({
      method,
      url,
      headers: {
        host: 'localhost:8443',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...headers,
      },
      payload: body === undefined ? undefined : typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
    });
    let json: Record<string, unknown> = {};
    try {
      json = res.body ? (JSON.parse(res.body) as Record<string, unknown>) : {};
    } catch {
      // Not JSON ($count answers text).
    }
    return { status: res.statusCode, headers: res.headers, body: res.body, json };
  };
  return {
    call,
    get: (url: string, headers?: Record<string, string>) => call('GET', url, undefined, headers),
    post: (url: string, body?: unknown, headers?: Record<string, string>) => call('POST', url, body ?? {}, headers),
    patch: (url: string, body: unknown, headers?: Record<string, string>) => call('PATCH', url, body, headers),
    delete: (url: string) => call('DELETE', url),
  };
}

/** Graph's error code and message of a reply. */
export function graphError(r: GraphReply): { code: string; message: string } {
  const error = (r.json.error ?? {}) as { code?: string; message?: string };
  return { code: String(error.code), message: String(error.message) };
}
