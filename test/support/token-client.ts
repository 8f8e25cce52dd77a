// The one way tests POST a form to an in-process Entrada (token, devicecode, devicelogin
// endpoints) over app.inject(), and read Entra's JSON answer.

import type { FastifyInstance } from 'fastify';
import { FORM, errorCode, form } from './wire.js';

/** Anything with an app to inject into; read at each call, so a useEntrada() handle works before it starts. */
export interface Target {
  readonly app: Pick<FastifyInstance, 'inject'>;
}

/** A body as sent (string or bytes, for malformed ones) or parameters to form-encode. */
export type FormBody = string | Buffer | Record<string, string> | Array<[string, string]>;

export interface Reply {
  status: number;
  headers: Record<string, string | string[] | number | undefined>;
  json: Record<string, unknown>;
  /** The AADSTS code, undefined for a success. */
  code: number | undefined;
  description: string;
}

/**
 * A client for `target` whose requests carry `base` headers (default MSAL's FORM) plus any given
 * per request. `send` answers the raw inject() response, `post` reads it as Entra's JSON answer.
 */
export function tokenClient(target: Target, base: Record<string, string> = FORM) {
  const send = (url: string, body: FormBody, headers: Record<string, string> = {}) =>
    target.app.inject({
      method: 'POST',
      url,
      payload: typeof body === 'string' || Buffer.isBuffer(body) ? body : form(body),
      headers: { ...base, ...headers },
    });
  return {
    send,
    async post(url: string, body: FormBody, headers: Record<string, string> = {}): Promise<Reply> {
      const res = await send(url, body, headers);
      const json = res.json() as Record<string, unknown>;
      return { status: res.statusCode, headers: res.headers, json, code: errorCode({ json }), description: String(json.error_description ?? '') };
    },
  };
}
