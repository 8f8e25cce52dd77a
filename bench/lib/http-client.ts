// What the bench sends outside the timed windows (sign-in, minting codes, the one request whose
// answer is decoded): keep-alive requests that trust the server's own CA, and a cookie jar.

import http from 'node:http';
import https from 'node:https';

export interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RequestInit {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

export const FORM_HEADERS = { 'content-type': 'application/x-www-form-urlencoded' };

export class HttpClient {
  private readonly agent: http.Agent;
  private readonly secure: boolean;

  /** `origin`: https://host:port (trusting `ca`) or http://host:port. */
  constructor(
    readonly origin: string,
    ca?: string,
  ) {
    this.secure = origin.startsWith('https:');
    this.agent = this.secure ? new https.Agent({ keepAlive: true, maxSockets: 32, ca }) : new http.Agent({ keepAlive: true, maxSockets: 32 });
  }

  request(path: string, init: RequestInit = {}): Promise<Answer> {
    const url = new URL(path, this.origin);
    const send = this.secure ? https.request : http.request;
    return new Promise((resolve, reject) => {
      const req = send(url, { method: init.method ?? 'GET', headers: init.headers, agent: this.agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.setTimeout(60_000, () => req.destroy(new Error(`${init.method ?? 'GET'} ${url} timed out`)));
      req.on('error', reject);
      req.end(init.body);
    });
  }

  post(path: string, fields: Record<string, string>, headers: Record<string, string> = {}): Promise<Answer> {
    return this.request(path, { method: 'POST', headers: { ...FORM_HEADERS, ...headers }, body: form(fields) });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** A browser's cookies for one origin: names and values, no attributes (every path is /). */
export class CookieJar {
  private readonly cookies = new Map<string, string>();

  keep(answer: Pick<Answer, 'headers'>): void {
    for (const set of answer.headers['set-cookie'] ?? []) {
      const [pair, ...attributes] = set.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      if (attributes.some((a) => a.trim().toLowerCase() === 'max-age=0')) this.cookies.delete(name);
      else this.cookies.set(name, pair.slice(eq + 1).trim());
    }
  }

  header(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  copy(): CookieJar {
    const jar = new CookieJar();
    for (const [name, value] of this.cookies) jar.cookies.set(name, value);
    return jar;
  }
}

/** application/x-www-form-urlencoded. */
export function form(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** `fn(0 … count-1)` with at most `concurrency` running at once; results in index order. */
export async function inParallel<T>(count: number, concurrency: number, fn: (index: number) => Promise<T>): Promise<T[]> {
  const results = new Array<T>(count);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      results[index] = await fn(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, lane));
  return results;
}

/** The JSON body of an answer, or an Error naming the status and the start of the body. */
export function jsonOf(answer: Answer, what: string): Record<string, unknown> {
  if (answer.status !== 200) throw new Error(`${what}: HTTP ${answer.status}: ${answer.body.slice(0, 400)}`);
  return JSON.parse(answer.body) as Record<string, unknown>;
}
