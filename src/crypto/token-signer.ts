// Signs tokens with the newest active signing key and publishes every key as a JWKS.
//
// Key material is parsed once in create(); sign() does only JSON, base64url and one RSA operation
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

export class TokenSigner {
  private constructor(
    private readonly signingKid: string,
    private readonly privateKey: KeyObject,
    /** Pre-encoded protected headers (RFC 7515 §7.1: BASE64URL(UTF8(header)) + '.'). */
    private readonly headerV1: string,
    private readonly headerV2: string,
    private readonly published: readonly RsaJwk[],
  ) {}

  /** `keys` is every published key; signing uses the newest active one (by createdAt). */
  static async create(keys: SigningKey[]): Promise<TokenSigner> {
    const active = keys.filter((k) => k.active);
    if (active.length === 0) throw new Error('TokenSigner: no active signing key');
    const newest = active.reduce((a, b) => (Date.parse(b.createdAt) > Date.parse(a.createdAt) ? b : a));

    const privateKey = importRs256Key(newest.privateKeyPem);
    const certificate = new X509Certificate(Buffer.from(newest.certificate, 'base64'));
    if (!certificate.checkPrivateKey(privateKey)) {
      throw new Error(`TokenSigner: private key of ${newest.kid} does not match its certificate`);
    }
    const newestFirst = [...keys].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt));
    const kid = newest.kid;
    // RFC 7515 §4.1.7: x5t is the certificate's thumbprint; for our keys it equals kid, as in Entra.
    const x5t = certificateThumbprint(certificate.raw);
    // Entra's header member order: typ, alg, then x5t (v1 only) and kid (entra-protocol.md §7.2).
    return new TokenSigner(
      kid,
      privateKey,
      encodeHeader({ typ: 'JWT', alg: 'RS256', x5t, kid }),
      encodeHeader({ typ: 'JWT', alg: 'RS256', kid }),
      newestFirst.map(toJwk),
    );
  }

  /** The `kid` of the key tokens are signed with. */
  get kid(): string {
    return this.signingKid;
  }

  /**
   * A compact JWS (RFC 7515 §7.1) over the JSON of `payload`. `x5t: true` for v1 tokens, whose
   * header carries `x5t` as well as `kid`; v2 headers carry only `kid`.
   */
  async sign(payload: Record<string, unknown>, options: { x5t?: boolean } = {}): Promise<string> {
    const header = options.x5t ? this.headerV1 : this.headerV2;
    const signingInput = header + Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    // The signing input is pure ASCII, so latin1 is a lossless and the cheapest encoding.
    const signature = await signRs256(this.privateKey, Buffer.from(signingInput, 'latin1'));
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
      keys: this.published.map((jwk) =>
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

function toJwk(key: SigningKey): RsaJwk {
  const der = Buffer.from(key.certificate, 'base64');
  const publicJwk = new X509Certificate(der).publicKey.export({ format: 'jwk' });
  if (publicJwk.kty !== 'RSA' || !publicJwk.n || !publicJwk.e) {
    throw new Error(`TokenSigner: certificate of ${key.kid} does not hold an RSA key`);
  }
  return {
    kty: 'RSA',
    use: 'sig',
    kid: key.kid,
    // RFC 7517 §4.8: x5t is the thumbprint of x5c[0], so derive it rather than trust a stored copy.
    x5t: certificateThumbprint(der),
    n: publicJwk.n,
    e: publicJwk.e,
    // RFC 7517 §4.7: x5c holds standard base64 (not base64url) DER.
    x5c: [der.toString('base64')],
  };
}
