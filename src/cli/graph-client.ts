// A small HTTPS JSON client for the `entrada app|sp|user|group|grant …` commands: calls the
// running server's Microsoft Graph (/v1.0) with the command line's token, trusting the
// installation's CA (`${home}/tls/ca.pem`) itself, so no NODE_EXTRA_CA_CERTS is needed. Graph's
// error envelope becomes a GraphCallError carrying `error.message`, the one line az prints
// (graph-and-clients.md §A.7); a server that does not answer, or answers with another CA or another
// database's key, becomes a ServerProblem saying what to do.

import { request } from 'node:https';

/** Graph answered with an error (status ≥ 400): its envelope's code and message. */
export class GraphCallError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** The server could not be reached, or is not the one this command line's database belongs to. */
export class ServerProblem extends Error {}

export interface GraphClientOptions {
  /** The server's origin, e.g. `https://localhost:8443`. */
  url: string;
  /** PEM of the CA to trust (the installation's); undefined: Node's default trust store. */
  ca: string | undefined;
  /** The bearer token. */
  token: string;
  /** Per request; default 30 s. */
  timeoutMs?: number;
}

type Json = Record<string, unknown>;

const USER_AGENT = 'entrada-cli';

export class GraphClient {
  private readonly origin: string;

  constructor(private readonly options: GraphClientOptions) {
    this.origin = options.url.replace(/\/+$/, '');
  }

  get(path: string): Promise<Json> {
    return this.call('GET', path) as Promise<Json>;
  }
  post(path: string, body: unknown): Promise<Json | undefined> {
    return this.call('POST', path, body);
  }
  patch(path: string, body: unknown): Promise<void> {
    return this.call('PATCH', path, body).then(() => undefined);
  }
  delete(path: string): Promise<void> {
    return this.call('DELETE', path).then(() => undefined);
  }

  /** Every item of a collection, following @odata.nextLink. */
  async list(path: string): Promise<Json[]> {
    const items: Json[] = [];
    let next: string | undefined = path;
    for (let pages = 0; next !== undefined && pages < 1000; pages++) {
      const page = await this.get(next);
      if (Array.isArray(page.value)) items.push(...(page.value as Json[]));
      const link = page['@odata.nextLink'];
      // The link is absolute on the server's public origin; follow its path on the URL we talk to.
      next = typeof link === 'string' ? pathOf(link) : undefined;
    }
    return items;
  }

  private call(method: string, path: string, body?: unknown): Promise<Json | undefined> {
    const url = new URL(`${this.origin}${path}`);
    const payload = body === undefined ? undefined : Buffer.from(JSON.stringify(body), 'utf8');
    return new Promise((resolve, reject) => {
      const req = request(
        url,
        {
          method,
          ca: this.options.ca,
          headers: {
            authorization: `Bearer ${this.options.token}`,
            accept: 'application/json',
            'user-agent': USER_AGENT,
            ...(payload ? { 'content-type': 'application/json', 'content-length': String(payload.length) } : {}),
          },
          timeout: this.options.timeoutMs ?? 30_000,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('error', reject);
          res.on('end', () => {
            const status = res.statusCode ?? 0;
            const text = Buffer.concat(chunks).toString('utf8');
            let json: unknown;
            try {
              json = text ? JSON.parse(text) : undefined;
            } catch {
              json = undefined;
            }
            if (status >= 400) {
              reject(this.failure(status, json, text));
              return;
            }
            if (text && (json === undefined || typeof json !== 'object' || json === null)) {
              reject(new ServerProblem(`The server at ${this.origin} answered ${method} ${url.pathname} with something that is not Graph's JSON (HTTP ${status}). Is it Entrada?`));
              return;
            }
            resolve(json as Json | undefined);
          });
        },
      );
      req.on('timeout', () => req.destroy(new ServerProblem(`The server at ${this.origin} did not answer ${method} ${url.pathname} within ${Math.round((this.options.timeoutMs ?? 30_000) / 1000)} s.`)));
      req.on('error', (err) => reject(this.connectionProblem(err)));
      req.end(payload);
    });
  }

  private failure(status: number, json: unknown, text: string): Error {
    const error = json && typeof json === 'object' ? (json as { error?: { code?: unknown; message?: unknown } }).error : undefined;
    const code = typeof error?.code === 'string' ? error.code : `HTTP ${status}`;
    const message = typeof error?.message === 'string' ? error.message : undefined;
    if (message === undefined) {
      if (status === 404) {
        return new ServerProblem(`The server at ${this.origin} has no Microsoft Graph API (HTTP 404 for a /v1.0 path, no Graph error). Is it an Entrada of this version?`);
      }
      return new ServerProblem(`The server at ${this.origin} answered HTTP ${status} without Graph's error envelope: ${text.slice(0, 200)}`);
    }
    if (status === 401 && message === 'Signing key is invalid.') {
      return new ServerProblem(
        `The server at ${this.origin} does not accept this command line's token: it uses another database than this CLI ` +
          '(pass the --home / --database it was started with, or --url of the server that uses this one).',
      );
    }
    return new GraphCallError(status, code, message);
  }

  private connectionProblem(err: Error & { code?: string }): Error {
    if (err instanceof ServerProblem) return err;
    const code = err.code ?? '';
    if (['ECONNREFUSED', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL', 'EAI_AGAIN'].includes(code)) {
      return new ServerProblem(`No Entrada server answers at ${this.origin}. Start it with \`entrada start\` (same --home/--database), or pass --url.`);
    }
    if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|ERR_TLS/.test(code)) {
      return new ServerProblem(
        `The server at ${this.origin} presents a certificate this command line does not trust (${code}): it was not issued by ` +
          "this installation's CA. It probably runs with another --home; pass that one (or --url of the server of this home).",
      );
    }
    if (code === 'EPROTO' || /wrong version number/i.test(err.message)) {
      return new ServerProblem(`The server at ${this.origin} does not speak HTTPS (${err.message}). Entrada listens on https://; check --url.`);
    }
    return new ServerProblem(`Cannot reach the server at ${this.origin}: ${err.message}`);
  }
}

function pathOf(link: string): string {
  try {
    const u = new URL(link);
    return `${u.pathname}${u.search}`;
  } catch {
    return link;
  }
}
