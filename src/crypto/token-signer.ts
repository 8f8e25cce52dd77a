// Signs tokens with one key and publishes a set of keys as a JWKS: the key ring's view of one
// stretch of time (crypto/key-ring.ts picks the key and the set from the schedule).
//
// Key material is parsed once (prepareKey); sign() does only JSON, base64url and one RSA operation
// on the libuv threadpool (why that form: see rs256.ts).

import { X509Certificate, type KeyObject } from 'node:crypto';
import type { SigningKey } from '../core/model.js';
import { importRs256Key, signRs256 } from './rs256.js';
import { certificateThumbprint } from './x509-util.js';

/** One key of a JWK Set (RFC 7517 §4, §5), in the member order Entra's keys documents use. */
interface RsaJwk {
  kty: 'RSA';
  use: 'sig';
  kid: string;
  x5t: string;
  n: string;
  e: string;
  x5c: string[];
}

/** A signing key parsed once: private key, pre-encoded protected headers and its JWK. */
export interface PreparedKey {
  readonly kid: string;
  readonly privateKey: KeyObject;
  /** Pre-encoded protected headers (RFC 7515 §7.1: BASE64URL(UTF8(header)) + '.'). */
  readonly headerV1: string;
  readonly headerV2: string;
  readonly jwk: Readonly<RsaJwk>;
}

/** Parses a stored key; throws when its private key does not match its certificate. */
export function prepareKey(key: Pick<SigningKey, 'kid' | 'privateKeyPem' | 'certificate'>): PreparedKey {
  const privateKey = importRs256Key(key.privateKeyPem);
  const certificate = new X509Certificate(Buffer.from(key.certificate, 'base64'));
  if (!certificate.checkPrivateKey(privateKey)) {
    throw new Error(`TokenSigner: private key of ${key.kid} does not match its certificate`);
  }
  // RFC 7515 §4.1.7: x5t is the certificate's thumbprint; for our keys it equals kid, as in Entra.
  const x5t = certificateThumbprint(certificate.raw);
  const { kid } = key;
  // Entra's header member order: typ, alg, then x5t (v1 only) and kid (entra-protocol.md §7.2).
  return {
    kid,
    privateKey,
    headerV1: encodeHeader({ typ: 'JWT', alg: 'RS256', x5t, kid }),
    headerV2: encodeHeader({ typ: 'JWT', alg: 'RS256', kid }),
    jwk: toJwk(key.kid, certificate),
  };
}

export class TokenSigner {
  /** kid → base64 DER certificate of every published key (Entrada's own verifiers read it). */
  readonly certificates: ReadonlyMap<string, string>;

  /**
   * `signing` signs (undefined: nothing can sign, and sign() rejects); `published` is the JWKS, in
   * order. Cheap: the keys are already parsed.
   */
  constructor(
    private readonly signing: PreparedKey | undefined,
    private readonly published: readonly PreparedKey[],
  ) {
    this.certificates = new Map(published.map((k) => [k.kid, k.jwk.x5c[0]]));
  }

  /** One key that signs and is the only one published (tests, tools). */
  static of(key: SigningKey, published: readonly SigningKey[] = [key]): TokenSigner {
    const prepared = prepareKey(key);
    return new TokenSigner(prepared, published.map((k) => (k.kid === key.kid ? prepared : prepareKey(k))));
  }

  /** The `kid` of the key tokens are signed with; '' when none can sign. */
  get kid(): string {
    return this.signing?.kid ?? '';
  }

  /**
   * A compact JWS (RFC 7515 §7.1) over the JSON of `payload`. `x5t: true` for v1 tokens, whose
   * header carries `x5t` as well as `kid`; v2 headers carry only `kid`.
   */
  async sign(payload: Record<string, unknown>, options: { x5t?: boolean } = {}): Promise<string> {
    const key = this.signing;
    if (!key) throw new Error('No signing key can sign now: every key is retired or superseded (`entrada keys list`; `entrada keys rotate --now` makes one).');
    const header = options.x5t ? key.headerV1 : key.headerV2;
    const signingInput = header + Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    // The signing input is pure ASCII, so latin1 is a lossless and the cheapest encoding.
    const signature = await signRs256(key.privateKey, Buffer.from(signingInput, 'latin1'));
    return signingInput + '.' + signature.toString('base64url');
  }

  /**
   * The JWK Set (RFC 7517 §5) for the keys endpoint. The v2 document (`/discovery/v2.0/keys`) adds
   * `issuer` and `cloud_instance_name` to every key; the v1 document has neither
   * (entra-protocol.md §1.4).
   */
  jwks(options: { issuer?: string } = {}): { keys: object[] } {
    const { issuer } = options;
    return {
      keys: this.published.map(({ jwk }) =>
        issuer === undefined
          ? { ...jwk, x5c: [...jwk.x5c] }
          : { ...jwk, x5c: [...jwk.x5c], issuer, cloud_instance_name: 'microsoftonline.com' },
      ),
    };
  }
}

function encodeHeader(header: Record<string, string>): string {
  return Buffer.from(JSON.stringify(header), 'utf8').toString('base64url') + '.';
}

function toJwk(kid: string, certificate: X509Certificate): RsaJwk {
  const publicJwk = certificate.publicKey.export({ format: 'jwk' });
  if (publicJwk.kty !== 'RSA' || !publicJwk.n || !publicJwk.e) {
    throw new Error(`TokenSigner: certificate of ${kid} does not hold an RSA key`);
  }
  return {
    kty: 'RSA',
    use: 'sig',
    kid,
    // RFC 7517 §4.8: x5t is the thumbprint of x5c[0], so derive it rather than trust a stored copy.
    x5t: certificateThumbprint(certificate.raw),
    n: publicJwk.n,
    e: publicJwk.e,
    // RFC 7517 §4.7: x5c holds standard base64 (not base64url) DER.
    x5c: [certificate.raw.toString('base64')],
  };
}
