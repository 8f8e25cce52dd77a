// The signing keys of external OpenID Connect issuers (federated identity credentials,
// entra-protocol.md §4.3): `{issuer}/.well-known/openid-configuration` → `jwks_uri` → JWKS, both
// fetched over HTTPS (trusting NODE_EXTRA_CA_CERTS, as every client of this service must), with a
// timeout and a size limit, cached per issuer. Implements ExternalKeySource.
//
// The URLs come from registrations, so they may point anywhere: every host (discovery, jwks_uri,
// each redirect hop) is resolved first and refused unless all its addresses are public
// (core/policy/network-address.ts; the opt-in ENTRADA_FEDERATED_ALLOW_PRIVATE_NETWORKS widens
// that), and the connection goes to the vetted address (pinned-get.ts), so a DNS answer that
// changes between the check and the connect cannot lead it elsewhere.

import { lookup } from 'node:dns/promises';
import type { Clock, ExternalJws, ExternalKeySource, ExternalSignatureCheck } from '../core/ports.js';
import { checkAddress, classifyAddress, PUBLIC_ONLY, type AddressPolicy } from '../core/policy/network-address.js';
import { jwkFits, verifyWithJwk, type Jwk } from './jwk-verify.js';
import { pinnedGet, type ResolvedAddress } from './pinned-get.js';

interface OidcKeySourceOptions {
  /**
   * Default: an HTTPS GET connected to the vetted address (pinned-get.ts). Tests pass their own;
   * it is called with the URL after the address checks, and is not pinned.
   */
  fetch?: typeof globalThis.fetch;
  /** Host name → its addresses. Default: dns.lookup with all: true. Tests map names to addresses. */
  resolve?: (hostname: string) => Promise<ResolvedAddress[]>;
  /** Which non-public addresses may be connected to. Default: none (public addresses only). */
  addressPolicy?: AddressPolicy;
  clock?: Clock;
  /** How long an issuer's keys are used without asking again. [I] 10 minutes. */
  ttlMs?: number;
  /**
   * A token naming a key the cached JWKS lacks makes one new fetch (the issuer may have rotated),
   * but not twice within this time, so tokens with made-up key ids cannot make us hammer an issuer. [I] 10 s.
   */
  refetchAfterMs?: number;
  /** Per document (resolution, redirects and body included). [I] 5 s. */
  timeoutMs?: number;
  /** Per document. [I] 256 KiB (real JWKS are a few KiB). */
  maxBytes?: number;
  /** Issuers kept in the cache; the oldest goes first. */
  maxIssuers?: number;
}

/** The opt-in named in refusals, so an operator with a local test issuer knows what to set. */
const PRIVATE_NETWORKS_OPT_IN = 'ENTRADA_FEDERATED_ALLOW_PRIVATE_NETWORKS';

interface Entry {
  keys: Jwk[];
  fetchedAt: number;
}

class FetchFailure extends Error {}

const WELL_KNOWN = '/.well-known/openid-configuration';

export class OidcKeySource implements ExternalKeySource {
  private readonly fetch: (url: URL, addresses: ResolvedAddress[], signal: AbortSignal) => Promise<Response>;
  private readonly resolve: (hostname: string) => Promise<ResolvedAddress[]>;
  private readonly addressPolicy: AddressPolicy;
  private readonly clock: Clock;
  private readonly ttlMs: number;
  private readonly refetchAfterMs: number;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private readonly maxIssuers: number;
  private readonly cache = new Map<string, Entry>();
  /** One fetch per issuer at a time; concurrent requests share it. */
  private readonly inFlight = new Map<string, Promise<Entry>>();
  /** Recent failures per issuer: a dead or hanging issuer is asked again only after refetchAfterMs. */
  private readonly failures = new Map<string, { at: number; error: Error }>();

  constructor(options: OidcKeySourceOptions = {}) {
    const custom = options.fetch;
    this.fetch = custom
      ? (url, _addresses, signal) => custom(url.href, { headers: { accept: 'application/json' }, redirect: 'manual', signal })
      : (url, addresses, signal) => pinnedGet(url, addresses, { signal, headers: { accept: 'application/json' } });
    this.resolve = options.resolve ?? ((hostname) => lookup(hostname, { all: true, verbatim: true }));
    this.addressPolicy = options.addressPolicy ?? PUBLIC_ONLY;
    this.clock = options.clock ?? { now: () => new Date() };
    this.ttlMs = options.ttlMs ?? 10 * 60_000;
    this.refetchAfterMs = options.refetchAfterMs ?? 10_000;
    this.timeoutMs = options.timeoutMs ?? 5_000;
    this.maxBytes = options.maxBytes ?? 256 * 1024;
    this.maxIssuers = options.maxIssuers ?? 1000;
  }

  async verify(issuer: string, jws: ExternalJws): Promise<ExternalSignatureCheck> {
    let entry: Entry;
    try {
      entry = await this.keysOf(issuer, false);
      if (candidates(entry.keys, jws).length === 0 && (jws.kid !== undefined || jws.x5t !== undefined)) {
        // An unknown kid: the issuer may have rotated since we fetched.
        if (this.clock.now().getTime() - entry.fetchedAt >= this.refetchAfterMs) entry = await this.keysOf(issuer, true);
      }
    } catch (err) {
      return { ok: false, failure: 'unreachable', detail: err instanceof Error ? err.message : String(err) };
    }
    const fitting = candidates(entry.keys, jws);
    if (fitting.length === 0) {
      const published = entry.keys.map((k) => (typeof k['kid'] === 'string' ? k['kid'] : '(no kid)'));
      return {
        ok: false,
        failure: 'no-key',
        detail:
          `The issuer's JWKS has no ${jws.alg} key` +
          (jws.kid !== undefined ? ` with kid '${jws.kid}'` : jws.x5t !== undefined ? ` with x5t '${jws.x5t}'` : '') +
          ` (published kids: ${published.length ? published.join(', ') : 'none'}).`,
      };
    }
    for (const jwk of fitting) {
      if (verifyWithJwk(jws.alg, jwk, jws.signingInput, jws.signature)) {
        return { ok: true, kid: typeof jwk['kid'] === 'string' ? jwk['kid'] : undefined };
      }
    }
    return {
      ok: false,
      failure: 'bad-signature',
      detail: `The ${jws.alg} signature does not verify with the issuer's key${fitting.length > 1 ? 's' : ''} ${fitting
        .map((k) => `'${String(k['kid'] ?? '(no kid)')}'`)
        .join(', ')}.`,
    };
  }

  /** Cached keys while fresh (unless `force`), else one shared fetch. */
  private async keysOf(issuer: string, force: boolean): Promise<Entry> {
    const cached = this.cache.get(issuer);
    if (!force && cached && this.clock.now().getTime() - cached.fetchedAt < this.ttlMs) return cached;
    const failed = this.failures.get(issuer);
    if (failed && this.clock.now().getTime() - failed.at < this.refetchAfterMs) throw failed.error;
    let pending = this.inFlight.get(issuer);
    if (!pending) {
      pending = this.load(issuer)
        .catch((err: unknown) => {
          const error = err instanceof Error ? err : new Error(String(err));
          if (this.failures.size >= this.maxIssuers) this.failures.clear();
          this.failures.set(issuer, { at: this.clock.now().getTime(), error });
          throw error;
        })
        .finally(() => this.inFlight.delete(issuer));
      this.inFlight.set(issuer, pending);
    }
    const entry = await pending;
    this.failures.delete(issuer);
    this.cache.delete(issuer);
    if (this.cache.size >= this.maxIssuers) this.cache.delete(this.cache.keys().next().value as string);
    this.cache.set(issuer, entry);
    return entry;
  }

  private async load(issuer: string): Promise<Entry> {
    // OpenID Connect Discovery §4: the issuer without its trailing slash, then /.well-known/… .
    const discoveryUrl = `${issuer.replace(/\/+$/, '')}${WELL_KNOWN}`;
    const discovery = await this.getJson(discoveryUrl, 'discovery document');
    const jwksUri = discovery['jwks_uri'];
    if (typeof jwksUri !== 'string') throw new FetchFailure(`The discovery document ${discoveryUrl} has no jwks_uri.`);
    const jwks = await this.getJson(jwksUri, 'JWKS');
    const keys = jwks['keys'];
    if (!Array.isArray(keys)) throw new FetchFailure(`The JWKS at ${jwksUri} has no keys array.`);
    return {
      keys: keys.filter((k): k is Jwk => k !== null && typeof k === 'object' && !Array.isArray(k)),
      fetchedAt: this.clock.now().getTime(),
    };
  }

  private async getJson(url: string, what: string): Promise<Record<string, unknown>> {
    if (!URL.canParse(url) || new URL(url).protocol !== 'https:') throw new FetchFailure(`The ${what} URL '${url}' is not an https:// URL.`);
    // Redirects are followed by hand, at most 3, each to https only: a redirect to http (say an
    // internal address) is refused before it is requested.
    let res: Response | undefined;
    let current = url;
    const signal = AbortSignal.timeout(this.timeoutMs);
    for (let hop = 0; ; hop++) {
      const target = new URL(current);
      const addresses = await this.vetted(target, url, what, signal);
      try {
        res = await this.fetch(target, addresses, signal);
      } catch (err) {
        const cause = err instanceof Error ? (err.cause instanceof Error ? `${err.message}: ${err.cause.message}` : err.message) : String(err);
        throw new FetchFailure(`GET ${current} (${what}) failed: ${cause}`);
      }
      const location = res.status >= 300 && res.status < 400 ? res.headers.get('location') : null;
      if (location === null) break;
      await res.body?.cancel().catch(() => undefined);
      const next = URL.canParse(location, current) ? new URL(location, current) : undefined;
      if (next?.protocol !== 'https:') throw new FetchFailure(`GET ${url} (${what}) was redirected to a non-https URL.`);
      if (hop >= 2) throw new FetchFailure(`GET ${url} (${what}) was redirected more than 3 times.`);
      current = next.href;
    }
    if (!res.ok) {
      await res.body?.cancel().catch(() => undefined);
      throw new FetchFailure(`GET ${url} (${what}) answered HTTP ${res.status}.`);
    }
    const text = await this.readLimited(res, url, what);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new FetchFailure(`GET ${url} (${what}) did not return JSON.`);
    }
    if (json === null || typeof json !== 'object' || Array.isArray(json)) throw new FetchFailure(`GET ${url} (${what}) did not return a JSON object.`);
    return json as Record<string, unknown>;
  }

  /**
   * The addresses to connect to for `target`: its own when it is an IP literal, else what the name
   * resolves to. Refused when any of them is not allowed (a name that also points inside is not
   * trusted, rather than connecting to its public addresses only), or when it does not resolve.
   */
  private async vetted(target: URL, url: string, what: string, signal: AbortSignal): Promise<ResolvedAddress[]> {
    const host = target.hostname.startsWith('[') ? target.hostname.slice(1, -1) : target.hostname;
    let addresses: ResolvedAddress[];
    if (classifyAddress(host) !== 'invalid') addresses = [{ address: host, family: host.includes(':') ? 6 : 4 }];
    else {
      try {
        addresses = await abortable(this.resolve(host), signal);
      } catch (err) {
        throw new FetchFailure(`GET ${url} (${what}) failed: ${target.hostname} could not be resolved: ${err instanceof Error ? err.message : String(err)}`);
      }
      if (addresses.length === 0) throw new FetchFailure(`GET ${url} (${what}) failed: ${target.hostname} has no address.`);
    }
    for (const { address } of addresses) {
      const check = checkAddress(address, this.addressPolicy);
      if (!check.ok) {
        const literal = target.hostname === address || target.hostname === `[${address}]`;
        const kind = `${/^[aeiu]/.test(check.class) ? 'an' : 'a'} ${check.class} address`;
        const which = literal ? `${address} is ${kind}` : `${target.hostname} resolves to ${address}, ${kind}`;
        throw new FetchFailure(
          `GET ${url} (${what}) refused: ${which}, which Entrada does not connect to ` +
            `(set ${PRIVATE_NETWORKS_OPT_IN} to allow private networks, e.g. for a local test issuer).`,
        );
      }
    }
    return addresses;
  }

  private async readLimited(res: Response, url: string, what: string): Promise<string> {
    const tooBig = () => new FetchFailure(`GET ${url} (${what}) is larger than ${this.maxBytes} bytes.`);
    const declared = Number(res.headers.get('content-length'));
    if (Number.isFinite(declared) && declared > this.maxBytes) {
      await res.body?.cancel().catch(() => undefined);
      throw tooBig();
    }
    if (!res.body) return '';
    const reader = res.body.getReader();
    const chunks: Uint8Array[] = [];
    let total = 0;
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        total += value.byteLength;
        if (total > this.maxBytes) {
          await reader.cancel().catch(() => undefined);
          throw tooBig();
        }
        chunks.push(value);
      }
    } catch (err) {
      if (err instanceof FetchFailure) throw err;
      throw new FetchFailure(`GET ${url} (${what}) failed while reading: ${err instanceof Error ? err.message : String(err)}`);
    }
    return Buffer.concat(chunks).toString('utf8');
  }
}

/** The published keys that may have signed `jws`: by kid (or x5t) when the header names one, else every key fitting the alg. */
function candidates(keys: readonly Jwk[], jws: ExternalJws): Jwk[] {
  const fitting = keys.filter((k) => jwkFits(k, jws.alg));
  if (jws.kid !== undefined) return fitting.filter((k) => k['kid'] === jws.kid);
  if (jws.x5t !== undefined) return fitting.filter((k) => k['x5t'] === jws.x5t);
  return fitting;
}

/** `promise`, or the signal's reason once it aborts (dns.lookup itself cannot be cancelled). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}
